#include "app/cli/template_command.h"

#include <QCommandLineParser>
#include <QFile>
#include <QTextStream>

#include <cstdio>

#include "app/cli/cli.h"
#include "app/cli/command_line.h"
#include "app/cli/model_errors.h"
#include "engine/gguf/gguf_file.h"
#include "engine/text/chat_prompt.h"

namespace hearth::app {

int TemplateCommand::run(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Prints the prompt a model's chat template makes of a conversation, byte for byte."));
    parser.addPositionalArgument(QStringLiteral("model"), tr("A GGUF model file."));
    parser.addPositionalArgument(QStringLiteral("conversation"),
        tr("A JSON file: a list of messages, or an object with \"messages\", \"tools\" and other variables; \"-\" "
           "reads standard input."));
    parser.addOptions({
        { QStringLiteral("no-generation-prompt"), tr("Do not end with the assistant's turn header.") },
    });
    if (const auto exitCode = CommandLine::parse(parser, QStringLiteral("template"), args, out, err))
        return *exitCode;
    const auto positional = parser.positionalArguments();
    if (positional.size() != 2) {
        err << tr("hearth template: expected MODEL.gguf and CONVERSATION.json\n");
        return ExitUsage;
    }
    QFile conversationFile(positional[1]);
    const bool opened = positional[1] == QLatin1String("-") ? conversationFile.open(stdin, QIODevice::ReadOnly)
                                                            : conversationFile.open(QIODevice::ReadOnly);
    if (!opened) {
        err << tr("hearth template: cannot read %1: %2\n").arg(positional[1], conversationFile.errorString());
        return ExitFailure;
    }
    const auto json = conversationFile.readAll();
    const auto conversation
        = nlohmann::ordered_json::parse(json.constData(), json.constData() + json.size(), nullptr, false);
    if (conversation.is_discarded()) {
        err << tr("hearth template: %1 is not valid JSON\n").arg(positional[1]);
        return ExitFailure;
    }

    return runOnModelFile(QStringLiteral("template"), positional[0], err, [&] {
        const auto file = GgufFile::open(positional[0].toStdString());
        const auto prompt = render_chat_prompt(
            vocabulary_from_gguf(file), conversation, !parser.isSet(QStringLiteral("no-generation-prompt")));
        if (prompt.default_template)
            err << tr("%1 has no chat template: using the default (ChatML).\n").arg(positional[0]);
        err.flush();
        // Byte for byte: no conversion through QString, no added newline.
        out.flush();
        std::fwrite(prompt.text.data(), 1, prompt.text.size(), stdout);
        std::fflush(stdout);
    });
}

} // namespace hearth::app
