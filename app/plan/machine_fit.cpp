#include "app/plan/machine_fit.h"

#include <QCoreApplication>
#include <QLocale>

#include <unistd.h>

namespace hearth::app {

namespace {

QString gib(quint64 bytes)
{
    return QLocale().toString(static_cast<double>(bytes) / (1ull << 30), 'f', 1);
}

// RAM the model may take: the desktop and other programs keep the rest.
constexpr double kUsableRam = 0.85;

} // namespace

QString MachineFit::summary() const
{
    switch (verdict) {
    case Verdict::FitsGpu:
        return QCoreApplication::translate("MachineFit", "Fits %1: %2 of %3 GiB")
            .arg(gpuName, gib(neededBytes), gib(availableBytes));
    case Verdict::PartialOffload:
        return QCoreApplication::translate("MachineFit", "Partial offload: %1 of %2 layers on %3, the rest on the CPU")
            .arg(layersOnGpu)
            .arg(layers)
            .arg(gpuName);
    case Verdict::Cpu:
        return QCoreApplication::translate("MachineFit", "Runs on the CPU: %1 of %2 GiB of RAM")
            .arg(gib(neededBytes), gib(availableBytes));
    case Verdict::DoesNotFit:
        break;
    }
    return QCoreApplication::translate(
        "MachineFit", "Does not fit: needs %1 GiB, this machine has %2 GiB (try a smaller quantization)")
        .arg(gib(neededBytes), gib(availableBytes));
}

MachineFit fitOnThisMachine(
    const PlanModel& model, quint32 context, const std::vector<GpuSpec>& gpus, quint64 systemMemoryBytes)
{
    MachineFit fit;
    PlanOptions options;
    options.context = context;
    const auto plan = plan_memory(model, options);
    fit.layers = model.shape.layers;
    fit.neededBytes = plan ? plan->total_bytes : 0;
    if (!gpus.empty()) {
        const GpuSpec& gpu = gpus.front();
        const GpuFit onGpu = fit_gpu(model, options, gpu);
        fit.gpuName = QString::fromStdString(gpu.name);
        fit.availableBytes = onGpu.usable_bytes;
        if (onGpu.fits) {
            fit.verdict = MachineFit::Verdict::FitsGpu;
            return fit;
        }
        if (onGpu.layers_on_gpu > 0) {
            fit.verdict = MachineFit::Verdict::PartialOffload;
            fit.layersOnGpu = onGpu.layers_on_gpu;
            return fit;
        }
    }
    fit.availableBytes = systemMemoryBytes;
    fit.verdict = fit.neededBytes <= kUsableRam * static_cast<double>(systemMemoryBytes)
        ? MachineFit::Verdict::Cpu
        : MachineFit::Verdict::DoesNotFit;
    return fit;
}

quint64 systemMemoryBytes()
{
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long pageSize = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && pageSize > 0 ? static_cast<quint64>(pages) * static_cast<quint64>(pageSize) : 0;
}

} // namespace hearth::app
