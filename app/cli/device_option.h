#pragma once

#include <QCommandLineOption>
#include <QCoreApplication>

#include "engine/model/forward_pass.h"

#include <optional>

class QCommandLineParser;
class QTextStream;

namespace hearth::app {

// The --device and --gpu-layers options of the commands that run a model
// (run, serve, bench), so the choice of where to compute is offered and
// checked in one place.
class DeviceOption {
    Q_DECLARE_TR_FUNCTIONS(DeviceOption)
public:
    struct Choice {
        ComputeDevice device = ComputeDevice::Cpu;
        int gpu = 0;
        std::optional<std::uint32_t> gpuLayers {}; // unset: as many as fit
    };

    static QList<QCommandLineOption> options();
    // ExitOk, with `choice` filled, when the options name a device this
    // machine can use; otherwise says why on `err` (as "hearth COMMAND: …")
    // and returns the exit code.
    static int check(const QString& command, const QCommandLineParser& parser, QTextStream& err, Choice& choice);
};

} // namespace hearth::app
