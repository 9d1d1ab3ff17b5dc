#pragma once

#include <QCommandLineOption>
#include <QCoreApplication>

class QTextStream;

namespace hearth::app {

// The --device option of the commands that run a model (run, bench), so the
// choice of where to compute is offered and checked in one place.
class DeviceOption {
    Q_DECLARE_TR_FUNCTIONS(DeviceOption)
public:
    static QCommandLineOption option();
    // ExitOk when `value` can be used; otherwise says why on `err` (as
    // "hearth COMMAND: …") and returns the exit code.
    static int check(const QString& command, const QString& value, QTextStream& err);
};

} // namespace hearth::app
