#include "runtime/forward_pass.h"

#include "cpu/forward.h"
#include "cpu/thread_pool.h"
#include "model/model.h"

#ifdef HEARTH_WITH_CUDA
#include "cuda/cuda_error.h"
#include "cuda/forward.h"
#endif

namespace hearth {
namespace {

// The CPU pass with the pool and cache it runs on.
class CpuForwardPass final : public ForwardPass {
public:
    CpuForwardPass(const Model& model, const ForwardPassOptions& options)
        : m_pool(options.threads)
        , m_cache(model.config(), options.context, options.slot_count, options.kv_type)
        , m_forward(model, m_cache, m_pool)
    { }

    void run(std::span<const BatchToken> batch, std::span<float> logits, std::span<float> hidden) override
    {
        m_forward.run(batch, logits, hidden);
    }

    void copy_prefix(std::uint32_t from, std::uint32_t to, std::uint32_t count) override
    {
        m_cache.copy_prefix(from, to, count);
    }

    ForwardPassDevice device() const override
    {
        ForwardPassDevice device;
        device.threads = m_pool.size();
        return device;
    }

private:
    cpu::ThreadPool m_pool;
    KvCache m_cache;
    cpu::Forward m_forward;
};

} // namespace

ForwardPassChoice make_forward_pass(const Model& model, const ForwardPassOptions& options)
{
    ForwardPassChoice choice;
    if (options.device == ComputeDevice::Cuda) {
#ifdef HEARTH_WITH_CUDA
        if (options.gpu < 0 || cuda::gpu_count() <= options.gpu) {
            choice.fallback = GpuFallback::NoDevice;
        } else if (!cuda::Forward::supports(model)) {
            choice.fallback = GpuFallback::UnsupportedModel;
        } else {
            choice.pass = std::make_unique<cuda::Forward>(model, options);
            return choice;
        }
#else
        choice.fallback = GpuFallback::NotBuilt;
#endif
    }
    choice.pass = std::make_unique<CpuForwardPass>(model, options);
    return choice;
}

} // namespace hearth
