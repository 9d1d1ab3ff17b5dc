#pragma once

#include <QCoreApplication>
#include <QStringList>

class QTextStream;

namespace hearth::app {

// hearth import PATH... [--sha256 LIST] [--link] [--dir DIR] [--json]:
// brings GGUF files or folders of them (from a USB disk, a share) into the
// models folder without a network, verified against a sha256sum list when
// given, copied or linked, and adds them to the library.
class ImportCommand {
    Q_DECLARE_TR_FUNCTIONS(ImportCommand)
public:
    static int run(const QStringList& args, QTextStream& out, QTextStream& err);
};

} // namespace hearth::app
