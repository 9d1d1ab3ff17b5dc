#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include "app/chat/conversation_store.h"
#include "app/storage/database.h"

using namespace hearth::app;

namespace {

ChatMessage message(const QString& role, const QString& content)
{
    ChatMessage m;
    m.role = role;
    m.content = content;
    return m;
}

QStringList titles(const QList<Conversation>& conversations)
{
    QStringList result;
    for (const auto& c : conversations)
        result << c.title;
    return result;
}

} // namespace

class TestConversationStore : public QObject {
    Q_OBJECT
private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_database = std::make_unique<Database>();
        QVERIFY(m_database->open(m_dir->filePath(QStringLiteral("hearth.sqlite3"))));
        m_store = std::make_unique<ConversationStore>(*m_database);
    }

    void cleanup()
    {
        m_store.reset();
        m_database.reset();
        m_dir.reset();
    }

    void theFirstQuestionNamesTheConversation()
    {
        const qint64 id = m_store->create();
        QVERIFY(id > 0);
        m_store->appendMessage(id, message(QStringLiteral("user"), QStringLiteral("  How do tides work?\nDetails.")));
        m_store->appendMessage(id, message(QStringLiteral("assistant"), QStringLiteral("The moon.")));
        m_store->appendMessage(id, message(QStringLiteral("user"), QStringLiteral("And the sun?")));
        QCOMPARE(m_store->conversation(id)->title, QStringLiteral("How do tides work?"));

        const auto messages = m_store->messages(id);
        QCOMPARE(messages.size(), 3);
        QCOMPARE(messages[1].role, QStringLiteral("assistant"));
        QCOMPARE(messages[2].content, QStringLiteral("And the sun?"));
    }

    void titlesAreShortenedAtAWord()
    {
        const QString english = QStringLiteral("Explain the difference between tensor parallelism and pipeline "
                                               "parallelism in detail");
        const QString title = ConversationStore::titleFrom(english);
        QVERIFY(title.size() <= 61);
        QVERIFY(title.endsWith(QChar(0x2026)));
        QVERIFY(english.startsWith(title.chopped(1)));
        QVERIFY(!title.chopped(1).endsWith(QLatin1Char(' ')));
        const QString chinese = QString(80, QChar(0x4e2d));
        QCOMPARE(ConversationStore::titleFrom(chinese), QString(60, QChar(0x4e2d)) + QChar(0x2026));
    }

    void pinnedComeFirstThenTheMostRecent()
    {
        const qint64 a = m_store->create(QStringLiteral("a"));
        const qint64 b = m_store->create(QStringLiteral("b"));
        const qint64 c = m_store->create(QStringLiteral("c"));
        m_store->appendMessage(a, message(QStringLiteral("user"), QStringLiteral("newest")));
        QCOMPARE(
            titles(m_store->list()), (QStringList { QStringLiteral("a"), QStringLiteral("c"), QStringLiteral("b") }));
        QVERIFY(m_store->setPinned(b, true));
        QCOMPARE(
            titles(m_store->list()), (QStringList { QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("c") }));
        Q_UNUSED(c);
    }

    void searchFindsTitlesAndMessageText()
    {
        const qint64 a = m_store->create(QStringLiteral("Rust lifetimes"));
        const qint64 b = m_store->create(QStringLiteral("Dinner"));
        m_store->appendMessage(b, message(QStringLiteral("user"), QStringLiteral("A recipe with 50% RICE")));
        m_store->create(QStringLiteral("Unrelated"));
        QCOMPARE(titles(m_store->list(QStringLiteral("rust"))), QStringList { QStringLiteral("Rust lifetimes") });
        QCOMPARE(titles(m_store->list(QStringLiteral("rice"))), QStringList { QStringLiteral("Dinner") });
        // The user's % is a percent sign, not a wildcard.
        QCOMPARE(titles(m_store->list(QStringLiteral("50%"))), QStringList { QStringLiteral("Dinner") });
        QVERIFY(m_store->list(QStringLiteral("5%R")).isEmpty());
        Q_UNUSED(a);
    }

    void aDeletionCanBeUndoneUntilPurged()
    {
        const qint64 id = m_store->create(QStringLiteral("gone"));
        m_store->appendMessage(id, message(QStringLiteral("user"), QStringLiteral("hello")));
        QSignalSpy changed(m_store.get(), &ConversationStore::conversationsChanged);
        QVERIFY(m_store->remove(id));
        QCOMPARE(changed.count(), 1);
        QVERIFY(m_store->list().isEmpty());
        QVERIFY(!m_store->conversation(id));
        QVERIFY(m_store->restore(id));
        QCOMPARE(m_store->list().size(), 1);
        QCOMPARE(m_store->messages(id).size(), 1);

        QVERIFY(m_store->remove(id));
        m_store->purgeDeleted();
        QVERIFY(!m_store->restore(id));
        QVERIFY(m_store->messages(id).isEmpty());
    }

    void resendingReplacesTheLaterTurns()
    {
        const qint64 id = m_store->create();
        m_store->appendMessage(id, message(QStringLiteral("user"), QStringLiteral("one")));
        m_store->appendMessage(id, message(QStringLiteral("assistant"), QStringLiteral("1")));
        const qint64 second = m_store->appendMessage(id, message(QStringLiteral("user"), QStringLiteral("two")));
        m_store->appendMessage(id, message(QStringLiteral("assistant"), QStringLiteral("2")));
        QVERIFY(m_store->removeMessagesFrom(id, second));
        m_store->appendMessage(id, message(QStringLiteral("user"), QStringLiteral("two, edited")));
        const auto messages = m_store->messages(id);
        QCOMPARE(messages.size(), 3);
        QCOMPARE(messages.last().content, QStringLiteral("two, edited"));
        QVERIFY(!m_store->removeMessagesFrom(id + 1, messages.first().id));
    }

    void anAnswerIsUpdatedAsItStreams()
    {
        const qint64 id = m_store->create();
        const qint64 answer = m_store->appendMessage(id, message(QStringLiteral("assistant"), QString()));
        QSignalSpy changed(m_store.get(), &ConversationStore::messagesChanged);
        QJsonObject stats { { QStringLiteral("tokens_per_s"), 42.5 } };
        QVERIFY(m_store->updateMessage(answer, QStringLiteral("Paris."), QStringLiteral("The capital…"), stats));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().first().toLongLong(), id);
        const auto stored = m_store->messages(id).first();
        QCOMPARE(stored.content, QStringLiteral("Paris."));
        QCOMPARE(stored.reasoning, QStringLiteral("The capital…"));
        QCOMPARE(stored.stats.value(QStringLiteral("tokens_per_s")).toDouble(), 42.5);
    }

    void settingsOfAConversationPersist()
    {
        const QString path = m_dir->filePath(QStringLiteral("hearth.sqlite3"));
        const qint64 id = m_store->create(QStringLiteral("old"));
        QVERIFY(m_store->rename(id, QStringLiteral("  new  ")));
        QVERIFY(m_store->setSystemPrompt(id, QStringLiteral("Answer in French.")));
        QVERIFY(m_store->setSampling(id, QJsonObject { { QStringLiteral("temperature"), 0.2 } }));
        m_store.reset();
        m_database.reset();

        m_database = std::make_unique<Database>();
        QVERIFY(m_database->open(path));
        m_store = std::make_unique<ConversationStore>(*m_database);
        const auto conversation = m_store->conversation(id);
        QVERIFY(conversation);
        QCOMPARE(conversation->title, QStringLiteral("new"));
        QCOMPARE(conversation->systemPrompt, QStringLiteral("Answer in French."));
        QCOMPARE(conversation->sampling.value(QStringLiteral("temperature")).toDouble(), 0.2);
    }

    // A full disk: the change is not saved, the user is told so in words
    // they can act on, and what was saved before is intact. (SQLite's page
    // limit gives the same SQLITE_FULL a full disk does.)
    void aFullDiskIsReportedAndTheHistoryIsIntact()
    {
        const qint64 id = m_store->create();
        QVERIFY(m_store->appendMessage(id, message(QStringLiteral("user"), QStringLiteral("kept"))) > 0);
        QSqlQuery limit(m_database->connection());
        QVERIFY(limit.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        QVERIFY(limit.exec(QStringLiteral("PRAGMA page_count")) && limit.next());
        const int pages = limit.value(0).toInt();
        QVERIFY(limit.exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages)));
        QSignalSpy failed(m_store.get(), &ConversationStore::saveFailed);
        QCOMPARE(m_store->appendMessage(id, message(QStringLiteral("assistant"), QString(64 * 1024, QLatin1Char('x')))),
            qint64(0));
        QCOMPARE(failed.size(), 1);
        QVERIFY2(failed.first().first().toString().contains(QStringLiteral("disk is full")),
            qPrintable(failed.first().first().toString()));
        const auto messages = m_store->messages(id);
        QCOMPARE(messages.size(), 1);
        QCOMPARE(messages.first().content, QStringLiteral("kept"));
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<ConversationStore> m_store;
};

QTEST_GUILESS_MAIN(TestConversationStore)
#include "tst_conversation_store.moc"
