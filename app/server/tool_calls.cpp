#include "app/server/tool_calls.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

namespace hearth::app {

namespace {

const QString openTag = QStringLiteral("<tool_call>");
const QString closeTag = QStringLiteral("</tool_call>");
const QString pythonTag = QStringLiteral("<|python_tag|>");

// {"name": ..., "arguments" or "parameters": {...}} as a call.
std::optional<ToolCall> callFrom(const QJsonValue& value)
{
    const QJsonObject object = value.toObject();
    const QString name = object.value(QStringLiteral("name")).toString();
    if (name.isEmpty())
        return std::nullopt;
    QJsonValue arguments = object.value(QStringLiteral("arguments"));
    if (arguments.isUndefined())
        arguments = object.value(QStringLiteral("parameters"));
    QString text;
    if (arguments.isString())
        text = arguments.toString(); // already JSON text, as OpenAI gives it
    else if (arguments.isObject())
        text = QString::fromUtf8(QJsonDocument(arguments.toObject()).toJson(QJsonDocument::Compact));
    else if (arguments.isUndefined() || arguments.isNull())
        text = QStringLiteral("{}");
    else
        return std::nullopt;
    return ToolCall { name, text };
}

// Llama 3: the whole answer is one call, a list of calls, or calls joined by ';'.
QList<ToolCall> bareCalls(QString text)
{
    text = text.trimmed();
    if (text.startsWith(pythonTag))
        text = text.mid(pythonTag.size()).trimmed();
    QList<ToolCall> calls;
    const QJsonDocument whole = QJsonDocument::fromJson(text.toUtf8());
    if (whole.isObject()) {
        if (const auto call = callFrom(whole.object()))
            calls << *call;
        return calls;
    }
    if (whole.isArray()) {
        for (const QJsonValue& entry : whole.array()) {
            const auto call = callFrom(entry);
            if (!call)
                return {};
            calls << *call;
        }
        return calls;
    }
    if (!text.contains(QLatin1Char(';')))
        return {};
    for (const QString& part : text.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const auto call = callFrom(QJsonDocument::fromJson(part.trimmed().toUtf8()).object());
        if (!call)
            return {};
        calls << *call;
    }
    return calls;
}

} // namespace

ToolCallParse parseToolCalls(const QString& text)
{
    ToolCallParse parse;
    if (text.contains(openTag)) {
        qsizetype at = 0;
        while (true) {
            const qsizetype open = text.indexOf(openTag, at);
            if (open < 0)
                break;
            const qsizetype close = text.indexOf(closeTag, open);
            const qsizetype bodyStart = open + openTag.size();
            const QString body = text.mid(bodyStart, close < 0 ? -1 : close - bodyStart);
            const auto call = callFrom(QJsonDocument::fromJson(body.trimmed().toUtf8()).object());
            if (!call)
                break; // not a call after all: the rest stays content
            parse.content += text.mid(at, open - at);
            parse.calls << *call;
            at = close < 0 ? text.size() : close + closeTag.size();
        }
        parse.content += text.mid(at);
        parse.content = parse.content.trimmed();
        if (!parse.calls.isEmpty())
            return parse;
        return { text, {} };
    }
    parse.calls = bareCalls(text);
    if (parse.calls.isEmpty())
        parse.content = text;
    return parse;
}

QJsonArray toolCallsJson(const QList<ToolCall>& calls, bool streamed)
{
    QJsonArray array;
    for (qsizetype i = 0; i < calls.size(); ++i) {
        QJsonObject call { { QStringLiteral("id"),
                               QStringLiteral("call_") + QUuid::createUuid().toString(QUuid::Id128).left(24) },
            { QStringLiteral("type"), QStringLiteral("function") },
            { QStringLiteral("function"),
                QJsonObject { { QStringLiteral("name"), calls[i].name },
                    { QStringLiteral("arguments"), calls[i].arguments } } } };
        if (streamed)
            call.insert(QStringLiteral("index"), static_cast<int>(i));
        array.append(call);
    }
    return array;
}

QString ToolCallStream::push(const QString& piece)
{
    m_held += piece;
    if (!m_sentAny) {
        // The answer's start decides: Llama 3's calls are the whole answer.
        const QString start = m_held.trimmed();
        if (start.isEmpty() || start.startsWith(QLatin1Char('{')) || start.startsWith(QLatin1Char('['))
            || start.startsWith(pythonTag) || pythonTag.startsWith(start))
            return {};
    }
    // Everything before a <tool_call> (or the start of one) can go.
    qsizetype hold = m_held.indexOf(openTag);
    if (hold < 0) {
        hold = m_held.size();
        for (qsizetype length = std::min(openTag.size() - 1, m_held.size()); length > 0; --length)
            if (m_held.endsWith(openTag.left(length))) {
                hold = m_held.size() - length;
                break;
            }
    }
    const QString out = m_held.left(hold);
    m_held = m_held.mid(hold);
    if (!out.isEmpty())
        m_sentAny = true;
    return out;
}

ToolCallParse ToolCallStream::finish()
{
    ToolCallParse parse = parseToolCalls(m_held);
    m_held.clear();
    return parse;
}

} // namespace hearth::app
