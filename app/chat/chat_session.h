#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QString>

#include "app/chat/chat_backend.h"
#include "app/chat/chat_request.h"

namespace hearth::app {

class ChatReply;
class ConversationStore;

// A conversation's turns with a backend: send a question, stream the answer
// into the chat history (written as it grows, so a crash keeps what came),
// stop, regenerate the last answer, or edit an earlier question and resend.
// One answer at a time; it keeps going, into its own conversation, when the
// view switches to another.
class ChatSession : public QObject {
    Q_OBJECT
public:
    explicit ChatSession(ConversationStore& store, QObject* parent = nullptr);

    void setBackend(ChatBackend* backend);
    ChatBackend* backend() const { return m_backend; }
    // The sampling settings a conversation without its own uses.
    void setDefaultSampling(const ChatSampling& sampling) { m_defaultSampling = sampling; }
    ChatSampling defaultSampling() const { return m_defaultSampling; }

    bool isGenerating() const { return m_reply != nullptr; }
    qint64 generatingConversation() const { return m_reply ? m_conversation : 0; }

    // false (and failed()) when it cannot start: busy, no backend, no such conversation.
    bool send(qint64 conversation, const QString& text);
    bool regenerate(qint64 conversation);
    bool editAndResend(qint64 conversation, qint64 messageId, const QString& text);
    void stop();

signals:
    void generatingChanged(bool generating);
    // The answer so far, split into reasoning and answer.
    void answerUpdated(qint64 conversation, qint64 messageId, const QString& answer, const QString& reasoning);
    void answerFinished(qint64 conversation, qint64 messageId, const hearth::app::ReplyStats& stats);
    // While an answer streams, about once a second: pieces (≈ tokens) per second so far.
    void speedUpdated(double tokensPerSecond);
    void failed(const QString& error);

private:
    bool canStart();
    bool answer(qint64 conversation);
    void save(bool force);
    void countPiece();
    void onFinished(const ReplyStats& stats);

    ConversationStore& m_store;
    QPointer<ChatBackend> m_backend;
    ChatSampling m_defaultSampling;

    ChatReply* m_reply = nullptr;
    qint64 m_conversation = 0;
    qint64 m_answerId = 0;
    QElapsedTimer m_sinceSave;
    QElapsedTimer m_sinceFirstPiece;
    QElapsedTimer m_sinceSpeed;
    int m_pieces = 0;
};

} // namespace hearth::app
