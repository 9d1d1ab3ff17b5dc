#pragma once

#include <QString>

#include <vector>

#include "engine/plan/gpu_fit.h"
#include "engine/plan/memory_plan.h"

namespace hearth::app {

// Whether a model fits this machine, in one line for the library and the
// model picker: on the GPU, partly offloaded, in RAM on the CPU, or not at all.
struct MachineFit {
    enum class Verdict { FitsGpu, PartialOffload, Cpu, DoesNotFit };

    Verdict verdict = Verdict::DoesNotFit;
    QString gpuName;
    quint32 layersOnGpu = 0;
    quint32 layers = 0;
    quint64 neededBytes = 0; // weights, KV cache and buffers at the context asked
    quint64 availableBytes = 0; // the GPU's usable memory, or the RAM

    QString summary() const;
};

MachineFit fitOnThisMachine(
    const PlanModel& model, quint32 context, const std::vector<GpuSpec>& gpus, quint64 systemMemoryBytes);

// Physical memory of this machine.
quint64 systemMemoryBytes();

} // namespace hearth::app
