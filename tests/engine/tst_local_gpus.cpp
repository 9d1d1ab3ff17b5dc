#include "engine/cuda/local_gpus.h"

#include <cstdlib>
#include <iostream>

#include <gtest/gtest.h>

using namespace hearth;

// On a machine without a GPU (or a build without CUDA) the list is empty; on
// a GPU machine, HEARTH_EXPECT_GPUS=N makes the test insist on N devices.
TEST(LocalGpus, ReportWhatTheDriverSees)
{
    const auto gpus = local_gpus();
    int devices = 0;
    for (const auto& gpu : gpus) {
        std::cout << gpu.count << " × " << gpu.name << ": " << (gpu.capacity_bytes >> 20) << " MiB, "
                  << (gpu.free_bytes >> 20) << " MiB free, " << gpu.bandwidth_gb_s << " GB/s\n";
        EXPECT_FALSE(gpu.name.empty());
        EXPECT_TRUE(gpu.local);
        EXPECT_GT(gpu.capacity_bytes, 1ull << 30);
        EXPECT_GT(gpu.free_bytes, 0u);
        EXPECT_LE(gpu.free_bytes, gpu.capacity_bytes);
        EXPECT_GT(gpu.bandwidth_gb_s, 0.0);
        devices += gpu.count;
    }
#ifndef HEARTH_WITH_CUDA
    EXPECT_TRUE(gpus.empty());
#endif
    if (const char* expected = std::getenv("HEARTH_EXPECT_GPUS")) {
        EXPECT_EQ(devices, std::atoi(expected));
    }
}

// The unfolded list a device choice shows: one entry per CUDA device number.
TEST(LocalGpus, ListEachDeviceByItsNumber)
{
    const auto devices = gpu_devices();
    int folded = 0;
    for (const auto& gpu : local_gpus())
        folded += gpu.count;
    EXPECT_EQ(static_cast<int>(devices.size()), folded);
    for (std::size_t i = 0; i < devices.size(); ++i) {
        EXPECT_EQ(devices[i].index, static_cast<int>(i));
        EXPECT_FALSE(devices[i].name.empty());
        EXPECT_LE(devices[i].free_bytes, devices[i].total_bytes);
    }
#ifdef HEARTH_WITH_CUDA
    EXPECT_TRUE(cuda_built());
#else
    EXPECT_FALSE(cuda_built());
    EXPECT_TRUE(devices.empty());
#endif
}
