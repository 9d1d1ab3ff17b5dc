// ChatSession against a scripted backend: what reaches the chat history as
// an answer streams, stops, fails, is regenerated or replaced.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include "app/chat/chat_backend.h"
#include "app/chat/chat_reply.h"
#include "app/chat/chat_session.h"
#include "app/chat/conversation_store.h"
#include "app/chat/reasoning.h"
#include "app/storage/database.h"
#include "tests/support/scripted_chat_backend.h"

using namespace hearth::app;

using ScriptedBackend = hearth::test::ScriptedChatBackend;

class TestChatSession : public QObject {
    Q_OBJECT
private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_database = std::make_unique<Database>();
        QVERIFY(m_database->open(m_dir->filePath(QStringLiteral("hearth.sqlite3"))));
        m_store = std::make_unique<ConversationStore>(*m_database);
        m_backend = std::make_unique<ScriptedBackend>();
        m_session = std::make_unique<ChatSession>(*m_store);
        m_session->setBackend(m_backend.get());
    }

    void cleanup()
    {
        m_session.reset();
        m_backend.reset();
        m_store.reset();
        m_database.reset();
    }

    void anAnswerStreamsIntoTheHistory()
    {
        m_backend->pieces = { QStringLiteral("Par"), QStringLiteral("is"), QStringLiteral(".") };
        const qint64 id = m_store->create();
        QSignalSpy updated(m_session.get(), &ChatSession::answerUpdated);
        QSignalSpy finished(m_session.get(), &ChatSession::answerFinished);
        QVERIFY(m_session->send(id, QStringLiteral("Capital of France?")));
        QVERIFY(m_session->isGenerating());
        QCOMPARE(m_session->generatingConversation(), id);
        QVERIFY(finished.wait());
        QVERIFY(updated.count() >= 3); // a piece at a time, and once more as it finished
        QCOMPARE(updated.last().at(2).toString(), QStringLiteral("Paris."));
        QVERIFY(!m_session->isGenerating());

        const auto messages = m_store->messages(id);
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages[1].content, QStringLiteral("Paris."));
        QCOMPARE(messages[1].stats.value(QStringLiteral("tokens_per_s")).toDouble(), 12.5);
        QCOMPARE(m_backend->requests.first().messages.size(), 1);
    }

    void theConversationsSettingsGoWithTheRequest()
    {
        m_backend->pieces = { QStringLiteral("ok") };
        const qint64 id = m_store->create();
        m_store->setSystemPrompt(id, QStringLiteral("Be brief."));
        m_store->setSampling(id, ChatSampling { 0.1, 0.5, 64, 42, {} }.toJson());
        QSignalSpy finished(m_session.get(), &ChatSession::answerFinished);
        QVERIFY(m_session->send(id, QStringLiteral("Hi")));
        QVERIFY(finished.wait());
        const ChatRequest& request = m_backend->requests.first();
        QCOMPARE(request.systemPrompt, QStringLiteral("Be brief."));
        QCOMPARE(request.sampling.temperature, 0.1);
        QCOMPARE(request.sampling.maxTokens, 64);
        QCOMPARE(*request.sampling.seed, 42);
    }

    void stoppingKeepsWhatCame()
    {
        for (int i = 0; i < 1000; ++i)
            m_backend->pieces << QStringLiteral("word ");
        const qint64 id = m_store->create();
        QSignalSpy updated(m_session.get(), &ChatSession::answerUpdated);
        QSignalSpy finished(m_session.get(), &ChatSession::answerFinished);
        QVERIFY(m_session->send(id, QStringLiteral("Talk")));
        QVERIFY(updated.wait());
        m_session->stop();
        QVERIFY(finished.wait());
        const auto stats = finished.first().at(2).value<ReplyStats>();
        QCOMPARE(stats.finishReason, QStringLiteral("cancelled"));
        const QString saved = m_store->messages(id).last().content;
        QVERIFY(saved.startsWith(QStringLiteral("word")));
        QVERIFY(saved.size() < 5000);
    }

    void oneAnswerAtATime()
    {
        m_backend->pieces = { QStringLiteral("a"), QStringLiteral("b") };
        const qint64 id = m_store->create();
        QSignalSpy failed(m_session.get(), &ChatSession::failed);
        QSignalSpy finished(m_session.get(), &ChatSession::answerFinished);
        QVERIFY(m_session->send(id, QStringLiteral("first")));
        QVERIFY(!m_session->send(id, QStringLiteral("second")));
        QCOMPARE(failed.count(), 1);
        QVERIFY(finished.wait());
        QCOMPARE(m_store->messages(id).size(), 2);
    }

    void anUnavailableBackendSaysWhy()
    {
        m_backend->unavailable = QStringLiteral("No model is loaded.");
        const qint64 id = m_store->create();
        QSignalSpy failed(m_session.get(), &ChatSession::failed);
        QVERIFY(!m_session->send(id, QStringLiteral("Hello?")));
        QCOMPARE(failed.first().first().toString(), QStringLiteral("No model is loaded."));
        QVERIFY(m_store->messages(id).isEmpty());
    }

    void aFailureBeforeTheFirstWordLeavesNoEmptyAnswer()
    {
        m_backend->error = QStringLiteral("The prompt needs 9000 tokens; the context holds 4096.");
        const qint64 id = m_store->create();
        QSignalSpy failed(m_session.get(), &ChatSession::failed);
        QSignalSpy finished(m_session.get(), &ChatSession::answerFinished);
        QVERIFY(m_session->send(id, QStringLiteral("A long question")));
        QVERIFY(finished.wait());
        QCOMPARE(failed.count(), 1);
        QVERIFY(failed.first().first().toString().contains(QStringLiteral("9000")));
        const auto messages = m_store->messages(id);
        QCOMPARE(messages.size(), 1);
        QCOMPARE(messages.first().role, QStringLiteral("user"));
    }

    void regenerateReplacesTheLastAnswer()
    {
        const qint64 id = m_store->create();
        QSignalSpy finished(m_session.get(), &ChatSession::answerFinished);
        m_backend->pieces = { QStringLiteral("first") };
        QVERIFY(m_session->send(id, QStringLiteral("Q")));
        QVERIFY(finished.wait());
        m_backend->pieces = { QStringLiteral("second") };
        QVERIFY(m_session->regenerate(id));
        QVERIFY(finished.wait());
        const auto messages = m_store->messages(id);
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.last().content, QStringLiteral("second"));
        QCOMPARE(m_backend->requests.last().messages.size(), 1);
    }

    void editingAnEarlierQuestionReplacesWhatFollowed()
    {
        const qint64 id = m_store->create();
        QSignalSpy finished(m_session.get(), &ChatSession::answerFinished);
        m_backend->pieces = { QStringLiteral("1") };
        QVERIFY(m_session->send(id, QStringLiteral("one")));
        QVERIFY(finished.wait());
        QVERIFY(m_session->send(id, QStringLiteral("two")));
        QVERIFY(finished.wait());
        const qint64 first = m_store->messages(id).first().id;
        m_backend->pieces = { QStringLiteral("uno") };
        QVERIFY(m_session->editAndResend(id, first, QStringLiteral("one, in Spanish")));
        QVERIFY(finished.wait());
        const auto messages = m_store->messages(id);
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.first().content, QStringLiteral("one, in Spanish"));
        QCOMPARE(messages.last().content, QStringLiteral("uno"));
    }

    void reasoningIsKeptApartFromTheAnswer()
    {
        m_backend->pieces
            = { QStringLiteral("<think>\nThe user"), QStringLiteral(" greets.</think>\n\n"), QStringLiteral("Hello!") };
        const qint64 id = m_store->create();
        QSignalSpy updated(m_session.get(), &ChatSession::answerUpdated);
        QSignalSpy finished(m_session.get(), &ChatSession::answerFinished);
        QVERIFY(m_session->send(id, QStringLiteral("Hi")));
        QVERIFY(finished.wait());
        QCOMPARE(updated.first().at(2).toString(), QString());
        QCOMPARE(updated.first().at(3).toString(), QStringLiteral("The user"));
        const auto answer = m_store->messages(id).last();
        QCOMPARE(answer.content, QStringLiteral("Hello!"));
        QCOMPARE(answer.reasoning, QStringLiteral("The user greets."));
    }

    void reasoningSplits_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("reasoning");
        QTest::addColumn<QString>("answer");
        QTest::addColumn<bool>("thinking");
        QTest::newRow("plain") << "Just an answer."
                               << ""
                               << "Just an answer." << false;
        QTest::newRow("open") << "<think>still going"
                              << "still going"
                              << "" << true;
        QTest::newRow("closed") << "<think>a</think>b"
                                << "a"
                                << "b" << false;
        // The template wrote <think> into the prompt: only the end shows.
        QTest::newRow("prompted") << "a\n</think>\n\nb"
                                  << "a"
                                  << "b" << false;
    }

    void reasoningSplits()
    {
        QFETCH(QString, text);
        const SplitAnswer split = splitReasoning(text);
        QTEST(split.reasoning, "reasoning");
        QTEST(split.answer, "answer");
        QTEST(split.thinking, "thinking");
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<ConversationStore> m_store;
    std::unique_ptr<ScriptedBackend> m_backend;
    std::unique_ptr<ChatSession> m_session;
};

QTEST_GUILESS_MAIN(TestChatSession)
#include "tst_chat_session.moc"
