// Quantizing and measuring off the GUI thread: the targets' sizes are the
// files' to the byte and each comes with a verdict; a job reports progress,
// writes its file, or on cancel leaves none; a quality job measures a model
// against itself as costing nothing; the report exports as CSV.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "app/quant/quality_job.h"
#include "app/quant/quality_report.h"
#include "app/quant/quantize_job.h"
#include "app/quant/quantize_targets.h"
#include "engine/gguf/gguf_file.h"
#include "tests/support/npm_test_model.h"

using namespace hearth;
using namespace hearth::app;

class TestQuantizeJobs : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        m_model = m_dir.filePath(QStringLiteral("tiny-f32.gguf"));
        test::TestModelSpec spec;
        spec.layers = 4;
        QVERIFY2(test::writeNpmTestModel(spec, "llama2", m_model),
            "HEARTH_TEST_DATA names the npm test data (tests/data/fetch.sh)");
    }

    void targetsKnowTheirSizeAndFit()
    {
        GpuSpec small;
        small.name = "Test GPU";
        small.capacity_bytes = 64ull << 20;
        small.local = true;
        QString error;
        const auto targets = quantizeTargets(m_model, 512, { small }, 16ull << 30, &error);
        QVERIFY2(targets, qPrintable(error));
        // Every target but MXFP4_MOE, which a model without experts is not offered.
        QCOMPARE(targets->size(), qsizetype(all_model_quants().size()) - 1);
        QVERIFY(std::none_of(targets->begin(), targets->end(),
            [](const QuantizeTarget& target) { return target.quant == ModelQuant::MXFP4_MOE; }));
        const auto of = [&](ModelQuant quant) {
            return *std::find_if(
                targets->begin(), targets->end(), [quant](const QuantizeTarget& t) { return t.quant == quant; });
        };
        QVERIFY(of(ModelQuant::Q4_0).bytes < of(ModelQuant::Q8_0).bytes);
        QVERIFY(of(ModelQuant::Q8_0).bytes < of(ModelQuant::F16).bytes);
        QVERIFY(of(ModelQuant::F16).fit.verdict != MachineFit::Verdict::DoesNotFit);

        const QString out = m_dir.filePath(QStringLiteral("tiny-Q4_K_M.gguf"));
        QCOMPARE(QuantizeJob::defaultOutput(m_model, ModelQuant::Q4_K_M), out);
        QuantizeJob job;
        QSignalSpy progress(&job, &QuantizeJob::progress);
        QSignalSpy finished(&job, &QuantizeJob::finished);
        job.start({ m_model, out, ModelQuant::Q4_K_M, 2 });
        QVERIFY(finished.wait(30000));
        QVERIFY(progress.size() > 10);
        QCOMPARE(progress.last().first().toDouble(), 1.0);
        // The size promised is the size written.
        QCOMPARE(qint64(GgufFile::open(out.toStdString()).tensor_bytes()), of(ModelQuant::Q4_K_M).bytes);
    }

    void aCancelledJobLeavesNoFile()
    {
        const QString out = m_dir.filePath(QStringLiteral("cancelled.gguf"));
        QuantizeJob job;
        QSignalSpy cancelled(&job, &QuantizeJob::cancelled);
        connect(&job, &QuantizeJob::progress, &job, &QuantizeJob::cancel);
        job.start({ m_model, out, ModelQuant::Q6_K, 1 });
        QVERIFY(cancelled.wait(30000));
        QVERIFY(!QFile::exists(out));
        QVERIFY(!QFile::exists(out + QStringLiteral(".partial")));
    }

    void qualityAgainstItselfCostsNothing()
    {
        QString text;
        for (int i = 0; i < 300; ++i)
            text += QStringLiteral("The team keeps its models on its own workstation. ");
        QualityJob job;
        QSignalSpy finished(&job, &QualityJob::finished);
        QSignalSpy failed(&job, &QualityJob::failed);
        job.start({ m_model, m_model, text, 64, 2, 1, QStringLiteral("F32") });
        QVERIFY(finished.wait(30000));
        QVERIFY(failed.isEmpty());
        const auto row = finished.first().first().value<QualityRow>();
        QCOMPARE(row.quantization, QStringLiteral("F32"));
        QVERIFY(row.perplexity > 1);
        QVERIFY(*row.klDivergence < 1e-9);
        QCOMPARE(*row.sameTopToken, 1.0);
        QVERIFY(row.tokensPerSecond > 0);

        QualityReport report;
        report.append(row);
        QualityRow q4 = row;
        q4.quantization = QStringLiteral("Q4_0");
        q4.path = QStringLiteral("/models/with, comma.gguf");
        q4.klDivergence = 0.25;
        report.append(q4);
        QCOMPARE(report.rowCount(), 2);
        QCOMPARE(report.index(1, QualityReport::KlColumn).data(QualityReport::ValueRole).toDouble(), 0.25);
        const QList<QByteArray> lines = report.toCsv().split('\n');
        QVERIFY(lines[0].startsWith("quantization,path,size_bytes,perplexity"));
        QVERIFY(lines[2].startsWith("Q4_0,\"/models/with, comma.gguf\","));
        QVERIFY(lines[2].contains(",0.25,"));
        const QString csv = m_dir.filePath(QStringLiteral("report.csv"));
        QString error;
        QVERIFY(report.exportCsv(csv, &error));
        QVERIFY(QFileInfo(csv).size() > 0);
    }

    void aBrokenFileIsExplained()
    {
        const QString broken = m_dir.filePath(QStringLiteral("broken.gguf"));
        QFile file(broken);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("GGUF not really");
        file.close();
        QString error;
        QVERIFY(!quantizeTargets(broken, 512, {}, 1ull << 30, &error));
        QVERIFY(!error.isEmpty());
        QuantizeJob job;
        QSignalSpy failed(&job, &QuantizeJob::failed);
        job.start({ broken, m_dir.filePath(QStringLiteral("never.gguf")), ModelQuant::Q8_0, 1 });
        QVERIFY(failed.wait(30000));
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("never.gguf"))));
    }

private:
    QTemporaryDir m_dir;
    QString m_model;
};

QTEST_MAIN(TestQuantizeJobs)
#include "tst_quantize_jobs.moc"
