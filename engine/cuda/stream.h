#pragma once

#include <utility>

#include <cuda_runtime_api.h>

#include "engine/cuda/cuda_error.h"

namespace hearth::cuda {

// A CUDA stream owned by one object: work queued on it does not wait for the
// legacy default stream, and it is synchronized and destroyed with its owner.
class Stream {
public:
    Stream() { check(cudaStreamCreateWithFlags(&m_stream, cudaStreamNonBlocking), "cudaStreamCreate"); }
    ~Stream()
    {
        if (m_stream) {
            cudaStreamSynchronize(m_stream);
            cudaStreamDestroy(m_stream);
        }
    }
    Stream(const Stream&) = delete;
    Stream& operator=(const Stream&) = delete;

    cudaStream_t get() const { return m_stream; }

private:
    cudaStream_t m_stream = nullptr;
};

} // namespace hearth::cuda
