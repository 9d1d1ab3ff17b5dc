// The Quantize dialog on a generated model: every type listed with its size
// and a verdict; two chosen types written, weighed by an importance matrix
// from the text, and added to the library; the report has the original's
// row and one per type, fewer bits costing more; a type that needs an
// importance matrix is not written without one.
#include <QLabel>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "app/plan/machine_gpus.h"

#include "app/library/model_library.h"
#include "app/quant/quality_report.h"
#include "app/storage/database.h"
#include "tests/support/npm_test_model.h"
#include "ui/models/quantize_dialog.h"

using namespace hearth;

class TestQuantizeDialog : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("HearthTest"));
        QCoreApplication::setApplicationName(QStringLiteral("HearthQuantizeDialogTest"));
        QSettings().clear();
    }

    void quantizeTwoTypesAndMeasureThem()
    {
        const QString model = m_dir.filePath(QStringLiteral("tiny-f32.gguf"));
        test::TestModelSpec spec;
        spec.layers = 4;
        QVERIFY2(test::writeNpmTestModel(spec, "llama2", model), "HEARTH_TEST_DATA names the npm test data");
        const QString text = m_dir.filePath(QStringLiteral("text.txt"));
        QFile file(text);
        QVERIFY(file.open(QIODevice::WriteOnly));
        for (int i = 0; i < 300; ++i)
            file.write("Private models answer the team's questions about memory, context and speed. ");
        file.close();

        app::Database database;
        QVERIFY(database.open(m_dir.filePath(QStringLiteral("hearth.sqlite3"))));
        app::ModelLibrary library(database);
        ui::QuantizeDialog dialog(library, model, m_gpus);
        dialog.show();
        auto* targets = dialog.findChild<QTableWidget*>(QStringLiteral("targets"));
        QCOMPARE(targets->rowCount(), int(all_model_quants().size()) - 1); // no MXFP4_MOE without experts
        for (int row = 0; row < targets->rowCount(); ++row) {
            QVERIFY(!targets->item(row, 1)->text().isEmpty()); // a size
            QVERIFY(!targets->item(row, 2)->text().isEmpty()); // a verdict
        }
        dialog.chooseTargets({ ModelQuant::Q8_0, ModelQuant::Q4_0 });
        dialog.setText(text);
        dialog.setUseImportance(true);
        for (QSpinBox* spin : dialog.findChildren<QSpinBox*>())
            spin->setValue(2); // chunks: a quick measure

        QSignalSpy done(&dialog, &ui::QuantizeDialog::allDone);
        QSignalSpy added(&library, &app::ModelLibrary::modelAdded);
        dialog.start();
        QVERIFY(done.wait(60000));
        const auto& rows = dialog.report().rows();
        QCOMPARE(rows.size(), 3);
        QVERIFY(!rows[0].klDivergence); // the original itself
        QCOMPARE(rows[1].quantization, QStringLiteral("Q8_0"));
        QCOMPARE(rows[2].quantization, QStringLiteral("Q4_0"));
        QVERIFY(*rows[2].klDivergence > *rows[1].klDivergence);
        QVERIFY(rows[2].sizeBytes < rows[1].sizeBytes);
        QTRY_COMPARE(added.size(), 2);
        QVERIFY(library.modelAt(m_dir.filePath(QStringLiteral("tiny-Q4_0.gguf"))).has_value());
        QVERIFY(QFile::exists(m_dir.filePath(QStringLiteral("tiny-f32.imatrix.gguf")))); // computed once, from the text
    }

    // IQ2_XXS cannot be written without an importance matrix: the dialog
    // says so and writes nothing until the box is checked.
    void lowBitIQuantsAskForTheImportanceMatrix()
    {
        const QString model = m_dir.filePath(QStringLiteral("small-f32.gguf"));
        test::TestModelSpec spec;
        spec.layers = 2;
        QVERIFY2(test::writeNpmTestModel(spec, "llama2", model), "HEARTH_TEST_DATA names the npm test data");
        app::Database database;
        QVERIFY(database.open(m_dir.filePath(QStringLiteral("small.sqlite3"))));
        app::ModelLibrary library(database);
        ui::QuantizeDialog dialog(library, model, m_gpus);
        dialog.chooseTargets({ ModelQuant::IQ2_XXS });
        dialog.setUseImportance(false);
        dialog.start();
        const auto* status = dialog.findChild<QLabel*>(QStringLiteral("status"));
        QVERIFY2(
            status->text().contains(QStringLiteral("IQ2_XXS needs an importance matrix")), qPrintable(status->text()));
        QTest::qWait(200);
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("small-IQ2_XXS.gguf"))));
    }

private:
    app::MachineGpus m_gpus { app::MachineGpus::Snapshot {} }; // known: no GPU
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestQuantizeDialog)
#include "tst_quantize_dialog.moc"
