#pragma once

#include <QCoreApplication>
#include <QStringList>

class QTextStream;

namespace hearth::app {

// hearth list [--json]: the models in the library.
// hearth rm MODEL [--keep-file]: removes one (by id, path or name) and, unless
// told to keep it, its file.
class LibraryCommand {
    Q_DECLARE_TR_FUNCTIONS(LibraryCommand)
public:
    static int list(const QStringList& args, QTextStream& out, QTextStream& err);
    static int remove(const QStringList& args, QTextStream& out, QTextStream& err);
};

} // namespace hearth::app
