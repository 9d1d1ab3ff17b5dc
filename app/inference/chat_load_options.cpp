#include "app/inference/chat_load_options.h"

#include "app/settings/settings.h"

namespace hearth::app {

LocalModel::Options chatLoadOptions(const Settings& settings)
{
    LocalModel::Options options { settings.contextLength(), 2, settings.engineThreads() };
    const EngineDevice device = settings.engineDevice();
    switch (device.kind) {
    case EngineDevice::Kind::Automatic:
        // Whether there is a GPU is asked on the loading thread, not here.
        options.firstGpuWhenThere = true;
        options.cpuWhenGpuFull = true;
        break;
    case EngineDevice::Kind::Cpu:
        break;
    case EngineDevice::Kind::Gpu:
        options.device = ComputeDevice::Cuda;
        options.gpu = device.gpu;
        break;
    }
    return options;
}

} // namespace hearth::app
