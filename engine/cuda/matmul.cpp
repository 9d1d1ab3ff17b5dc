#include "engine/cuda/matmul.h"

#include <algorithm>
#include <string>

#include "engine/cuda/elementwise.h"
#include "engine/cuda/matvec.h"

namespace hearth::cuda {
namespace {

void check_blas(cublasStatus_t status, const char* what)
{
    if (status != CUBLAS_STATUS_SUCCESS)
        throw CudaError(what, status == CUBLAS_STATUS_ALLOC_FAILED ? cudaErrorMemoryAllocation : cudaErrorUnknown);
}

[[noreturn]] void no_kernel_for(GgmlType type)
{
    const auto traits = ggml_type_traits(static_cast<std::uint32_t>(type));
    const std::string name = traits ? std::string(traits->name) : std::to_string(static_cast<std::uint32_t>(type));
    throw CudaError(("no GPU kernel for " + name + " weights").c_str(), cudaErrorNotSupported);
}

} // namespace

Matmul::Matmul(cudaStream_t stream, std::size_t slice_bytes)
    : m_stream(stream)
    , m_slice_bytes(slice_bytes)
{
    check_blas(cublasCreate(&m_blas), "cublasCreate");
    check_blas(cublasSetStream(m_blas, stream), "cublasSetStream");
    // Half-float inputs, float accumulation and output: tensor cores.
    check_blas(cublasSetMathMode(m_blas, CUBLAS_DEFAULT_MATH), "cublasSetMathMode");
}

Matmul::~Matmul()
{
    cublasDestroy(m_blas);
}

void* Matmul::scratch(DeviceBuffer& buffer, std::size_t bytes)
{
    if (buffer.bytes() < bytes)
        buffer = DeviceBuffer(bytes);
    return buffer.data();
}

// y (column-major rows × tokens, leading dimension y_stride) = Wᵀ-view × x:
// cuBLAS is column-major, so row-major W [rows][cols] is its cols × rows
// matrix, used transposed.
void Matmul::gemm_half(const void* weights, cudaDataType type, std::size_t rows, std::size_t cols, const void* x,
    std::size_t tokens, float* y, std::size_t y_stride)
{
    const float alpha = 1.0f;
    const float beta = 0.0f;
    check_blas(cublasGemmEx(m_blas, CUBLAS_OP_T, CUBLAS_OP_N, int(rows), int(tokens), int(cols), &alpha, weights, type,
                   int(cols), x, type, int(cols), &beta, y, CUDA_R_32F, int(y_stride), CUBLAS_COMPUTE_32F,
                   CUBLAS_GEMM_DEFAULT),
        "cublasGemmEx");
}

void Matmul::run(const DeviceMatrix& w, const float* x, std::size_t tokens, float* y)
{
    if (tokens <= kMatvecTokens) {
        if (!matvec(w.type, w.data, w.row_bytes, w.rows, w.cols, x, tokens, y, m_stream))
            no_kernel_for(w.type);
        return;
    }
    const std::size_t count = tokens * w.cols;
    switch (w.type) {
    case GgmlType::F32: {
        const float alpha = 1.0f;
        const float beta = 0.0f;
        check_blas(cublasSgemm(m_blas, CUBLAS_OP_T, CUBLAS_OP_N, int(w.rows), int(tokens), int(w.cols), &alpha,
                       static_cast<const float*>(w.data), int(w.cols), x, int(w.cols), &beta, y, int(w.rows)),
            "cublasSgemm");
        return;
    }
    case GgmlType::F16: {
        auto* x16 = static_cast<__half*>(scratch(m_x16, count * sizeof(__half)));
        to_half(x, x16, count, m_stream);
        gemm_half(w.data, CUDA_R_16F, w.rows, w.cols, x16, tokens, y, w.rows);
        return;
    }
    case GgmlType::BF16: {
        auto* x16 = static_cast<__nv_bfloat16*>(scratch(m_x16, count * sizeof(__nv_bfloat16)));
        to_bfloat16(x, x16, count, m_stream);
        gemm_half(w.data, CUDA_R_16BF, w.rows, w.cols, x16, tokens, y, w.rows);
        return;
    }
    default:
        break;
    }
    auto* x16 = static_cast<__half*>(scratch(m_x16, count * sizeof(__half)));
    to_half(x, x16, count, m_stream);
    const std::size_t slice_rows = std::max<std::size_t>(1, m_slice_bytes / (w.cols * sizeof(__half)));
    auto* w16 = static_cast<__half*>(scratch(m_w16, std::min(slice_rows, w.rows) * w.cols * sizeof(__half)));
    for (std::size_t first = 0; first < w.rows; first += slice_rows) {
        const std::size_t rows = std::min(slice_rows, w.rows - first);
        const auto* slice = static_cast<const std::byte*>(w.data) + first * w.row_bytes;
        if (!dequantize_to_half(w.type, slice, w.row_bytes, rows, w.cols, w16, m_stream))
            no_kernel_for(w.type);
        gemm_half(w16, CUDA_R_16F, rows, w.cols, x16, tokens, y + first, w.rows);
    }
}

} // namespace hearth::cuda
