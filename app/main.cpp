// The composition root: the only file in app/ that sees ui/, because it is
// where the window is made. Everything else in app/ stays free of widgets.

#include <QApplication>
#include <QIcon>

#include "cli/cli.h"
#include "main_window.h"
#include "settings/language.h"
#include "settings/settings.h"

int main(int argc, char** argv)
{
    // Decided before QApplication exists: it aborts without a display, and
    // the command line must work over ssh and in CI.
    if (hearth::app::Cli::wantsCommandLine(argc, argv))
        return hearth::app::Cli::run(argc, argv);

    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Hearth"));
    QApplication::setApplicationName(QStringLiteral("Hearth"));
    QApplication::setApplicationDisplayName(QStringLiteral("Hearth"));
    QApplication::setApplicationVersion(QStringLiteral(HEARTH_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("hearth"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/hearth.svg")));

    hearth::app::Settings settings;
    hearth::app::installTranslations(app, settings.language());

    hearth::ui::MainWindow window(settings);
    window.show();
    return QApplication::exec();
}
