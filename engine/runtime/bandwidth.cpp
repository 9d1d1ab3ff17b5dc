#include "engine/runtime/bandwidth.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <numeric>
#include <thread>
#include <vector>

#ifdef HEARTH_WITH_CUDA
#include "engine/cuda/bandwidth.h"
#endif

namespace hearth {
namespace {

double cpu_read_bandwidth()
{
    constexpr std::size_t kBytes = std::size_t { 1 } << 30;
    const std::size_t count = kBytes / sizeof(std::uint64_t);
    const auto data = std::make_unique<std::uint64_t[]>(count); // zeroed: every page resident
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    std::atomic<std::uint64_t> sink { 0 };
    const auto pass = [&] {
        std::vector<std::thread> workers;
        for (unsigned t = 0; t < threads; ++t)
            workers.emplace_back([&, t] {
                const std::size_t begin = count * t / threads, end = count * (t + 1) / threads;
                sink += std::accumulate(data.get() + begin, data.get() + end, std::uint64_t { 0 });
            });
        for (auto& worker : workers)
            worker.join();
    };
    pass(); // warm-up
    double best = 0.0;
    for (int round = 0; round < 3; ++round) {
        const auto start = std::chrono::steady_clock::now();
        pass();
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        best = std::max(best, double(kBytes) / seconds);
    }
    return best;
}

} // namespace

double measure_read_bandwidth(ComputeDevice device, [[maybe_unused]] int gpu)
{
#ifdef HEARTH_WITH_CUDA
    if (device == ComputeDevice::Cuda)
        return cuda::measure_read_bandwidth(gpu);
#endif
    (void)device;
    return cpu_read_bandwidth();
}

} // namespace hearth
