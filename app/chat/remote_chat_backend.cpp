#include "app/chat/remote_chat_backend.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include "app/chat/chat_reply.h"
#include "app/chat/openai_messages.h"

namespace hearth::app {

namespace {

QByteArray requestBody(const ChatRequest& request, const QString& model)
{
    QJsonObject body {
        { QStringLiteral("model"), model },
        { QStringLiteral("messages"), openAiMessages(request.systemPrompt, request.messages) },
        { QStringLiteral("stream"), true },
        { QStringLiteral("stream_options"), QJsonObject { { QStringLiteral("include_usage"), true } } },
        { QStringLiteral("temperature"), request.sampling.temperature },
        { QStringLiteral("top_p"), request.sampling.topP },
        { QStringLiteral("max_tokens"), request.sampling.maxTokens },
    };
    if (request.sampling.seed)
        body.insert(QStringLiteral("seed"), static_cast<double>(*request.sampling.seed));
    if (!request.stop.isEmpty())
        body.insert(QStringLiteral("stop"), QJsonArray::fromStringList(request.stop));
    if (request.presencePenalty != 0.0)
        body.insert(QStringLiteral("presence_penalty"), request.presencePenalty);
    if (request.frequencyPenalty != 0.0)
        body.insert(QStringLiteral("frequency_penalty"), request.frequencyPenalty);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

// OpenAI's finish reasons in Hearth's words.
QString finishReasonOf(const QString& reason)
{
    return reason == QLatin1String("length") ? QStringLiteral("length") : QStringLiteral("stop");
}

// One answer's stream: Server-Sent Events arrive in arbitrary pieces, so
// lines are assembled before they are read.
class StreamReader : public QObject {
public:
    StreamReader(QNetworkReply* network, ChatReply* reply)
        : QObject(reply)
        , m_network(network)
        , m_reply(reply)
    {
        m_clock.start();
        connect(network, &QNetworkReply::readyRead, this, &StreamReader::read);
        connect(network, &QNetworkReply::finished, this, &StreamReader::end);
        reply->setCanceller([this] {
            m_cancelled = true;
            m_network->abort();
        });
    }

private:
    void read()
    {
        if (!m_network->isOpen() || httpStatus() >= 400) // an error's body is read whole at the end
            return;
        m_buffer += m_network->readAll();
        for (qsizetype newline; (newline = m_buffer.indexOf('\n')) >= 0;) {
            const QByteArray line = m_buffer.left(newline).trimmed();
            m_buffer.remove(0, newline + 1);
            if (line.startsWith("data:"))
                event(line.mid(5).trimmed());
        }
    }

    void event(const QByteArray& data)
    {
        if (data == "[DONE]") {
            m_done = true;
            return;
        }
        const QJsonObject chunk = QJsonDocument::fromJson(data).object();
        if (chunk.contains(QStringLiteral("error"))) {
            m_error = chunk.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
            return;
        }
        const QJsonObject usage = chunk.value(QStringLiteral("usage")).toObject();
        if (!usage.isEmpty()) {
            m_stats.promptTokens = usage.value(QStringLiteral("prompt_tokens")).toInt();
            m_stats.completionTokens = usage.value(QStringLiteral("completion_tokens")).toInt();
        }
        const QJsonArray choices = chunk.value(QStringLiteral("choices")).toArray();
        if (choices.isEmpty())
            return;
        const QJsonObject choice = choices.first().toObject();
        const QString text
            = choice.value(QStringLiteral("delta")).toObject().value(QStringLiteral("content")).toString();
        if (!text.isEmpty()) {
            if (m_pieces++ == 0) {
                m_stats.timeToFirstTokenS = m_clock.elapsed() / 1000.0;
                m_sinceFirst.start();
            }
            m_reply->appendText(text);
        }
        if (const QString reason = choice.value(QStringLiteral("finish_reason")).toString(); !reason.isEmpty())
            m_stats.finishReason = finishReasonOf(reason);
    }

    void end()
    {
        read();
        const int status = httpStatus();
        if (m_cancelled) {
            m_stats.finishReason = QStringLiteral("cancelled");
        } else if (status >= 400 || (m_network->error() != QNetworkReply::NoError && !m_done)) {
            m_stats.finishReason = QStringLiteral("error");
            const QJsonObject body
                = QJsonDocument::fromJson(m_network->isOpen() ? m_network->readAll() : QByteArray()).object();
            const QString message
                = body.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
            m_stats.error = status >= 400
                ? ChatBackend::tr("The endpoint answered %1: %2")
                      .arg(status)
                      .arg(message.isEmpty() ? m_network->errorString() : message)
                : ChatBackend::tr("Cannot reach %1: %2").arg(m_network->url().toString(), m_network->errorString());
        } else if (!m_error.isEmpty()) {
            m_stats.finishReason = QStringLiteral("error");
            m_stats.error = m_error;
        } else if (m_stats.finishReason.isEmpty()) {
            m_stats.finishReason = QStringLiteral("stop");
        }
        if (m_pieces > 1 && m_sinceFirst.isValid() && m_sinceFirst.elapsed() > 0) {
            const int tokens = m_stats.completionTokens > 0 ? m_stats.completionTokens : m_pieces;
            m_stats.tokensPerS = (tokens - 1) * 1000.0 / m_sinceFirst.elapsed();
        }
        m_network->deleteLater();
        m_reply->finish(m_stats);
    }

    int httpStatus() const { return m_network->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(); }

    QNetworkReply* m_network;
    ChatReply* m_reply;
    QByteArray m_buffer;
    ReplyStats m_stats;
    QString m_error;
    QElapsedTimer m_clock;
    QElapsedTimer m_sinceFirst;
    int m_pieces = 0;
    bool m_done = false;
    bool m_cancelled = false;
};

} // namespace

RemoteChatBackend::RemoteChatBackend(QObject* parent)
    : ChatBackend(parent)
    , m_network(new QNetworkAccessManager(this))
{ }

void RemoteChatBackend::setEndpoint(const RemoteEndpoint& endpoint)
{
    m_endpoint = endpoint;
    emit availabilityChanged();
}

QString RemoteChatBackend::name() const
{
    return m_endpoint.name.isEmpty() ? m_endpoint.model : m_endpoint.name;
}

QString RemoteChatBackend::unavailableReason() const
{
    if (!m_endpoint.baseUrl.isValid() || m_endpoint.baseUrl.scheme().isEmpty())
        return tr("The endpoint has no valid address: set one like http://server:8000/v1.");
    if (m_endpoint.model.isEmpty())
        return tr("The endpoint has no model name: set the model it serves.");
    return {};
}

ChatReply* RemoteChatBackend::start(const ChatRequest& request, QObject* parent)
{
    auto* reply = new ChatReply(parent);
    if (const QString reason = unavailableReason(); !reason.isEmpty()) {
        reply->failLater(reason);
        return reply;
    }
    if (!request.rawPrompt.isEmpty()) {
        reply->failLater(tr("An endpoint answers conversations only, not raw prompts."));
        return reply;
    }
    QUrl url = m_endpoint.baseUrl;
    url.setPath(url.path().endsWith(QLatin1Char('/')) ? url.path() + QStringLiteral("chat/completions")
                                                      : url.path() + QStringLiteral("/chat/completions"));
    QNetworkRequest http(url);
    http.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    http.setRawHeader("Accept", "text/event-stream");
    if (!m_endpoint.apiKey.isEmpty())
        http.setRawHeader("Authorization", "Bearer " + m_endpoint.apiKey.toUtf8());
    // Answers stream for minutes; only a silent connection times out.
    http.setTransferTimeout(120000);
    new StreamReader(m_network->post(http, requestBody(request, m_endpoint.model)), reply);
    return reply;
}

} // namespace hearth::app
