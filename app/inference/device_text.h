#pragma once

#include <QCoreApplication>
#include <QString>

#include "engine/model/forward_pass.h"

namespace hearth::app {

// What the window and the command line say about where a model runs: why a
// GPU that was asked for is not used, and what to do when a model does not
// fit on one — in one place, so both say it the same way and translated.
class DeviceText {
    Q_DECLARE_TR_FUNCTIONS(DeviceText)
public:
    // "the CPU", or the GPU's name.
    static QString deviceName(const ForwardPassDevice& device);
    // Why the CPU runs a model GPU `gpu` was asked for; empty for None.
    static QString fallback(GpuFallback reason, int gpu);
    // The model did not fit: both numbers, and the ways out.
    static QString outOfMemory(const DeviceMemoryError& error);
    // It did not fit and the CPU runs it instead (the Automatic choice).
    static QString movedToCpu(const DeviceMemoryError& error);
};

} // namespace hearth::app
