#include "app/cli/library_additions.h"

#include <QCoreApplication>
#include <QEventLoop>

#include "app/library/model_library.h"
#include "app/storage/database.h"

namespace hearth::app {

QStringList addToLibrary(const QStringList& paths)
{
    if (paths.isEmpty())
        return {};
    // Its own connection: the command may hold the default one (pull's queue).
    Database database(QStringLiteral("library-additions"));
    if (!database.open(Database::defaultPath()))
        return { database.errorString() };
    ModelLibrary library(database);
    QEventLoop loop;
    qsizetype pending = paths.size();
    QStringList errors;
    const auto settled = [&] {
        if (--pending == 0)
            loop.quit();
    };
    QObject::connect(&library, &ModelLibrary::modelAdded, &loop, settled);
    QObject::connect(&library, &ModelLibrary::addFailed, &loop, [&](const QString& path, const QString& error) {
        errors << QCoreApplication::translate("LibraryAdditions", "%1: %2").arg(path, error);
        settled();
    });
    library.addFiles(paths);
    loop.exec();
    return errors;
}

} // namespace hearth::app
