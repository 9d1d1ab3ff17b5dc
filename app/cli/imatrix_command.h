#pragma once

#include <QCoreApplication>
#include <QStringList>

class QTextStream;

namespace hearth::app {

// hearth imatrix MODEL.gguf --text FILE [-o OUT.gguf] [--ctx N] [--chunks N]
// [--json]: computes an importance matrix from a calibration text, for
// hearth quantize --imatrix.
class ImatrixCommand {
    Q_DECLARE_TR_FUNCTIONS(ImatrixCommand)
public:
    static int run(const QStringList& args, QTextStream& out, QTextStream& err);
};

} // namespace hearth::app
