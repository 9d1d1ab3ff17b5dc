#pragma once

#include <QList>
#include <QString>

#include <optional>
#include <vector>

#include "app/plan/machine_fit.h"
#include "engine/convert/quantize_model.h"
#include "engine/plan/gpu_fit.h"

namespace hearth::app {

// A type a model can be quantized to, with the file's exact size (from
// each tensor's planned type) and whether that fits this machine.
struct QuantizeTarget {
    ModelQuant quant;
    qint64 bytes = 0;
    MachineFit fit;
    bool current = false; // the type the file already has
    bool needsImportance = false; // the 1- to 3-bit i-quants: refused without an importance matrix
};

// Every type Hearth writes, for the model at `path`, judged at `context`
// tokens against these GPUs and this much memory. nullopt with `error` for a
// file that is not a usable GGUF model.
std::optional<QList<QuantizeTarget>> quantizeTargets(
    const QString& path, quint32 context, const std::vector<GpuSpec>& gpus, quint64 memoryBytes, QString* error);

} // namespace hearth::app
