#pragma once

#include <cstddef>
#include <span>
#include <utility>

#include <cuda_runtime_api.h>

#include "engine/cuda/cuda_error.h"

namespace hearth::cuda {

// Device memory owned by one object: allocated in the constructor, freed in
// the destructor. Running out of memory throws CudaError with
// cudaErrorMemoryAllocation, which callers turn into advice.
class DeviceBuffer {
public:
    DeviceBuffer() = default;
    explicit DeviceBuffer(std::size_t bytes)
        : m_bytes(bytes)
    {
        if (bytes > 0)
            check(cudaMalloc(&m_data, bytes), "cudaMalloc");
    }
    ~DeviceBuffer()
    {
        if (m_data)
            cudaFree(m_data);
    }
    DeviceBuffer(DeviceBuffer&& other) noexcept
        : m_data(std::exchange(other.m_data, nullptr))
        , m_bytes(std::exchange(other.m_bytes, 0))
    { }
    DeviceBuffer& operator=(DeviceBuffer&& other) noexcept
    {
        std::swap(m_data, other.m_data);
        std::swap(m_bytes, other.m_bytes);
        return *this;
    }
    DeviceBuffer(const DeviceBuffer&) = delete;
    DeviceBuffer& operator=(const DeviceBuffer&) = delete;

    void* data() const { return m_data; }
    std::size_t bytes() const { return m_bytes; }

    template <typename T> T* as() const { return static_cast<T*>(m_data); }

    void upload(std::span<const std::byte> from)
    {
        check(cudaMemcpy(m_data, from.data(), from.size(), cudaMemcpyHostToDevice), "cudaMemcpy to the GPU");
    }
    void download(std::span<std::byte> to) const
    {
        check(cudaMemcpy(to.data(), m_data, to.size(), cudaMemcpyDeviceToHost), "cudaMemcpy from the GPU");
    }

private:
    void* m_data = nullptr;
    std::size_t m_bytes = 0;
};

} // namespace hearth::cuda
