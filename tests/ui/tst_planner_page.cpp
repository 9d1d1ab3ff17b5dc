#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>

#include "app/plan/machine_gpus.h"

#include <fstream>

#include "tests/support/gguf_builder.h"
#include "ui/planner/memory_chart.h"
#include "ui/planner/planner_page.h"

using namespace hearth;
using hearth::ui::PlannerPage;

class TestPlannerPage : public QObject {
    Q_OBJECT
private:
    app::MachineGpus m_gpus { app::MachineGpus::Snapshot {} }; // known: no GPU
    template <typename T> T* child(PlannerPage& page, const char* name)
    {
        auto* widget = page.findChild<T*>(QLatin1String(name));
        if (!widget)
            qFatal("no child %s", name);
        return widget;
    }

    void choose(QComboBox* combo, const QString& data)
    {
        const int index = combo->findData(data);
        QVERIFY2(index >= 0, qPrintable(data));
        combo->setCurrentIndex(index);
    }

    QString writeGguf(const QString& path, const test::GgufBuilder& builder, std::size_t cut = 0)
    {
        auto bytes = builder.build();
        bytes.resize(bytes.size() - cut);
        std::ofstream file(path.toStdString(), std::ios::binary);
        file.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        return path;
    }

    QTemporaryDir m_dir;

private slots:
    void numbersFollowTheInputs()
    {
        PlannerPage page(m_gpus);
        page.show();
        choose(child<QComboBox>(page, "model"), QStringLiteral("llama-3.1-8b-instruct"));
        auto* context = child<QSpinBox>(page, "context");
        auto* kv = child<QLabel>(page, "kvCache");
        QCOMPARE(context->value(), 8192); // the default, within the model's 131072
        QCOMPARE(kv->text(), QStringLiteral("1.00 GiB"));

        QSignalSpy changed(&page, &PlannerPage::reportChanged);
        context->setValue(16384);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(kv->text(), QStringLiteral("2.00 GiB"));
        child<QSpinBox>(page, "batch")->setValue(2);
        QCOMPARE(kv->text(), QStringLiteral("4.00 GiB"));
        choose(child<QComboBox>(page, "kv"), QStringLiteral("q8_0"));
        QCOMPARE(page.report()->memory.kv_cache_bytes, (4ull << 30) / 32 * 17);

        const auto weightsQ4 = page.report()->memory.weights_bytes;
        choose(child<QComboBox>(page, "quant"), QStringLiteral("F16"));
        QCOMPARE(page.report()->memory.weights_bytes, 2 * 8030261248ull);
        QVERIFY(page.report()->memory.weights_bytes > weightsQ4);
        QCOMPARE(child<QLabel>(page, "weights")->text(), QStringLiteral("14.96 GiB"));
    }

    void chartAndTableShowTheChosenGpu()
    {
        PlannerPage page(m_gpus);
        choose(child<QComboBox>(page, "model"), QStringLiteral("qwen2.5-72b-instruct"));
        choose(child<QComboBox>(page, "gpu"), QStringLiteral("H100 80GB"));
        const auto& report = *page.report();
        QCOMPARE(QString::fromStdString(report.targetRow().gpu.name), QStringLiteral("H100 80GB"));

        const auto values = page.findChild<ui::MemoryChart*>()->values();
        const double gib = 1024.0 * 1024.0 * 1024.0;
        QCOMPARE(values[0][2], report.memory.weights_bytes / gib); // exact plan bar
        QCOMPARE(values[1][2], report.memory.kv_cache_bytes / gib);
        QCOMPARE(values[0][1], report.seed.weights_gib); // quick estimate bar
        QCOMPARE(values[4][0], report.targetRow().fit.usable_bytes / gib); // GPU bar

        auto* table = child<QTableView>(page, "gpuFits");
        QCOMPARE(table->model()->rowCount(), report.gpus.size());
        QCOMPARE(table->model()->index(report.target, 0).data(Qt::FontRole).value<QFont>().bold(), true);
        // 72B at Q4_K_M (≈ 41 GiB) fits an H100, not an RTX 4090.
        const auto fitsOf = [&](const QString& name) {
            for (int row = 0; row < table->model()->rowCount(); ++row)
                if (table->model()->index(row, 0).data().toString() == name)
                    return table->model()->index(row, 2).data().toString();
            return QString();
        };
        QCOMPARE(fitsOf(QStringLiteral("H100 80GB")), QStringLiteral("Yes"));
        QCOMPARE(fitsOf(QStringLiteral("RTX 4090 24GB")), QStringLiteral("No"));
        QVERIFY(child<QLabel>(page, "verdict")->text().contains(QStringLiteral("Fits")));
        QVERIFY(child<QTextBrowser>(page, "explanations")->toPlainText().contains(QStringLiteral("Quick estimate")));
        QVERIFY(child<QLabel>(page, "seedEstimate")->text().endsWith(QStringLiteral("GiB")));
    }

    void opensAGgufFileOffTheGuiThread()
    {
        PlannerPage page(m_gpus);
        test::TinyLlama tiny;
        tiny.matrix = test::kQ4_0;
        const auto builder = tiny.builder();
        QSignalSpy opened(&page, &PlannerPage::modelFileOpened);
        page.openModelFile(writeGguf(m_dir.filePath(QStringLiteral("tiny.gguf")), builder));
        QVERIFY(opened.wait(10000));
        QCOMPARE(opened.first().at(0).toBool(), true);
        QCOMPARE(child<QComboBox>(page, "model")->currentData().toString(), QStringLiteral("file:"));
        QCOMPARE(child<QComboBox>(page, "quant")->currentData().toString(), QString()); // as stored
        QVERIFY(page.report()->memory.exact_weights);
        QCOMPARE(page.report()->memory.weights_bytes, builder.tensor_bytes());
        QCOMPARE(child<QSpinBox>(page, "context")->maximum(), 2048);
    }

    void reportsABrokenFile()
    {
        PlannerPage page(m_gpus);
        QSignalSpy opened(&page, &PlannerPage::modelFileOpened);
        page.openModelFile(writeGguf(m_dir.filePath(QStringLiteral("cut.gguf")), test::TinyLlama {}.builder(), 500));
        QVERIFY(opened.wait(10000));
        QCOMPARE(opened.first().at(0).toBool(), false);
        QVERIFY(opened.first().at(1).toString().contains(QStringLiteral("past the end")));
        QVERIFY(child<QLabel>(page, "status")->text().contains(QStringLiteral("cut.gguf")));
        // The previous plan stays on screen.
        QVERIFY(page.report().has_value());
        QVERIFY(!page.report()->memory.exact_weights);
    }
};

QTEST_MAIN(TestPlannerPage)
#include "tst_planner_page.moc"
