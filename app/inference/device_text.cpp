#include "app/inference/device_text.h"

#include <QLocale>

namespace hearth::app {

namespace {

QString size(std::size_t bytes)
{
    return QLocale().formattedDataSize(static_cast<qint64>(bytes));
}

} // namespace

QString DeviceText::deviceName(const ForwardPassDevice& device)
{
    if (device.kind == ComputeDevice::Cpu)
        return tr("the CPU");
    return QString::fromStdString(device.name);
}

QString DeviceText::fallback(GpuFallback reason, int gpu)
{
    switch (reason) {
    case GpuFallback::None:
        return {};
    case GpuFallback::NotBuilt:
        return tr("This build of Hearth has no GPU support: the model runs on the CPU.");
    case GpuFallback::NoDevice:
        return tr("GPU %1 cannot be used (no NVIDIA driver, or no GPU with that number): the model runs on the CPU.")
            .arg(gpu);
    case GpuFallback::UnsupportedModel:
        return tr("The GPU engine does not run this model's shape or weight formats yet: it runs on the CPU.");
    }
    return {};
}

QString DeviceText::outOfMemory(const DeviceMemoryError& error)
{
    return tr("The model does not fit on the GPU: it needs %1 and %2 is free. Choose a shorter context or fewer "
              "parallel sequences, a smaller quantization, or the CPU (Settings → Engine).")
        .arg(size(error.needed), size(error.free));
}

QString DeviceText::movedToCpu(const DeviceMemoryError& error)
{
    return tr("The model needs %1 of GPU memory and %2 is free: it runs on the CPU.")
        .arg(size(error.needed), size(error.free));
}

} // namespace hearth::app
