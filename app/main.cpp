// The composition root: the only file in app/ that sees ui/, because it is
// where the window is made. Everything else in app/ stays free of widgets.

#include <QApplication>
#include <QFileInfo>
#include <QIcon>
#include <QMessageBox>

#include <memory>

#include "cli/cli.h"
#include "main_window.h"
#include "services.h"
#include "settings/language.h"
#include "settings/settings.h"
#include "storage/database.h"
#include "theme.h"

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
    hearth::ui::applyTheme(settings.theme());

    // Without its database Hearth still plans models; the Chat area waits
    // for the problem (a full disk, a newer Hearth's file) to be fixed.
    hearth::app::Database database;
    std::unique_ptr<hearth::app::Services> chat;
    if (database.open(hearth::app::Database::defaultPath())) {
        chat = std::make_unique<hearth::app::Services>(database);
        chat->store.purgeDeleted(); // deletions the last session did not undo
        if (QFileInfo(settings.modelsFolder()).isDir())
            chat->library.scanFolder(settings.modelsFolder());
    } else {
        QMessageBox::warning(nullptr, QApplication::translate("main", "Chat history unavailable"),
            QApplication::translate("main",
                "Hearth could not open its chat history, so the Chat area is "
                "hidden this time.\n\n%1")
                .arg(database.errorString()));
    }

    hearth::ui::MainWindow window(settings, chat.get());
    window.show();
    return QApplication::exec();
}
