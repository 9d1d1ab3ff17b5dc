// The composition root: the only file in app/ that sees ui/, because it is
// where the window is made. Everything else in app/ stays free of widgets.

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QMessageBox>
#include <QPushButton>

#include <memory>

#include "app/cli/cli.h"
#include "app/services.h"
#include "app/settings/language.h"
#include "app/settings/settings.h"
#include "app/storage/database.h"
#include "ui/main_window.h"
#include "ui/theme.h"

namespace {

// Opens the database, and when it cannot, says why and offers the way out:
// try again while another Hearth holds it, keep a damaged file aside and
// start fresh, or go on without the Chat area. true when it is open.
bool openDatabaseOrAsk(hearth::app::Database& database)
{
    using Problem = hearth::app::Database::Problem;
    const QString title = QApplication::translate("main", "Chat history unavailable");
    while (!database.open(hearth::app::Database::defaultPath())) {
        QMessageBox box(QMessageBox::Warning, title, database.errorString());
        QPushButton* retry = nullptr;
        QPushButton* fresh = nullptr;
        if (database.problem() == Problem::Locked)
            retry = box.addButton(QApplication::translate("main", "Try again"), QMessageBox::AcceptRole);
        if (database.problem() == Problem::Damaged)
            fresh = box.addButton(QApplication::translate("main", "Start a fresh history, keeping the old file"),
                QMessageBox::AcceptRole);
        QPushButton* without
            = box.addButton(QApplication::translate("main", "Continue without chat history"), QMessageBox::RejectRole);
        box.setDefaultButton(retry ? retry : fresh ? fresh : without);
        box.setInformativeText(QApplication::translate("main", "Without it, the Chat area is hidden this time."));
        box.exec();
        if (box.clickedButton() == fresh) {
            const QString kept = database.moveAsideAndStartFresh();
            if (kept.isEmpty()) {
                QMessageBox::warning(nullptr, title, database.errorString());
                return false;
            }
            QMessageBox::information(nullptr, title,
                QApplication::translate("main", "The damaged history was kept as %1. A new one has been started.")
                    .arg(QDir::toNativeSeparators(kept)));
            return true;
        }
        if (box.clickedButton() != retry)
            return false;
    }
    return true;
}

} // namespace

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
    if (openDatabaseOrAsk(database)) {
        chat = std::make_unique<hearth::app::Services>(database);
        chat->store.purgeDeleted(); // deletions the last session did not undo
        if (QFileInfo(settings.modelsFolder()).isDir())
            chat->library.scanFolder(settings.modelsFolder());
    }

    hearth::ui::MainWindow window(settings, chat.get());
    window.show();
    return QApplication::exec();
}
