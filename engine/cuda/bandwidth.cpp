#include "engine/cuda/bandwidth.h"

#include <algorithm>

#include <cuda_runtime_api.h>

#include "engine/cuda/cuda_error.h"
#include "engine/cuda/device_buffer.h"

namespace hearth::cuda {

double measure_read_bandwidth(int gpu)
{
    check(cudaSetDevice(gpu), "cudaSetDevice");
    std::size_t free_bytes = 0, total = 0;
    check(cudaMemGetInfo(&free_bytes, &total), "cudaMemGetInfo");
    const std::size_t bytes = std::min(std::size_t { 4 } << 30, free_bytes / 2 / 16 * 16);
    DeviceBuffer data(bytes);
    DeviceBuffer sink(sizeof(unsigned));
    check(cudaMemset(data.data(), 1, bytes), "cudaMemset");
    int processors = 0;
    cudaDeviceGetAttribute(&processors, cudaDevAttrMultiProcessorCount, gpu);
    const unsigned blocks = processors > 0 ? unsigned(processors) * 8 : 1024;
    cudaEvent_t start = nullptr, stop = nullptr;
    check(cudaEventCreate(&start), "cudaEventCreate");
    check(cudaEventCreate(&stop), "cudaEventCreate");
    double best = 0.0;
    for (int round = 0; round < 6; ++round) {
        cudaEventRecord(start);
        read_once(data.data(), bytes, sink.as<unsigned>(), blocks);
        cudaEventRecord(stop);
        check(cudaEventSynchronize(stop), "timing a read of the GPU's memory");
        float ms = 0.0f;
        cudaEventElapsedTime(&ms, start, stop);
        if (round > 0 && ms > 0.0f) // the first warms up
            best = std::max(best, double(bytes) / (ms * 1e-3));
    }
    cudaEventDestroy(start);
    cudaEventDestroy(stop);
    return best;
}

} // namespace hearth::cuda
