// The API server's policies on their own: salted keys, per-key rate limits
// over a sliding minute, the Prometheus text, and output redaction that no
// way of splitting a stream gets around.
#include <QRandomGenerator>
#include <QtTest>

#include "app/server/api_key.h"
#include "app/server/client_snippets.h"
#include "app/server/failed_key_attempts.h"
#include "app/server/output_redactor.h"
#include "app/server/rate_limiter.h"
#include "app/server/server_metrics.h"
#include "app/server/tool_calls.h"
#include "app/server/traffic_series.h"

using namespace hearth;
using namespace hearth::app;

class TestServerPolicies : public QObject {
    Q_OBJECT
private slots:
    void keysAreSaltedAndMatchOnlyTheirSecret()
    {
        const QByteArray secret = ApiKey::newSecret();
        QVERIFY(secret.startsWith("sk-hearth-"));
        QVERIFY(secret.size() > 40);
        QVERIFY(ApiKey::newSecret() != secret);
        const ApiKey key = ApiKey::fromSecret(QStringLiteral("team"), secret);
        const ApiKey again = ApiKey::fromSecret(QStringLiteral("team"), secret);
        QVERIFY(key.digest != again.digest); // a salt of its own
        QVERIFY(!key.digest.contains(secret));
        QVERIFY(key.matches(secret));
        QVERIFY(again.matches(secret));
        QVERIFY(!key.matches(secret + 'x'));
        QVERIFY(!key.matches(QByteArray()));
    }

