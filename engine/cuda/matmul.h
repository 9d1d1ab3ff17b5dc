#pragma once

#include <cstddef>

#include <cublas_v2.h>
#include <cuda_runtime_api.h>

#include "engine/cuda/device_buffer.h"
#include "engine/gguf/ggml_type.h"

namespace hearth::cuda {

// A weight matrix on the GPU in its GGUF format: `rows` rows of `cols`
// values, rows `row_bytes` apart.
struct DeviceMatrix {
    GgmlType type = GgmlType::F32;
    std::size_t rows = 0;
    std::size_t cols = 0;
    std::size_t row_bytes = 0;
    const void* data = nullptr;
};

// y[t][r] = W[r] · x[t] for `tokens` rows of x ([tokens][cols] floats on the
// GPU) into y ([tokens][rows]). A few tokens (decoding) go through the
// matrix-vector kernels, which read each weight once; a prompt's many go to
// cuBLAS on the tensor cores — 16-bit weights as they are, quantized ones
// dequantized to half floats a slice of rows at a time.
class Matmul {
public:
    // Dequantized weights a GEMM slice holds: big enough for tensor-core
    // efficiency, small beside the model.
    static constexpr std::size_t kSliceBytes = std::size_t { 64 } << 20;

    explicit Matmul(cudaStream_t stream, std::size_t slice_bytes = kSliceBytes);
    ~Matmul();
    Matmul(const Matmul&) = delete;
    Matmul& operator=(const Matmul&) = delete;

    void run(const DeviceMatrix& w, const float* x, std::size_t tokens, float* y);

private:
    void gemm_half(const void* weights, cudaDataType type, std::size_t rows, std::size_t cols, const void* x,
        std::size_t tokens, float* y, std::size_t y_stride);
    void* scratch(DeviceBuffer& buffer, std::size_t bytes);

    cudaStream_t m_stream;
    std::size_t m_slice_bytes;
    cublasHandle_t m_blas = nullptr;
    DeviceBuffer m_x16; // activations in the weights' 16-bit type
    DeviceBuffer m_w16; // a slice of dequantized weights
};

} // namespace hearth::cuda
