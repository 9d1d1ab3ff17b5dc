#include <QTemporaryDir>
#include <QtTest>

#include "app/chat/conversation_export.h"
#include "app/chat/conversation_store.h"
#include "app/storage/database.h"

using namespace hearth::app;

namespace {

ChatMessage message(const QString& role, const QString& content, const QString& reasoning = {})
{
    ChatMessage m;
    m.role = role;
    m.content = content;
    m.reasoning = reasoning;
    return m;
}

Conversation conversation(const QString& title, const QString& system)
{
    Conversation c;
    c.title = title;
    c.systemPrompt = system;
    return c;
}

} // namespace

class TestConversationExport : public QObject {
    Q_OBJECT
private slots:
    void markdownReadsLikeTheChat()
    {
        const QString markdown = conversationToMarkdown(
            conversation(QStringLiteral("Tides"), QStringLiteral("Be brief.")),
            { message(QStringLiteral("user"), QStringLiteral("Why tides?")),
                message(QStringLiteral("assistant"), QStringLiteral("The **moon**."), QStringLiteral("Gravity.")) });
        QVERIFY(markdown.startsWith(QStringLiteral("# Tides\n")));
        QVERIFY(markdown.contains(QStringLiteral("Be brief.")));
        QVERIFY(markdown.indexOf(QStringLiteral("## You")) < markdown.indexOf(QStringLiteral("## Assistant")));
        QVERIFY(markdown.contains(QStringLiteral("<details><summary>Reasoning</summary>\n\nGravity.")));
        QVERIFY(markdown.contains(QStringLiteral("The **moon**.")));
    }

    void jsonRoundTrips()
    {
        const QList<ChatMessage> messages { message(QStringLiteral("user"), QStringLiteral("你好")),
            message(QStringLiteral("assistant"), QStringLiteral("你好！有什么可以帮你？")) };
        const QByteArray json
            = conversationToJson(conversation(QStringLiteral("问候"), QStringLiteral("用中文回答。")), messages);
        const ImportedConversation back = conversationFromJson(json);
        QVERIFY2(back.error.isEmpty(), qPrintable(back.error));
        QCOMPARE(back.conversation.title, QStringLiteral("问候"));
        QCOMPARE(back.conversation.systemPrompt, QStringLiteral("用中文回答。"));
        QCOMPARE(back.messages.size(), 2);
        QCOMPARE(back.messages[1].content, QStringLiteral("你好！有什么可以帮你？"));
        // The OpenAI shape: the system prompt is the first message.
        const auto root = QJsonDocument::fromJson(json).object();
        QCOMPARE(root[QStringLiteral("messages")].toArray().first().toObject()[QStringLiteral("role")].toString(),
            QStringLiteral("system"));
    }

    void aBareListOfMessagesWithPartsImports()
    {
        const auto imported = conversationFromJson(R"([
            {"role": "user", "content": [{"type": "text", "text": "Describe"}, {"type": "image_url", "image_url": {}},
                                         {"type": "text", "text": "this"}]},
            {"role": "assistant", "content": "A cat."}])");
        QVERIFY2(imported.error.isEmpty(), qPrintable(imported.error));
        QCOMPARE(imported.messages.first().content, QStringLiteral("Describe\nthis"));
    }

    void badInputIsRefusedWithTheReason_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("reason");
        QTest::newRow("not json") << QByteArray("{\"messages\": [") << QStringLiteral("not JSON");
        QTest::newRow("no messages") << QByteArray("{\"title\": \"x\"}") << QStringLiteral("no \"messages\"");
        QTest::newRow("tool role") << QByteArray(R"([{"role":"user","content":"a"},{"role":"tool","content":"b"}])")
                                   << QStringLiteral("message 2 has the role \"tool\"");
        QTest::newRow("only system") << QByteArray(R"([{"role":"system","content":"a"}])")
                                     << QStringLiteral("no user or assistant");
    }

    void badInputIsRefusedWithTheReason()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, reason);
        const auto imported = conversationFromJson(json);
        QVERIFY2(imported.error.contains(reason), qPrintable(imported.error));
    }

    void anImportBecomesAConversation()
    {
        QTemporaryDir dir;
        Database database;
        QVERIFY(database.open(dir.filePath(QStringLiteral("hearth.sqlite3"))));
        ConversationStore store(database);
        const auto imported = conversationFromJson(R"({"title": "Imported", "messages": [
            {"role": "system", "content": "Terse."}, {"role": "user", "content": "Hi"},
            {"role": "assistant", "content": "Hello."}]})");
        const qint64 id = addImportedConversation(store, imported);
        QVERIFY(id > 0);
        QCOMPARE(store.conversation(id)->title, QStringLiteral("Imported"));
        QCOMPARE(store.conversation(id)->systemPrompt, QStringLiteral("Terse."));
        QCOMPARE(store.messages(id).size(), 2);
        QCOMPARE(addImportedConversation(store, conversationFromJson("[]")), 0);
    }
};

QTEST_GUILESS_MAIN(TestConversationExport)
#include "tst_conversation_export.moc"
