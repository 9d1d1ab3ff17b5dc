#include <QtTest>

#include "app/cli/terminal_text.h"

using namespace hearth::app;

class TestTerminalText : public QObject {
    Q_OBJECT
private slots:
    void cjkTakesTwoColumns()
    {
        QCOMPARE(terminalWidth(QStringLiteral("GPU")), 3);
        QCOMPARE(terminalWidth(QStringLiteral("显存")), 4);
        QCOMPARE(terminalWidth(QStringLiteral("GPU 数（TP）")), 12);
        QCOMPARE(terminalWidth(QStringLiteral("e\u0301")), 1); // a combining accent takes no column
    }

    void padsToColumns()
    {
        QCOMPARE(padLeftAligned(QStringLiteral("总计"), 6), QStringLiteral("总计  "));
        QCOMPARE(padRightAligned(QStringLiteral("是"), 4), QStringLiteral("  是"));
        QCOMPARE(padLeftAligned(QStringLiteral("too long"), 3), QStringLiteral("too long"));
    }
};

QTEST_GUILESS_MAIN(TestTerminalText)
#include "tst_terminal_text.moc"
