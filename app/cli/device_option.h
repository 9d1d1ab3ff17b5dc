#pragma once

#include <QCommandLineOption>
#include <QCoreApplication>

#include "runtime/forward_pass.h"

class QTextStream;

namespace hearth::app {

// The --device option of the commands that run a model (run, serve, bench),
// so the choice of where to compute is offered and checked in one place.
class DeviceOption {
    Q_DECLARE_TR_FUNCTIONS(DeviceOption)
public:
    struct Choice {
        ComputeDevice device = ComputeDevice::Cpu;
        int gpu = 0;
    };

    static QCommandLineOption option();
    // ExitOk, with `choice` filled, when `value` names a device this machine
    // can use; otherwise says why on `err` (as "hearth COMMAND: …") and
    // returns the exit code.
    static int check(const QString& command, const QString& value, QTextStream& err, Choice& choice);
};

} // namespace hearth::app
