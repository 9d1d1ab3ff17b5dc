#include "engine/cuda/local_gpus.h"

#include <algorithm>

#include <cuda_runtime_api.h>

namespace hearth {

bool cuda_built()
{
    return true;
}

std::vector<GpuDevice> gpu_devices()
{
    std::vector<GpuDevice> devices;
    int count = 0;
    // No driver or no device is a normal answer on a workstation, not an error.
    if (cudaGetDeviceCount(&count) != cudaSuccess) {
        cudaGetLastError();
        return devices;
    }
    int current = 0;
    cudaGetDevice(&current);
    for (int device = 0; device < count; ++device) {
        cudaDeviceProp props {};
        if (cudaGetDeviceProperties(&props, device) != cudaSuccess || cudaSetDevice(device) != cudaSuccess)
            continue;
        std::size_t free_bytes = 0, total_bytes = 0;
        if (cudaMemGetInfo(&free_bytes, &total_bytes) != cudaSuccess)
            continue;
        devices.push_back({ device, props.name, total_bytes, free_bytes });
    }
    cudaSetDevice(current);
    return devices;
}

std::vector<GpuSpec> local_gpus()
{
    std::vector<GpuSpec> gpus;
    for (const GpuDevice& device : gpu_devices()) {
        int bus_width = 0, memory_clock_khz = 0;
        cudaDeviceGetAttribute(&bus_width, cudaDevAttrGlobalMemoryBusWidth, device.index);
        cudaDeviceGetAttribute(&memory_clock_khz, cudaDevAttrMemoryClockRate, device.index);
        GpuSpec gpu;
        gpu.name = device.name;
        gpu.capacity_bytes = device.total_bytes;
        gpu.free_bytes = device.free_bytes;
        // Double data rate: two transfers per clock on each bit of the bus.
        gpu.bandwidth_gb_s = 2.0 * memory_clock_khz * 1e3 * (bus_width / 8.0) / 1e9;
        gpu.local = true;
        const auto same = std::find_if(gpus.begin(), gpus.end(),
            [&](const GpuSpec& g) { return g.name == gpu.name && g.capacity_bytes == gpu.capacity_bytes; });
        if (same != gpus.end()) {
            ++same->count;
            same->free_bytes = std::min(same->free_bytes, gpu.free_bytes);
        } else {
            gpus.push_back(gpu);
        }
    }
    return gpus;
}

} // namespace hearth
