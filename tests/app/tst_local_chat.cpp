// The model loaded in this process, answering through LocalChatBackend: a
// small random-weight model with a real vocabulary (npm test data), loaded
// off the GUI thread, streaming into a ChatReply on it.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "app/chat/chat_reply.h"
#include "app/chat/local_chat_backend.h"
#include "app/chat/template_conversation.h"
#include "app/inference/local_model.h"
#include "engine/model/model.h"
#include "engine/text/vocabulary.h"
#include "tests/support/npm_test_model.h"

using namespace hearth;
using namespace hearth::app;

namespace {

ChatRequest question(const QString& text, int maxTokens)
{
    ChatRequest request;
    ChatMessage message;
    message.role = QStringLiteral("user");
    message.content = text;
    request.messages.append(message);
    request.sampling.temperature = 0.0;
    request.sampling.maxTokens = maxTokens;
    return request;
}

} // namespace

class TestLocalChat : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        m_path = m_dir.filePath(QStringLiteral("tiny-chat.gguf"));
        test::TestModelSpec spec;
        spec.architecture = "qwen2";
        spec.weights = GgmlType::F16;
        QVERIFY2(test::writeNpmTestModel(spec, "qwen2_5", m_path),
            "HEARTH_TEST_DATA names the npm test data (tests/data/fetch.sh)");
    }

    void aModelLoadsOffTheGuiThreadAndAnswers()
    {
        LocalModel model;
        LocalChatBackend backend(model);
        QVERIFY(backend.unavailableReason().contains(QStringLiteral("No model")));
        QSignalSpy loaded(&model, &LocalModel::loaded);
        model.load(m_path, { 512, 2, 2 });
        QCOMPARE(model.state(), LocalModel::State::Loading);
        QVERIFY(!backend.unavailableReason().isEmpty());
        QVERIFY(loaded.wait(20000));
        QCOMPARE(model.state(), LocalModel::State::Ready);
        QCOMPARE(backend.name(), QStringLiteral("tiny-chat"));
        QVERIFY(backend.unavailableReason().isEmpty());

        ChatReply* reply = backend.start(question(QStringLiteral("Hello there"), 12), this);
        QSignalSpy arrived(reply, &ChatReply::textArrived);
        QSignalSpy finished(reply, &ChatReply::finished);
        QVERIFY(finished.wait(20000));
        const auto stats = reply->stats();
        QCOMPARE(stats.finishReason, QStringLiteral("length"));
        QCOMPARE(stats.completionTokens, 12);
        QVERIFY(stats.promptTokens > 3);
        QVERIFY(stats.tokensPerS > 0);
        QVERIFY(!reply->text().isEmpty());
        QVERIFY(arrived.count() > 0);

        // The same question at temperature 0 gives the same answer.
        ChatReply* again = backend.start(question(QStringLiteral("Hello there"), 12), this);
        QSignalSpy againFinished(again, &ChatReply::finished);
        QVERIFY(againFinished.wait(20000));
        QCOMPARE(again->text(), reply->text());
        QVERIFY(again->stats().cachedPromptTokens > 0);
    }

    // What a chat template reads: the reasoning effort when one is chosen,
    // and for harmony (gpt-oss) text where OpenAI sends null.
    void theTemplateReadsTheReasoningEffortAndHarmonyGetsText()
    {
        ChatRequest request = question(QStringLiteral("Hi"), 8);
        QVERIFY(!templateConversation(request, false).contains("reasoning_effort"));
        request.sampling.reasoningEffort = QStringLiteral("high");
        QCOMPARE(templateConversation(request, false)["reasoning_effort"], "high");

        request.openAiMessages = QJsonArray {
            QJsonObject { { QStringLiteral("role"), QStringLiteral("user") },
                { QStringLiteral("content"), QStringLiteral("Weather?") } },
            QJsonObject { { QStringLiteral("role"), QStringLiteral("assistant") },
                { QStringLiteral("content"), QJsonValue() },
                { QStringLiteral("reasoning_content"), QStringLiteral("Look it up.") } },
        };
        QVERIFY(templateConversation(request, false)["messages"][1]["content"].is_null());
        QCOMPARE(templateConversation(request, true)["messages"][1]["content"], "");
        QCOMPARE(templateConversation(request, true)["messages"][1]["thinking"], "Look it up.");
    }

    // A gpt-oss model with its own chat template: the prompt is harmony's,
    // and its markers never reach the answer's text.
    void aGptOssModelAnswersWithoutHarmonyMarkers()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("tiny-gpt-oss.gguf"));
        QFile templateFile(QStringLiteral(QT_TESTCASE_SOURCEDIR "/../fixtures/templates/openai-gpt-oss-120b.jinja"));
        QVERIFY(templateFile.open(QIODevice::ReadOnly));
        auto vocabulary = vocabulary_from_hf(test::npmTokenizer("gptoss"));
        vocabulary.chat_template = templateFile.readAll().toStdString();
        test::TestModelSpec spec;
        spec.architecture = "gpt-oss";
        spec.hidden = 64;
        spec.experts = 4;
        spec.weights = GgmlType::F16;
        test::write_test_model(spec, vocabulary, path.toStdString());

        LocalModel model;
        LocalChatBackend backend(model);
        QSignalSpy loaded(&model, &LocalModel::loaded);
        model.load(path, { 512, 1, 2 });
        QVERIFY(loaded.wait(20000));
        QCOMPARE(model.state(), LocalModel::State::Ready);
        ChatRequest request = question(QStringLiteral("Hello there"), 24);
        request.sampling.reasoningEffort = QStringLiteral("low");
        ChatReply* reply = backend.start(request, this);
        QSignalSpy finished(reply, &ChatReply::finished);
        QVERIFY(finished.wait(20000));
        QCOMPARE(reply->stats().finishReason, QStringLiteral("length"));
        // The harmony prompt: system and developer messages before the question.
        QVERIFY2(reply->stats().promptTokens > 40, qPrintable(QString::number(reply->stats().promptTokens)));
        for (const char* marker : { "<|start|>", "<|channel|>", "<|message|>", "<|end|>" })
            QVERIFY2(!reply->text().contains(QLatin1String(marker)), qPrintable(reply->text()));
    }

    void aGpuThatCannotBeUsedLeavesTheModelOnTheCpuWithTheReason()
    {
        LocalModel model;
        QSignalSpy loaded(&model, &LocalModel::loaded);
        LocalModel::Options options { 256, 1, 2 };
        options.device = ComputeDevice::Cuda;
        options.gpu = 99; // no machine has this one
        model.load(m_path, options);
        QVERIFY(loaded.wait(20000));
        QCOMPARE(model.device().kind, ComputeDevice::Cpu);
        QVERIFY2(model.deviceNote().contains(QStringLiteral("CPU")), qPrintable(model.deviceNote()));
        model.load(m_path, { 256, 1, 2 });
        QVERIFY(loaded.wait(20000));
        QVERIFY(model.deviceNote().isEmpty());
    }

    void aReplyCanBeCancelled()
    {
        LocalModel model;
        LocalChatBackend backend(model);
        QSignalSpy loaded(&model, &LocalModel::loaded);
        model.load(m_path, { 512, 1, 2 });
        QVERIFY(loaded.wait(20000));
        ChatReply* reply = backend.start(question(QStringLiteral("Tell me a long story"), 400), this);
        QSignalSpy arrived(reply, &ChatReply::textArrived);
        QSignalSpy finished(reply, &ChatReply::finished);
        QVERIFY(arrived.wait(20000));
        reply->cancel();
        QVERIFY(finished.wait(20000));
        QCOMPARE(reply->stats().finishReason, QStringLiteral("cancelled"));
        QVERIFY(reply->stats().completionTokens < 400);
    }

    void unloadingWhileAnsweringEndsTheAnswer()
    {
        LocalModel model;
        LocalChatBackend backend(model);
        QSignalSpy loaded(&model, &LocalModel::loaded);
        model.load(m_path, { 512, 1, 2 });
        QVERIFY(loaded.wait(20000));
        ChatReply* reply = backend.start(question(QStringLiteral("Keep talking"), 400), this);
        QSignalSpy arrived(reply, &ChatReply::textArrived);
        QSignalSpy finished(reply, &ChatReply::finished);
        QVERIFY(arrived.wait(20000));
        model.unload();
        QVERIFY(!backend.unavailableReason().isEmpty());
        // The reply keeps the engine until it ends; cancelling ends it.
        reply->cancel();
        QVERIFY(finished.wait(20000));
    }

    void aPromptLongerThanTheContextIsRefusedWithAReason()
    {
        LocalModel model;
        LocalChatBackend backend(model);
        QSignalSpy loaded(&model, &LocalModel::loaded);
        model.load(m_path, { 64, 1, 2 });
        QVERIFY(loaded.wait(20000));
        // About 200 tokens for a context of 64.
        ChatReply* reply = backend.start(question(QStringLiteral("word ").repeated(200), 8), this);
        QSignalSpy finished(reply, &ChatReply::finished);
        QVERIFY(finished.wait(20000));
        QCOMPARE(reply->stats().finishReason, QStringLiteral("error"));
        QVERIFY2(reply->stats().error.contains(QStringLiteral("context")), qPrintable(reply->stats().error));
        QCOMPARE(reply->stats().errorCode, QStringLiteral("context_length_exceeded"));
    }

    void aDamagedFileFailsToLoadWithTheReason()
    {
        const QString damaged = m_dir.filePath(QStringLiteral("damaged.gguf"));
        QFile::copy(m_path, damaged);
        QFile file(damaged);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.resize(file.size() / 2));
        file.close();

        LocalModel model;
        QSignalSpy failed(&model, &LocalModel::loadFailed);
        model.load(damaged, {});
        QVERIFY(failed.wait(20000));
        QCOMPARE(model.state(), LocalModel::State::Failed);
        QVERIFY(!model.errorString().isEmpty());
        LocalChatBackend backend(model);
        QVERIFY(backend.unavailableReason().contains(model.errorString()));
    }

    void aLaterLoadSupersedesAnEarlierOne()
    {
        LocalModel model;
        QSignalSpy loaded(&model, &LocalModel::loaded);
        QSignalSpy failed(&model, &LocalModel::loadFailed);
        model.load(m_dir.filePath(QStringLiteral("missing.gguf")), {});
        model.load(m_path, { 256, 1, 1 });
        QVERIFY(loaded.wait(20000));
        QTest::qWait(100);
        QCOMPARE(failed.count(), 0);
        QCOMPARE(model.state(), LocalModel::State::Ready);
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
};

QTEST_GUILESS_MAIN(TestLocalChat)
#include "tst_local_chat.moc"
