#pragma once

#include <QHash>
#include <QSet>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocumentFragment>
#include <QTimer>

#include "app/chat/conversation_store.h"

namespace hearth::ui {

// A conversation as the user reads it: each message's Markdown rendered
// (headings, lists, tables, code, links), with its actions as links
// (copy, copy a code block, edit a question, regenerate the last answer),
// a reasoning model's thinking folded away until asked for, and each
// answer's speed under it. An answer that streams in is re-rendered at most
// every 50 ms; the view follows it only while the user is at the bottom.
class MessageView : public QTextBrowser {
    Q_OBJECT
public:
    explicit MessageView(QWidget* parent = nullptr);

    void showMessages(const QList<app::ChatMessage>& messages);
    void updateAnswer(qint64 messageId, const QString& answer, const QString& reasoning);
    void setAnswerStats(qint64 messageId, const QJsonObject& stats);
    // While true, the last answer shows that it is being written and offers no actions.
    void setGenerating(bool generating);
    // Markdown shown when there are no messages.
    void setPlaceholder(const QString& markdown);

    const QList<app::ChatMessage>& messages() const { return m_messages; }

signals:
    void copyRequested(const QString& text);
    void editRequested(qint64 messageId, const QString& text);
    void regenerateRequested();

private:
    // Renders again from message `index` on, at the next render.
    void markDirty(int index);
    void render();
    void renderMessage(QTextCursor& cursor, int index);
    int indexOf(qint64 messageId) const;
    static bool sameMessage(const app::ChatMessage& a, const app::ChatMessage& b);
    void openLink(const QUrl& url);
    QString detailsOf(const QJsonObject& stats) const;
    QTextDocumentFragment renderedMarkdown(qint64 id, const QString& markdown);

    QList<app::ChatMessage> m_messages;
    QSet<qint64> m_expandedReasoning;
    struct Rendered {
        QString markdown;
        QTextDocumentFragment fragment;
    };
    QHash<qint64, Rendered> m_rendered; // by message id
    QString m_placeholder;
    bool m_generating = false;
    QTimer m_renderTimer;
    QList<int> m_starts; // where each rendered message begins in the document
    int m_dirtyFrom = 0;
};

} // namespace hearth::ui
