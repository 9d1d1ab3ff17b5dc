#include "app/server/logprobs_json.h"

#include <QJsonArray>

namespace hearth::app {

namespace {

QJsonArray bytesOf(const QByteArray& bytes)
{
    QJsonArray array;
    for (const char byte : bytes)
        array.append(static_cast<int>(static_cast<unsigned char>(byte)));
    return array;
}

QJsonObject alternative(const TokenAlternative& token)
{
    return { { QStringLiteral("token"), QString::fromUtf8(token.bytes) }, { QStringLiteral("logprob"), token.logprob },
        { QStringLiteral("bytes"), bytesOf(token.bytes) } };
}

} // namespace

QJsonObject chatLogprobs(const QList<TokenLogprobs>& tokens)
{
    QJsonArray content;
    for (const TokenLogprobs& token : tokens) {
        QJsonObject entry = alternative(token.chosen);
        QJsonArray top;
        for (const TokenAlternative& other : token.top)
            top.append(alternative(other));
        entry.insert(QStringLiteral("top_logprobs"), top);
        content.append(entry);
    }
    return { { QStringLiteral("content"), content } };
}

QJsonObject completionLogprobs(const QList<TokenLogprobs>& tokens, qsizetype textOffset)
{
    QJsonArray texts;
    QJsonArray logprobs;
    QJsonArray tops;
    QJsonArray offsets;
    for (const TokenLogprobs& token : tokens) {
        const QString text = QString::fromUtf8(token.chosen.bytes);
        texts.append(text);
        logprobs.append(token.chosen.logprob);
        QJsonObject top;
        for (const TokenAlternative& other : token.top)
            top.insert(QString::fromUtf8(other.bytes), other.logprob);
        tops.append(top);
        offsets.append(static_cast<qint64>(textOffset));
        textOffset += text.size();
    }
    return { { QStringLiteral("tokens"), texts }, { QStringLiteral("token_logprobs"), logprobs },
        { QStringLiteral("top_logprobs"), tops }, { QStringLiteral("text_offset"), offsets } };
}

} // namespace hearth::app
