#include "app/cli/tokenize_command.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include "app/cli/cli.h"
#include "app/cli/command_line.h"
#include "app/cli/model_errors.h"
#include "engine/gguf/gguf_file.h"
#include "engine/text/tokenizer.h"
#include "engine/text/utf8.h"

namespace hearth::app {

int TokenizeCommand::run(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Shows the token ids and pieces a model's tokenizer makes of a text."));
    parser.addPositionalArgument(QStringLiteral("model"), tr("A GGUF model file."));
    parser.addPositionalArgument(QStringLiteral("text"), tr("The text to tokenize; \"-\" reads standard input."));
    parser.addOptions({
        { QStringLiteral("parse-special"),
            tr("Read special tokens written in the text (such as <|im_start|>) as those tokens.") },
        { QStringLiteral("no-bos"), tr("Do not add the BOS/EOS tokens the model asks for.") },
        { QStringLiteral("json"), tr("Print one JSON object.") },
    });
    if (const auto exitCode = CommandLine::parse(parser, QStringLiteral("tokenize"), args, out, err))
        return *exitCode;
    const auto positional = parser.positionalArguments();
    if (positional.size() != 2) {
        err << tr("hearth tokenize: expected MODEL.gguf and TEXT\n");
        return ExitUsage;
    }

    QByteArray text;
    if (positional[1] == QLatin1String("-")) {
        QFile input;
        if (!input.open(stdin, QIODevice::ReadOnly)) {
            err << tr("hearth tokenize: cannot read standard input\n");
            return ExitFailure;
        }
        text = input.readAll();
    } else {
        text = positional[1].toUtf8();
    }

    return runOnModelFile(QStringLiteral("tokenize"), positional[0], err, [&] {
        const auto file = GgufFile::open(positional[0].toStdString());
        const Tokenizer tokenizer(vocabulary_from_gguf(file));
        const auto ids = tokenizer.encode(std::string_view(text.constData(), static_cast<std::size_t>(text.size())),
            { .add_special = !parser.isSet(QStringLiteral("no-bos")),
                .parse_special = parser.isSet(QStringLiteral("parse-special")) });
        QJsonArray idArray, pieceArray;
        for (const auto id : ids) {
            // A piece can be part of a UTF-8 character; shown with U+FFFD then.
            const auto piece = sanitize_utf8(tokenizer.piece(id, true));
            idArray.append(id);
            pieceArray.append(QString::fromUtf8(piece.data(), static_cast<qsizetype>(piece.size())));
        }
        if (parser.isSet(QStringLiteral("json"))) {
            out << QJsonDocument(
                QJsonObject { { QStringLiteral("ids"), idArray }, { QStringLiteral("pieces"), pieceArray } })
                       .toJson(QJsonDocument::Compact)
                << QLatin1Char('\n');
        } else {
            for (qsizetype i = 0; i < idArray.size(); ++i) {
                auto piece = pieceArray[i].toString();
                piece.replace(QLatin1Char('\n'), QStringLiteral("\\n"))
                    .replace(QLatin1Char('\t'), QStringLiteral("\\t"));
                out << QStringLiteral("%1 '%2'\n").arg(idArray[i].toInt(), 7).arg(piece);
            }
            out << tr("%n token(s)", nullptr, static_cast<int>(ids.size())) << QLatin1Char('\n');
        }
    });
}

} // namespace hearth::app
