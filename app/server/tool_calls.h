#pragma once

#include <QJsonArray>
#include <QList>
#include <QString>

namespace hearth::app {

// A function the model asked to call: its name and its arguments as JSON text.
struct ToolCall {
    QString name;
    QString arguments;
};

// An answer split into what it says and the tool calls it makes.
struct ToolCallParse {
    QString content;
    QList<ToolCall> calls;
};

// The tool calls in an answer, in the formats models are trained on: Qwen's
// (and Hermes') <tool_call>{"name", "arguments"}</tool_call> blocks, any
// number, text around them kept as content; Llama 3's bare JSON object
// {"name", "parameters"}, after an optional <|python_tag|>, or several
// separated by ';'. Text that is none of these is all content.
ToolCallParse parseToolCalls(const QString& text);

// OpenAI's "tool_calls": [{"id", "type": "function", "function": {"name",
// "arguments"}}], with "index" in streamed chunks.
QJsonArray toolCallsJson(const QList<ToolCall>& calls, bool streamed);

// Holds back, in a streamed answer, what may be a tool call: everything
// from a <tool_call> tag (or what may become one) on, and the whole answer
// when it starts like Llama 3's JSON call. What cannot be one goes out at once.
class ToolCallStream {
public:
    // The text that can be sent now.
    QString push(const QString& piece);
    // The answer has ended: the rest of its content, and its calls.
    ToolCallParse finish();

private:
    QString m_held;
    bool m_sentAny = false;
};

} // namespace hearth::app
