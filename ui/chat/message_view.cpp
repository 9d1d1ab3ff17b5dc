#include "ui/chat/message_view.h"

#include <QDesktopServices>
#include <QRegularExpression>
#include <QScrollBar>

#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocumentFragment>
#include <limits>

#include "app/chat/chat_request.h"

namespace hearth::ui {

namespace {

const QString kScheme = QStringLiteral("hearth");

// The fenced code blocks of a Markdown text, in order, without their fences.
QStringList codeBlocksOf(const QString& markdown)
{
    static const QRegularExpression fence(QStringLiteral("^```[^\\n]*\\n(.*?)^```"),
        QRegularExpression::MultilineOption | QRegularExpression::DotMatchesEverythingOption);
    QStringList blocks;
    for (auto it = fence.globalMatch(markdown); it.hasNext();)
        blocks << it.next().captured(1);
    return blocks;
}

QString link(const QString& action, qint64 id, const QString& label, int index = -1)
{
    QString href = QStringLiteral("%1:%2/%3").arg(kScheme, action).arg(id);
    if (index >= 0)
        href += QStringLiteral("/%1").arg(index);
    return QStringLiteral("<a href=\"%1\">%2</a>").arg(href, label.toHtmlEscaped());
}

void insertMarkdown(QTextCursor& cursor, const QString& markdown)
{
    QTextDocument document;
    document.setMarkdown(markdown);
    cursor.insertFragment(QTextDocumentFragment(&document));
}

} // namespace

MessageView::MessageView(QWidget* parent)
    : QTextBrowser(parent)
{
    setOpenLinks(false);
    setOpenExternalLinks(false);
    m_renderTimer.setSingleShot(true);
    m_renderTimer.setInterval(50);
    connect(&m_renderTimer, &QTimer::timeout, this, &MessageView::render);
    connect(this, &QTextBrowser::anchorClicked, this, &MessageView::openLink);
}

void MessageView::showMessages(const QList<app::ChatMessage>& messages)
{
    // Only what changed is rendered again: the first message that differs,
    // and the one before a new last message (it loses "Regenerate").
    qsizetype same = 0;
    while (same < messages.size() && same < m_messages.size() && sameMessage(messages[same], m_messages[same]))
        ++same;
    if (messages.size() != m_messages.size())
        same = std::min(same, std::max<qsizetype>(0, m_messages.size() - 1));
    if (same == 0)
        m_expandedReasoning.clear();
    m_messages = messages;
    QSet<qint64> shown;
    for (const auto& message : messages)
        shown.insert(message.id);
    m_rendered.removeIf([&shown](const auto& entry) { return !shown.contains(entry.key()); });
    markDirty(static_cast<int>(same));
    render();
    verticalScrollBar()->setValue(verticalScrollBar()->maximum());
}

bool MessageView::sameMessage(const app::ChatMessage& a, const app::ChatMessage& b)
{
    return a.id == b.id && a.role == b.role && a.content == b.content && a.reasoning == b.reasoning
        && a.stats == b.stats;
}

int MessageView::indexOf(qint64 messageId) const
{
    for (int i = 0; i < m_messages.size(); ++i)
        if (m_messages[i].id == messageId)
            return i;
    return -1;
}

void MessageView::updateAnswer(qint64 messageId, const QString& answer, const QString& reasoning)
{
    const int index = indexOf(messageId);
    if (index < 0)
        return;
    m_messages[index].content = answer;
    m_messages[index].reasoning = reasoning;
    markDirty(index);
}

void MessageView::setAnswerStats(qint64 messageId, const QJsonObject& stats)
{
    const int index = indexOf(messageId);
    if (index < 0)
        return;
    m_messages[index].stats = stats;
    markDirty(index);
}

void MessageView::setGenerating(bool generating)
{
    if (generating == m_generating)
        return;
    m_generating = generating;
    markDirty(std::max(0, static_cast<int>(m_messages.size()) - 1));
}

void MessageView::setPlaceholder(const QString& markdown)
{
    m_placeholder = markdown;
    if (m_messages.isEmpty())
        markDirty(0);
}

void MessageView::markDirty(int index)
{
    m_dirtyFrom = std::min(m_dirtyFrom, std::max(0, index));
    if (!m_renderTimer.isActive())
        m_renderTimer.start();
}

void MessageView::render()
{
    m_renderTimer.stop();
    QScrollBar* bar = verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum() - 4;
    const int position = bar->value();

    QTextDocument* doc = document();
    const int first = m_dirtyFrom < m_starts.size() ? m_dirtyFrom : static_cast<int>(m_starts.size());
    m_dirtyFrom = std::numeric_limits<int>::max();
    QTextCursor cursor(doc);
    if (first == 0 || m_messages.isEmpty()) {
        doc->clear();
        m_starts.clear();
        cursor = QTextCursor(doc);
    } else {
        // Everything from the first changed message to the end is replaced.
        cursor.setPosition(m_starts[first]);
        cursor.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
        cursor.removeSelectedText();
        m_starts.resize(first);
    }
    if (m_messages.isEmpty())
        insertMarkdown(cursor, m_placeholder);

    for (int i = static_cast<int>(m_starts.size()); i < m_messages.size(); ++i) {
        m_starts.append(cursor.position());
        renderMessage(cursor, i);
    }
    bar->setValue(atBottom ? bar->maximum() : position);
}

void MessageView::renderMessage(QTextCursor& cursor, int i)
{
    const app::ChatMessage& message = m_messages[i];
    const bool user = message.role == QLatin1String("user");
    const bool last = i + 1 == m_messages.size();
    const bool writing = last && m_generating && !user;
    if (i > 0)
        cursor.insertHtml(QStringLiteral("<hr/>"));
    cursor.insertHtml(QStringLiteral("<p><b>%1</b></p>").arg(user ? tr("You") : tr("Assistant")));
    cursor.insertBlock();

    if (!message.reasoning.isEmpty()) {
        const bool expanded = m_expandedReasoning.contains(message.id);
        const int words = static_cast<int>(
            message.reasoning.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts).size());
        cursor.insertHtml(link(QStringLiteral("reasoning"), message.id,
            (expanded ? tr("▾ Hide reasoning") : tr("▸ Show reasoning (%n words)", nullptr, words))));
        cursor.insertBlock();
        if (expanded) {
            cursor.insertHtml(
                QStringLiteral("<p style=\"color: gray;\"><i>%1</i></p>")
                    .arg(message.reasoning.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br/>"))));
            cursor.insertBlock();
        }
    }

    if (message.content.isEmpty() && writing)
        cursor.insertHtml(QStringLiteral("<p style=\"color: gray;\"><i>%1</i></p>")
                              .arg(message.reasoning.isEmpty() ? tr("Writing…") : tr("Thinking…")));
    else
        cursor.insertFragment(renderedMarkdown(message.id, message.content));
    cursor.insertBlock();

    if (writing)
        return;
    QStringList actions { link(QStringLiteral("copy"), message.id, tr("Copy")) };
    const QStringList blocks = codeBlocksOf(message.content);
    for (int b = 0; b < blocks.size(); ++b)
        actions << link(QStringLiteral("copy-code"), message.id,
            blocks.size() == 1 ? tr("Copy code") : tr("Copy code %1").arg(b + 1), b);
    if (user)
        actions << link(QStringLiteral("edit"), message.id, tr("Edit"));
    else if (last)
        actions << link(QStringLiteral("regenerate"), message.id, tr("Regenerate"));
    QString line = actions.join(QStringLiteral(" · "));
    if (!user && !message.stats.isEmpty())
        line += QStringLiteral(" &nbsp; <span style=\"color: gray;\">%1</span>")
                    .arg(detailsOf(message.stats).toHtmlEscaped());
    cursor.insertHtml(QStringLiteral("<p><small>%1</small></p>").arg(line));
    cursor.insertBlock();
}

QTextDocumentFragment MessageView::renderedMarkdown(qint64 id, const QString& markdown)
{
    // Parsing Markdown is most of a render: a long conversation re-rendered
    // every 50 ms while an answer streams parses only the answer.
    auto it = m_rendered.find(id);
    if (it != m_rendered.end() && it->markdown == markdown)
        return it->fragment;
    QTextDocument document;
    document.setMarkdown(markdown);
    QTextDocumentFragment fragment(&document);
    m_rendered.insert(id, { markdown, fragment });
    return fragment;
}

QString MessageView::detailsOf(const QJsonObject& json) const
{
    const app::ReplyStats stats = app::ReplyStats::fromJson(json);
    QStringList parts;
    if (stats.completionTokens > 0)
        parts << tr("%n tokens", nullptr, stats.completionTokens);
    if (stats.tokensPerS > 0)
        parts << tr("%1 tokens/s").arg(stats.tokensPerS, 0, 'f', 1);
    if (stats.timeToFirstTokenS > 0)
        parts << tr("first token after %1 s").arg(stats.timeToFirstTokenS, 0, 'f', 2);
    if (stats.promptTokens > 0)
        parts << tr("prompt %1 tokens (%2 reused)").arg(stats.promptTokens).arg(stats.cachedPromptTokens);
    if (stats.finishReason == QLatin1String("cancelled"))
        parts << tr("stopped");
    else if (stats.finishReason == QLatin1String("length"))
        parts << tr("reached the token limit");
    else if (stats.finishReason == QLatin1String("context_full"))
        parts << tr("the context is full");
    else if (stats.finishReason == QLatin1String("error"))
        parts << tr("failed: %1").arg(stats.error);
    return parts.join(QStringLiteral(" · "));
}

void MessageView::openLink(const QUrl& url)
{
    if (url.scheme() != kScheme) {
        // A link in a message opens in the user's browser, never in this view.
        if (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https")
            || url.scheme() == QLatin1String("mailto"))
            QDesktopServices::openUrl(url);
        return;
    }
    const QStringList parts = url.path().split(QLatin1Char('/'));
    const QString action = parts.value(0);
    const qint64 id = parts.value(1).toLongLong();
    const auto message
        = std::find_if(m_messages.begin(), m_messages.end(), [id](const app::ChatMessage& m) { return m.id == id; });
    if (message == m_messages.end())
        return;
    if (action == QLatin1String("copy"))
        emit copyRequested(message->content);
    else if (action == QLatin1String("copy-code"))
        emit copyRequested(codeBlocksOf(message->content).value(parts.value(2).toInt()));
    else if (action == QLatin1String("edit"))
        emit editRequested(id, message->content);
    else if (action == QLatin1String("regenerate"))
        emit regenerateRequested();
    else if (action == QLatin1String("reasoning")) {
        if (!m_expandedReasoning.remove(id))
            m_expandedReasoning.insert(id);
        markDirty(indexOf(id));
        render();
    }
}

} // namespace hearth::ui
