#include "engine/runtime/make_forward_pass.h"

#include <algorithm>
#include <vector>

#include "engine/cpu/forward.h"
#include "engine/model/model.h"
#include "engine/runtime/host_memory.h"

#ifdef HEARTH_WITH_CUDA
#include "engine/cuda/cuda_error.h"
#include "engine/cuda/forward.h"
#endif

namespace hearth {
namespace {

#ifdef HEARTH_WITH_CUDA
// A model larger than the GPU's memory: its first layers on the GPU, the
// rest and the output on the CPU, the residual stream handed across once a
// step (a few kilobytes a token).
class SplitForwardPass final : public ForwardPass {
public:
    SplitForwardPass(const Model& model, const ForwardPassOptions& options, std::uint32_t gpu_layers)
        : m_gpu(model, options, gpu_layers)
        , m_gpu_layers(gpu_layers)
        , m_hidden(model.config().shape.hidden)
        , m_cpu(model, options)
    { }

    void run(std::span<const BatchToken> batch, std::span<float> logits, std::span<float> hidden) override
    {
        m_x.resize(batch.size() * m_hidden);
        m_gpu.run_lower(batch, m_x);
        m_cpu.run_upper(batch, m_gpu_layers, m_x, logits, hidden);
    }

    void copy_prefix(std::uint32_t from, std::uint32_t to, std::uint32_t count) override
    {
        m_gpu.copy_prefix(from, to, count);
        m_cpu.copy_upper_prefix(from, to, count, m_gpu_layers);
    }

    bool can_hold(std::span<const BatchToken> batch) const override { return m_gpu.can_hold(batch); }
    void release(std::uint32_t slot, std::uint32_t keep) override { m_gpu.release(slot, keep); }

    ForwardPassDevice device() const override
    {
        ForwardPassDevice device = m_gpu.device();
        device.threads = m_cpu.device().threads;
        return device;
    }

private:
    cuda::Forward m_gpu;
    std::uint32_t m_gpu_layers;
    std::size_t m_hidden;
    cpu::Forward m_cpu; // only its upper layers' cache is written, so only they become resident
    std::vector<float> m_x;
};
// The pass for a usable GPU: every layer when the model fits; else every
// layer with a smaller cache the slots share by use, while it holds one whole
// context; else as many layers as fit, the CPU running the rest. Null when
// no layer is to go there (gpu_layers 0).
std::unique_ptr<ForwardPass> make_gpu_pass(const Model& model, const ForwardPassOptions& options)
{
    const std::uint32_t layers = model.config().shape.layers;
    std::uint32_t on_gpu
        = options.gpu_layers ? std::min(*options.gpu_layers, layers) : cuda::Forward::layers_that_fit(model, options);
    if (!options.gpu_layers && on_gpu < layers) {
        const std::uint64_t positions
            = options.kv_positions == 0 ? cuda::Forward::kv_positions_that_fit(model, options) : 0;
        if (positions >= options.context) {
            ForwardPassOptions shared = options;
            shared.kv_positions = positions;
            return std::make_unique<cuda::Forward>(model, shared);
        }
        if (on_gpu == 0)
            on_gpu = layers; // not one layer fits: the whole pass says what it needs
    }
    if (on_gpu == 0)
        return nullptr;
    if (on_gpu < layers)
        return std::make_unique<SplitForwardPass>(model, options, on_gpu);
    return std::make_unique<cuda::Forward>(model, options);
}
#endif

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
        } else if ((choice.pass = make_gpu_pass(model, options))) {
            return choice;
        }
#else
        choice.fallback = GpuFallback::NotBuilt;
#endif
    }
    check_host_memory(model, options, options.host_memory);
    choice.pass = std::make_unique<cpu::Forward>(model, options);
    return choice;
}

} // namespace hearth
