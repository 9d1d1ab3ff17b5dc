#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

#include <optional>

class QSqlError;
class QSqlQuery;

namespace hearth::app {

class Database;

struct ChatMessage {
    qint64 id = 0;
    QString role; // "system", "user" or "assistant"
    QString content;
    QString reasoning; // a reasoning model's <think> text, apart from the answer
    QJsonObject stats; // per answer: time_to_first_token_s, tokens_per_s, prompt_tokens, completion_tokens
    QDateTime created;
};

struct Conversation {
    qint64 id = 0;
    QString title;
    QString systemPrompt;
    QJsonObject sampling; // the conversation's own sampling settings; empty: the defaults
    bool pinned = false;
    QDateTime created;
    QDateTime updated;
};

// The chat history in Hearth's database. Every change is written at once
// (nothing waits for a save), and deleting a conversation only hides it
// until purgeDeleted(), so it can be undone.
class ConversationStore : public QObject {
    Q_OBJECT
public:
    explicit ConversationStore(Database& database, QObject* parent = nullptr);

    // A new, empty conversation; an empty title is filled from its first user message.
    qint64 create(const QString& title = {});
    std::optional<Conversation> conversation(qint64 id) const;
    // Pinned first, then the most recently updated. `search` matches titles
    // and message text, case-insensitively.
    QList<Conversation> list(const QString& search = {}) const;

    QList<ChatMessage> messages(qint64 conversation) const;
    // Returns the new message's id, 0 on failure.
    qint64 appendMessage(qint64 conversation, const ChatMessage& message);
    bool updateMessage(qint64 messageId, const QString& content, const QString& reasoning, const QJsonObject& stats);
    // Removes the message and every later one: regenerating an answer or
    // resending an edited question replaces the turns after it.
    bool removeMessagesFrom(qint64 conversation, qint64 messageId);

    bool rename(qint64 id, const QString& title);
    bool setPinned(qint64 id, bool pinned);
    bool setSystemPrompt(qint64 id, const QString& prompt);
    bool setSampling(qint64 id, const QJsonObject& sampling);

    bool remove(qint64 id); // hidden from list() until restore() or purgeDeleted()
    bool restore(qint64 id);
    void purgeDeleted();

    // The first line of `text`, shortened to about 60 characters at a word.
    static QString titleFrom(const QString& text);

signals:
    void conversationsChanged();
    void messagesChanged(qint64 conversation);
    // A change was not saved (a full disk, a locked or damaged file); the
    // database keeps what it had, since each change is one transaction.
    void saveFailed(const QString& reason);

private:
    // Runs a statement that changes the history; saveFailed() when it fails.
    bool write(QSqlQuery& query);
    void reportFailure(const QSqlError& error);
    bool touch(qint64 id);
    bool setColumn(qint64 id, const char* column, const QVariant& value);

    Database& m_database;
};

} // namespace hearth::app
