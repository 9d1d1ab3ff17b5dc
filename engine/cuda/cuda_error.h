#pragma once

#include <stdexcept>
#include <string>

#include <cuda_runtime_api.h>

namespace hearth::cuda {

// A CUDA call that failed: the message names the call and CUDA's reason.
// Thrown when memory is set up or a kernel cannot be launched — never from
// inside a decode step's inner loop.
class CudaError : public std::runtime_error {
public:
    CudaError(const char* what, cudaError_t error)
        : std::runtime_error(std::string(what) + ": " + cudaGetErrorString(error))
        , m_error(error)
    { }

    cudaError_t error() const { return m_error; }

private:
    cudaError_t m_error;
};

inline void check(cudaError_t error, const char* what)
{
    if (error != cudaSuccess)
        throw CudaError(what, error);
}

// The GPUs this process can use: 0 without a driver or a device.
inline int gpu_count()
{
    int count = 0;
    if (cudaGetDeviceCount(&count) != cudaSuccess) {
        cudaGetLastError(); // clear it: no GPU is a normal answer
        return 0;
    }
    return count;
}

inline bool gpu_available()
{
    return gpu_count() > 0;
}

} // namespace hearth::cuda