    void requestLimitsSlideOverAMinute()
    {
        ApiKey key = ApiKey::fromSecret(QStringLiteral("team"), "s");
        key.requestsPerMinute = 3;
        RateLimiter limiter;
        const qint64 t0 = 1'000'000;
        QCOMPARE(limiter.admit(key, t0), 0);
        QCOMPARE(limiter.admit(key, t0 + 10'000), 0);
        QCOMPARE(limiter.admit(key, t0 + 20'000), 0);
        QCOMPARE(limiter.admit(key, t0 + 30'000), 30); // the first ages out at t0 + 60 s
        QCOMPARE(limiter.admit(key, t0 + 60'001), 0);
        ApiKey other = key;
        other.name = QStringLiteral("other");
        QCOMPARE(limiter.admit(other, t0 + 30'000), 0); // each key its own window
    }

    void tokenLimitsRefuseOnceSpent()
    {
        ApiKey key = ApiKey::fromSecret(QStringLiteral("team"), "s");
        key.tokensPerMinute = 100;
        RateLimiter limiter;
        const qint64 t0 = 5'000'000;
        QCOMPARE(limiter.admit(key, t0), 0);
        limiter.addTokens(key, 60, t0 + 1'000);
        QCOMPARE(limiter.admit(key, t0 + 2'000), 0);
        limiter.addTokens(key, 50, t0 + 3'000);
        QCOMPARE(limiter.admit(key, t0 + 4'000), 57); // 110 spent; the 60 age out at t0 + 61 s
        QCOMPARE(limiter.admit(key, t0 + 61'500), 0);
        ApiKey unlimited = ApiKey::fromSecret(QStringLiteral("free"), "t");
        for (int i = 0; i < 1000; ++i)
            QCOMPARE(limiter.admit(unlimited, t0), 0);
    }

    // Six requests sent at once against 30 tokens a minute once spent 426:
    // each now holds what it may use while it runs.
    void runningRequestsHoldTheirTokens()
    {
        ApiKey key = ApiKey::fromSecret(QStringLiteral("team"), "s");
        key.tokensPerMinute = 30;
        RateLimiter limiter;
        const qint64 t0 = 9'000'000;
        const auto first = limiter.hold(key, 5, 5 + 100, t0);
        QCOMPARE(first.waitS, 0);
        QCOMPARE(first.tokens, 30); // all the minute has
        const auto second = limiter.hold(key, 5, 5 + 100, t0 + 10);
        QCOMPARE(second.tokens, 0);
        QVERIFY(second.waitS > 0);
        QVERIFY(limiter.admit(key, t0 + 20) > 0); // nothing left for anything else either
        limiter.settle(key, first.tokens, 12, t0 + 1'000); // it used 12
        const auto third = limiter.hold(key, 5, 5 + 100, t0 + 2'000);
        QCOMPARE(third.waitS, 0);
        QCOMPARE(third.tokens, 18);
        limiter.settle(key, third.tokens, 18, t0 + 3'000);
        const auto later = limiter.hold(key, 5, 5 + 10, t0 + 4'000);
        QCOMPARE(later.waitS, 57); // the first 12 age out at t0 + 61 s
        QCOMPARE(limiter.hold(key, 40, 50, t0 + 4'000).waitS, -1); // never fits
        ApiKey unlimited = ApiKey::fromSecret(QStringLiteral("free"), "t");
        QCOMPARE(limiter.hold(unlimited, 40, 50, t0).tokens, 50);
    }

    void wrongKeysWaitLongerEachTimePastAFew()
    {
        FailedKeyAttempts attempts;
        const QHostAddress guesser(QStringLiteral("192.0.2.7"));
        const QHostAddress other(QStringLiteral("192.0.2.8"));
        for (int i = 0; i < FailedKeyAttempts::freeFailures; ++i)
            QCOMPARE(attempts.recordFailure(guesser, 1000), 0);
        QCOMPARE(attempts.recordFailure(guesser, 2000), 500);
        QCOMPARE(attempts.recordFailure(guesser, 3000), 1000);
        QCOMPARE(attempts.recordFailure(guesser, 4000), 2000);
        for (int i = 0; i < 10; ++i)
            attempts.recordFailure(guesser, 5000);
        QCOMPARE(attempts.recordFailure(guesser, 6000), FailedKeyAttempts::maxDelayMs);
        QCOMPARE(attempts.recordFailure(other, 6000), 0); // each address has its own count
        QCOMPARE(attempts.recordFailure(guesser, 61'000), 0); // a new minute starts over
    }

    void metricsAreValidPrometheusText()
    {
        ServerMetrics metrics;
        RequestRecord ok;
        ok.path = QStringLiteral("/v1/chat/completions");
        ok.status = 200;
        ok.promptTokens = 10;
        ok.completionTokens = 5;
        ok.latencyS = 0.3;
        ok.timeToFirstTokenS = 0.04;
        metrics.record(ok);
        metrics.record(ok);
        RequestRecord bad = ok;
        bad.status = 400;
        bad.promptTokens = bad.completionTokens = 0;
        metrics.record(bad);
        EngineStats engine { 1, 2, 1024, 4, 300 };
        const QString text = QString::fromUtf8(metrics.prometheusText(engine, 3));
        QVERIFY(text.contains(
            QStringLiteral("hearth_requests_total{endpoint=\"/v1/chat/completions\",status=\"200\"} 2\n")));
        QVERIFY(text.contains(
            QStringLiteral("hearth_requests_total{endpoint=\"/v1/chat/completions\",status=\"400\"} 1\n")));
        QVERIFY(text.contains(QStringLiteral("hearth_prompt_tokens_total 20\n")));
        QVERIFY(text.contains(QStringLiteral("hearth_completion_tokens_total 10\n")));
        QVERIFY(text.contains(QStringLiteral("hearth_request_duration_seconds_bucket{le=\"0.25\"} 0\n")));
        QVERIFY(text.contains(QStringLiteral("hearth_request_duration_seconds_bucket{le=\"0.5\"} 2\n")));
        QVERIFY(text.contains(QStringLiteral("hearth_request_duration_seconds_bucket{le=\"+Inf\"} 2\n")));
        QVERIFY(text.contains(QStringLiteral("hearth_time_to_first_token_seconds_count 2\n")));
        QVERIFY(text.contains(QStringLiteral("hearth_requests_in_flight 3\n")));
        QVERIFY(text.contains(QStringLiteral("hearth_queue_depth 2\n")));
        QVERIFY(text.contains(QStringLiteral("hearth_active_sequences 1\n")));
        QVERIFY(text.contains(QStringLiteral("hearth_kv_cache_tokens 300\n")));
        QVERIFY(text.contains(QStringLiteral("hearth_kv_cache_capacity_tokens 4096\n")));
        // Every sample line belongs to a declared metric.
        QString declared;
        for (const QString& line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            if (line.startsWith(QLatin1String("# TYPE ")))
                declared = line.section(QLatin1Char(' '), 2, 2);
            else if (!line.startsWith(QLatin1Char('#')))
                QVERIFY2(line.startsWith(declared), qPrintable(line));
        }
        QVERIFY(
            !QString::fromUtf8(metrics.prometheusText(std::nullopt, 0)).contains(QStringLiteral("hearth_queue_depth")));
    }

    void theGuidesPatternsAreRedacted_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("national id") << QStringLiteral("ID 11010519491231002X ok")
                                     << QStringLiteral("ID [REDACTED] ok");
        QTest::newRow("mobile") << QStringLiteral("call 13800138000.") << QStringLiteral("call [REDACTED].");
        QTest::newRow("passport") << QStringLiteral("passport E12345678 or AB1234567")
                                  << QStringLiteral("passport [REDACTED] or [REDACTED]");
        QTest::newRow("card") << QStringLiteral("card 6222 0212 3456 7890 123") << QStringLiteral("card [REDACTED]");
        QTest::newRow("card digits") << QStringLiteral("6222021234567890") << QStringLiteral("[REDACTED]");
        QTest::newRow("not sensitive") << QStringLiteral("In 2024, 12345 people and 1380013800 (10 digits).")
                                       << QStringLiteral("In 2024, 12345 people and 1380013800 (10 digits).");
        QTest::newRow("chinese") << QStringLiteral("我的手机号是13912345678，谢谢")
                                 << QStringLiteral("我的手机号是[REDACTED]，谢谢");
        QTest::newRow("country code") << QStringLiteral("call +8613800138000 now")
                                      << QStringLiteral("call [REDACTED] now");
        QTest::newRow("country code bare")
            << QStringLiteral("call 8613800138000 now") << QStringLiteral("call [REDACTED] now");
        QTest::newRow("mobile dashes") << QStringLiteral("call 138-0013-8000.") << QStringLiteral("call [REDACTED].");
        QTest::newRow("mobile spaces") << QStringLiteral("call 138 0013 8000.") << QStringLiteral("call [REDACTED].");
        QTest::newRow("full-width digits")
            << QStringLiteral("电话１３８００１３８０００。") << QStringLiteral("电话[REDACTED]。");
        QTest::newRow("id spaces") << QStringLiteral("ID 110105 19491231 002X ok")
                                   << QStringLiteral("ID [REDACTED] ok");
        QTest::newRow("id dashes") << QStringLiteral("ID 110105-19491231-002X ok")
                                   << QStringLiteral("ID [REDACTED] ok");
        QTest::newRow("card dots") << QStringLiteral("card 6222.0212.3456.7890 ok")
                                   << QStringLiteral("card [REDACTED] ok");
    }

    // An answer cut by max_tokens or a stop string may end inside a number:
    // what there is of it is redacted too, but not when the model ended the
    // answer itself, nor a start too short to tell anything.
    void aCutAnswerHidesTheStartOfANumber()
    {
        const OutputRedactor redactor;
        const auto cut = OutputRedactor::Ending::Cut;
        QCOMPARE(redactor.redacted(QStringLiteral("Call 138001380"), cut), QStringLiteral("Call [REDACTED]"));
        QCOMPARE(redactor.redacted(QStringLiteral("Call 138001380")), QStringLiteral("Call 138001380"));
        QCOMPARE(redactor.redacted(QStringLiteral("Call 13"), cut), QStringLiteral("Call 13"));
        QCOMPARE(redactor.redacted(QStringLiteral("ID 11010519"), cut), QStringLiteral("ID [REDACTED]"));
        QCOMPARE(redactor.redacted(QStringLiteral("Call 13800138000 and 1390"), cut),
            QStringLiteral("Call [REDACTED] and [REDACTED]"));
        OutputRedactor stream;
        QString out = stream.push(QStringLiteral("Reach me at 139"));
        out += stream.push(QStringLiteral("1234"));
        out += stream.finish(cut);
        QCOMPARE(out, QStringLiteral("Reach me at [REDACTED]"));
    }

    void theGuidesPatternsAreRedacted()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QCOMPARE(OutputRedactor().redacted(text), expected);
    }

    // However a stream splits the text, what reaches the client is the
    // whole text redacted, and no piece carries part of a match.
    void noSplitLetsAMatchThrough()
    {
        const QString text = QStringLiteral("Reach Li at 13800138000 or 6222 0212 3456 7890; ID 11010519491231002X. "
                                            "Order 42 ships in 3 days, ref 1234567890.");
        const OutputRedactor whole;
        const QString expected = whole.redacted(text);
        QCOMPARE(expected,
            QStringLiteral(
                "Reach Li at [REDACTED] or [REDACTED]; ID [REDACTED]. Order 42 ships in 3 days, ref 1234567890."));
        auto* random = QRandomGenerator::global();
        for (int trial = 0; trial < 300; ++trial) {
            OutputRedactor stream;
            QString out;
            for (qsizetype at = 0; at < text.size();) {
                const qsizetype length = trial == 0 ? 1 : random->bounded(1, 9);
                const QString piece = stream.push(text.mid(at, length));
                QVERIFY2(!piece.contains(QStringLiteral("00138")) && !piece.contains(QStringLiteral("0212"))
                        && !piece.contains(QStringLiteral("1949")),
                    qPrintable(piece));
                out += piece;
                at += length;
            }
            out += stream.finish();
            QCOMPARE(out, expected);
        }
    }

    void trafficIsCountedPerSecond()
    {
        const QDateTime now = QDateTime::fromMSecsSinceEpoch(1'700'000'100'000, Qt::UTC);
        RequestRecord a; // 10 s ago to 6 s ago, tokens from 9 s ago: 40 tokens over 3 s
        a.time = now.addSecs(-10);
        a.latencyS = 4;
        a.timeToFirstTokenS = 1;
        a.completionTokens = 30;
        RequestRecord b = a; // alongside, from 8 s ago to 7 s ago, no tokens
        b.time = now.addSecs(-8);
        b.latencyS = 1;
        b.completionTokens = 0;
        RequestRecord old = a;
        old.time = now.addSecs(-500);
        const TrafficSeries series = trafficSeries({ a, b, old }, now, 12);
        QCOMPARE(series.tokensPerSecond.size(), 12);
        // Second i covers [now - 12 + i, now - 11 + i).
        QCOMPARE(series.concurrentRequests, (QList<int> { 0, 0, 1, 1, 2, 1, 0, 0, 0, 0, 0, 0 }));
        QCOMPARE(series.tokensPerSecond[2], 0.0);
        QCOMPARE(series.tokensPerSecond[3], 10.0);
        QCOMPARE(series.tokensPerSecond[4], 10.0);
        QCOMPARE(series.tokensPerSecond[5], 10.0);
        QCOMPARE(series.tokensPerSecond[6], 0.0);
    }

    void snippetsUseTheAddressAndKeepKeysOut()
    {
        const ClientSnippets open
            = clientSnippets(QStringLiteral("http://10.0.0.5:8080/v1"), QStringLiteral("qwen"), false);
        QVERIFY(open.curl.contains(QStringLiteral("http://10.0.0.5:8080/v1/chat/completions")));
        QVERIFY(!open.curl.contains(QStringLiteral("Authorization")));
        QVERIFY(open.python.contains(QStringLiteral("base_url=\"http://10.0.0.5:8080/v1\"")));
        QVERIFY(open.javascript.contains(QStringLiteral("model: \"qwen\"")));
        const ClientSnippets keyed
            = clientSnippets(QStringLiteral("http://10.0.0.5:8080/v1"), QStringLiteral("it's \"q\""), true);
        QVERIFY(keyed.curl.contains(QStringLiteral("$OPENAI_API_KEY")));
        QVERIFY(keyed.curl.contains(QStringLiteral("it'\\''s \\\"q\\\"")));
        QVERIFY(keyed.python.contains(QStringLiteral("import os")));
        QVERIFY(keyed.javascript.contains(QStringLiteral("process.env.OPENAI_API_KEY")));
    }

    void toolCallsInTheFormatsModelsWrite()
    {
        // Qwen and Hermes: tagged blocks, any number, text around them kept.
        ToolCallParse qwen
            = parseToolCalls(QStringLiteral("Let me look.\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": "
                                            "{\"city\": \"Paris\"}}\n</tool_call>\n"
                                            "<tool_call>\n{\"name\": \"get_time\", \"arguments\": {}}\n</tool_call>"));
        QCOMPARE(qwen.calls.size(), 2);
        QCOMPARE(qwen.calls[0].name, QStringLiteral("get_weather"));
        QCOMPARE(qwen.calls[0].arguments, QStringLiteral("{\"city\":\"Paris\"}"));
        QCOMPARE(qwen.calls[1].arguments, QStringLiteral("{}"));
        QCOMPARE(qwen.content, QStringLiteral("Let me look."));
        // Llama 3: the bare object, with "parameters", after an optional python tag; or several.
        ToolCallParse llama = parseToolCalls(
            QStringLiteral("<|python_tag|>{\"name\": \"search\", \"parameters\": {\"q\": \"hearth\"}}"));
        QCOMPARE(llama.calls.size(), 1);
        QCOMPARE(llama.calls[0].arguments, QStringLiteral("{\"q\":\"hearth\"}"));
        QVERIFY(llama.content.isEmpty());
        QCOMPARE(parseToolCalls(
                     QStringLiteral("{\"name\": \"a\", \"parameters\": {}}; {\"name\": \"b\", \"parameters\": {}}"))
                     .calls.size(),
            2);
        QCOMPARE(parseToolCalls(QStringLiteral("[{\"name\": \"a\", \"arguments\": \"{}\"}]")).calls.size(), 1);
        // Not calls: all content.
        for (const QString& text : { QStringLiteral("Just text."), QStringLiteral("{\"answer\": 42}"),
                 QStringLiteral("<tool_call>not json</tool_call>") }) {
            const ToolCallParse none = parseToolCalls(text);
            QVERIFY(none.calls.isEmpty());
            QCOMPARE(none.content, text);
        }
    }

    void aStreamHoldsBackOnlyWhatMayBeACall()
    {
        ToolCallStream text;
        QCOMPARE(text.push(QStringLiteral("Hello ")), QStringLiteral("Hello "));
        QCOMPARE(text.push(QStringLiteral("there <tool")), QStringLiteral("there "));
        QCOMPARE(text.push(QStringLiteral("_call>{\"name\": \"f\", \"arguments\": {}}</tool_call>")), QString());
        const ToolCallParse end = text.finish();
        QCOMPARE(end.calls.size(), 1);
        QVERIFY(end.content.isEmpty());

        ToolCallStream json;
        QCOMPARE(json.push(QStringLiteral(" {\"name\"")), QString());
        QCOMPARE(json.push(QStringLiteral(": \"f\", \"parameters\": {}}")), QString());
        QCOMPARE(json.finish().calls.size(), 1);

        ToolCallStream notACall;
        QCOMPARE(notACall.push(QStringLiteral("<b")), QStringLiteral("<b"));
        QCOMPARE(notACall.push(QStringLiteral("> and <")), QStringLiteral("> and "));
        QCOMPARE(notACall.finish().content, QStringLiteral("<"));
    }

    void ownPatternsAndBadOnes()
    {
        const OutputRedactor custom({ QStringLiteral("Project [A-Z]+"), QStringLiteral("(unclosed") });
        QVERIFY(custom.errorString().contains(QStringLiteral("(unclosed")));
        QCOMPARE(
            custom.redacted(QStringLiteral("About Project ORION today")), QStringLiteral("About [REDACTED] today"));
        // A pattern that could match without end holds back a bounded amount.
        OutputRedactor greedy({ QStringLiteral("x.*y") });
        QString sent;
        for (int i = 0; i < 1000; ++i)
            sent += greedy.push(QStringLiteral("x "));
        QVERIFY(sent.size() > 1000);
    }
};

QTEST_GUILESS_MAIN(TestServerPolicies)
#include "tst_server_policies.moc"
