#include "engine/cuda/forward.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

#include "engine/cpu/ops.h"
#include "engine/cuda/attention.h"
#include "engine/cuda/cuda_error.h"
#include "engine/cuda/elementwise.h"
#include "engine/model/model.h"
#include "engine/quant/dequantize.h"

namespace hearth::cuda {
namespace {

// Left free beside the weights and the cache: activations, attention's
// partial sums, cuBLAS's workspace and a slice of dequantized weights.
constexpr std::size_t kWorkingBytes = std::size_t { 512 } << 20;

std::string gib(std::size_t bytes)
{
    const double value = double(bytes) / double(std::size_t { 1 } << 30);
    char text[32];
    std::snprintf(text, sizeof text, "%.2f GiB", value);
    return text;
}

void to_device(DeviceBuffer& to, const void* from, std::size_t bytes, cudaStream_t stream)
{
    // From pageable memory the call returns once the bytes are staged, so
    // the host vectors may change right after.
    check(cudaMemcpyAsync(to.data(), from, bytes, cudaMemcpyHostToDevice, stream), "copying a step's input");
}

} // namespace

ForwardPassDevice Forward::device() const
{
    ForwardPassDevice device = m_device_info;
    device.graphs = m_use_graphs.load();
    return device;
}

bool Forward::supports(const Model& model)
{
    const auto& config = model.config();
    if (config.experts())
        return false; // no expert block on the GPU yet: a mixture of experts runs on the CPU
    const auto& architecture = config.architecture;
    if (architecture.attention_sinks || architecture.output_bias || config.sliding_window > 0
        || architecture.activation != GatedActivation::SwiGlu)
        return false; // blocks the GPU kernels do not have yet: the CPU runs them
    const auto head_dim = model.config().shape.head_dim;
    if (head_dim % 32 != 0 || head_dim > std::uint32_t(kMaxHeadDim))
        return false;
    const auto& weights = model.weights();
    if (!has_kernels(weights.output.type)) // the embedding stays in host memory: any format
        return false;
    for (const auto& layer : weights.layers)
        for (const auto* matrix : layer.matrices())
            if (matrix->data && !has_kernels(matrix->type))
                return false;
    return true;
}

namespace {

// The pool options.kv_positions asks for, in blocks; 0 for every slot's whole context.
std::uint32_t pool_blocks(const ForwardPassOptions& options)
{
    return static_cast<std::uint32_t>((options.kv_positions + kKvBlockTokens - 1) / kKvBlockTokens);
}

// Positions the batch's longest sequence reaches, its new ones included.
int longest_sequence(std::span<const BatchToken> batch)
{
    int longest = 0;
    for (const auto& token : batch)
        longest = std::max(longest, int(token.position) + 1);
    return longest;
}

} // namespace

std::uint64_t Forward::kv_positions_that_fit(const Model& model, const ForwardPassOptions& options)
{
    check(cudaSetDevice(options.gpu), "cudaSetDevice");
    std::size_t free = 0, total = 0;
    check(cudaMemGetInfo(&free, &total), "cudaMemGetInfo");
    const auto& s = model.config().shape;
    const std::size_t fixed = device_weight_bytes(model, s.layers) + kWorkingBytes;
    if (fixed >= free)
        return 0;
    const std::size_t per_block = PagedKvCache::bytes_for(s.layers, s.kv_heads * s.head_dim, kKvBlockTokens, 1, 1);
    const std::uint64_t blocks = (free - fixed) / per_block;
    const std::uint64_t all = KvBlockTable(options.slot_count, options.context, kKvBlockTokens).pool_blocks();
    return std::min(blocks, all) * kKvBlockTokens;
}

std::size_t Forward::bytes_needed(const Model& model, const ForwardPassOptions& options, std::uint32_t layers)
{
    const auto& s = model.config().shape;
    return device_weight_bytes(model, layers)
        + PagedKvCache::bytes_for(
            layers, s.kv_heads * s.head_dim, options.context, options.slot_count, pool_blocks(options))
        + kWorkingBytes;
}

std::uint32_t Forward::layers_that_fit(const Model& model, const ForwardPassOptions& options)
{
    check(cudaSetDevice(options.gpu), "cudaSetDevice");
    std::size_t free = 0, total = 0;
    check(cudaMemGetInfo(&free, &total), "cudaMemGetInfo");
    const std::uint32_t layers = model.config().shape.layers;
    if (bytes_needed(model, options, layers) <= free)
        return layers;
    // Fewer layers: each brings its weights and its share of the cache.
    const auto& s = model.config().shape;
    const std::size_t kv_per_layer = PagedKvCache::bytes_for(
        1, s.kv_heads * s.head_dim, options.context, options.slot_count, pool_blocks(options));
    std::size_t used = kWorkingBytes;
    std::uint32_t fitting = 0;
    // All of them did not fit (with the output): at most all but one.
    while (fitting + 1 < layers && used + device_layer_bytes(model, fitting) + kv_per_layer <= free)
        used += device_layer_bytes(model, fitting++) + kv_per_layer;
    return fitting;
}

Forward::Forward(const Model& model, const ForwardPassOptions& options, std::uint32_t layers)
    : m_model(model)
    , m_gpu(options.gpu)
    , m_layers(std::min(layers, model.config().shape.layers))
{
    if (m_layers == 0)
        throw std::invalid_argument("a GPU pass needs at least one layer");
    check(cudaSetDevice(m_gpu), "cudaSetDevice");
    cudaDeviceProp properties {};
    check(cudaGetDeviceProperties(&properties, m_gpu), "cudaGetDeviceProperties");
    const auto& config = model.config();
    const auto& s = config.shape;
    std::size_t free_before = 0, total = 0;
    check(cudaMemGetInfo(&free_before, &total), "cudaMemGetInfo");
    const std::size_t needed = bytes_needed(model, options, m_layers);
    if (needed > free_before)
        throw DeviceMemoryError(std::string(properties.name) + " has " + gib(free_before) + " free; "
                + std::to_string(m_layers) + " layers of this model need " + gib(needed) + " with a context of "
                + std::to_string(options.context) + " for " + std::to_string(options.slot_count) + " sequences",
            needed, free_before);
    try {
        m_stream_owner = std::make_unique<Stream>();
        m_stream = m_stream_owner->get();
        m_matmul = std::make_unique<Matmul>(m_stream);
        m_weights = upload_weights(model, m_layers);
        m_cache = std::make_unique<PagedKvCache>(
            m_layers, s.kv_heads * s.head_dim, options.context, options.slot_count, pool_blocks(options));
        // The uploads ran on the legacy stream, which m_stream does not wait for.
        check(cudaDeviceSynchronize(), "copying weights to the GPU");
    } catch (const CudaError& e) {
        if (e.error() != cudaErrorMemoryAllocation)
            throw;
        throw DeviceMemoryError(
            std::string(properties.name) + " ran out of memory loading the model: " + e.what(), needed, free_before);
    }
    m_rope_factors = model.weights().rope_factors(config, options.context);
    m_context = options.context;
    // HEARTH_CUDA_GRAPHS=0 launches decode steps kernel by kernel, to compare.
    const char* graphs = std::getenv("HEARTH_CUDA_GRAPHS"); // NOLINT(concurrency-mt-unsafe): nothing sets it
    m_use_graphs = !(graphs && std::string(graphs) == "0");
    std::size_t free_after = 0;
    check(cudaMemGetInfo(&free_after, &total), "cudaMemGetInfo");
    m_device_info.kind = ComputeDevice::Cuda;
    m_device_info.name = properties.name;
    m_device_info.device_bytes = free_before - std::min(free_before, free_after);
    m_device_info.gpu_layers = m_layers;
    m_device_info.kv_positions = m_cache->positions();
}

Forward::~Forward()
{
    // Another thread may tear the pass down: its buffers are on m_gpu.
    cudaSetDevice(m_gpu);
    if (m_stream)
        cudaStreamSynchronize(m_stream);
    for (auto& graph : m_decode_graphs)
        if (graph.exec)
            cudaGraphExecDestroy(graph.exec);
}

void Forward::grow(DeviceBuffer& buffer, std::size_t bytes)
{
    if (buffer.bytes() >= bytes)
        return;
    buffer = DeviceBuffer(bytes);
    ++m_buffer_generation; // captured graphs point at the old buffer
}

void Forward::resize(std::size_t tokens, int longest)
{
    const auto& config = m_model.config();
    const auto& s = config.shape;
    const AttentionShape shape { int(s.heads), int(s.kv_heads), int(s.head_dim) };
    grow(m_attention_scratch, attention_scratch_floats(tokens, shape, longest) * sizeof(float));
    if (tokens <= m_capacity)
        return;
    const std::size_t q_dim = std::size_t { s.heads } * s.head_dim;
    const std::size_t kv_dim = std::size_t { s.kv_heads } * s.head_dim;
    const std::size_t f = tokens * sizeof(float);
    grow(m_x, f * s.hidden);
    grow(m_norm, f * s.hidden);
    if (m_weights.layers.front().wqkv.data)
        grow(m_qkv, f * (q_dim + 2 * kv_dim));
    grow(m_q, f * q_dim);
    grow(m_k, f * kv_dim);
    grow(m_v, f * kv_dim);
    grow(m_attention, f * q_dim);
    grow(m_projected, f * s.hidden);
    grow(m_gate, f * 2 * s.ffn);
    grow(m_up, f * s.ffn);
    grow(m_hidden_ffn, f * s.ffn);
    grow(m_angles, f * config.rope_dims);
    grow(m_slots, tokens * sizeof(int));
    grow(m_positions, tokens * sizeof(int));
    // Only now: a failed allocation above leaves the old capacity, so the
    // next batch tries again rather than writing past a short buffer.
    m_capacity = tokens;
}

void Forward::run_lower(std::span<const BatchToken> batch, std::span<float> x_out)
{
    check(cudaSetDevice(m_gpu), "cudaSetDevice");
    const std::size_t tokens = batch.size();
    if (tokens == 0)
        return;
    const int longest = longest_sequence(batch);
    resize(tokens, longest);
    upload_inputs(batch);
    run_layers(tokens, longest);
    check(cudaMemcpyAsync(x_out.data(), m_x.data(), tokens * m_model.config().shape.hidden * sizeof(float),
              cudaMemcpyDeviceToHost, m_stream),
        "copying hidden states from the GPU");
    check(cudaGetLastError(), "launching the forward pass");
    check(cudaStreamSynchronize(m_stream), "running the forward pass");
}

void Forward::run(std::span<const BatchToken> batch, std::span<float> logits, std::span<float> hidden_out)
{
    if (m_layers < m_model.config().shape.layers)
        throw std::logic_error("a GPU pass holding some of the layers runs them with run_lower");
    check(cudaSetDevice(m_gpu), "cudaSetDevice");
    const auto& config = m_model.config();
    const std::size_t hidden = config.shape.hidden;
    const std::size_t tokens = batch.size();
    if (tokens == 0)
        return;
    const int longest = longest_sequence(batch);
    // A decode step (a few tokens, each wanting its logits) runs as a CUDA
    // graph: one launch instead of a dozen kernels a layer. Its attention is
    // laid out for the whole context, so the graph fits every step.
    const bool decode = tokens <= kMatvecTokens
        && std::all_of(batch.begin(), batch.end(), [](const BatchToken& t) { return t.logits && !t.hidden; });
    resize(tokens, decode ? int(m_context) : longest);

    upload_inputs(batch);

    const std::size_t vocab = config.shape.vocab;
    if (decode) {
        grow(m_selected, tokens * hidden * sizeof(float));
        grow(m_logits, tokens * vocab * sizeof(float));
        run_decode_graph(tokens);
        check(cudaGetLastError(), "launching a decode step");
        check(cudaMemcpyAsync(
                  logits.data(), m_logits.data(), tokens * vocab * sizeof(float), cudaMemcpyDeviceToHost, m_stream),
            "copying logits from the GPU");
        check(cudaStreamSynchronize(m_stream), "running a decode step");
        return;
    }

    run_layers(tokens, longest);

    // The final norm of the wanted tokens: first those wanting logits, then
    // those wanting hidden states, gathered into one block of rows.
    std::size_t wanted = 0;
    std::size_t states = 0;
    for (const auto& token : batch)
        states += (token.logits ? 1 : 0) + (token.hidden ? 1 : 0);
    grow(m_selected, states * hidden * sizeof(float));
    states = 0;
    for (const bool want_logits : { true, false }) {
        for (std::size_t t = 0; t < tokens; ++t) {
            if (want_logits ? !batch[t].logits : !batch[t].hidden)
                continue;
            check(cudaMemcpyAsync(buffer(m_selected) + (wanted + states) * hidden, buffer(m_x) + t * hidden,
                      hidden * sizeof(float), cudaMemcpyDeviceToDevice, m_stream),
                "gathering the last hidden states");
            (want_logits ? wanted : states) += 1;
        }
    }
    if (wanted + states > 0)
        rms_norm(buffer(m_selected), buffer(m_weights.output_norm), config.rms_eps, buffer(m_selected), wanted + states,
            hidden, m_stream);
    if (wanted > 0) {
        grow(m_logits, wanted * vocab * sizeof(float));
        m_matmul->run(m_weights.output, buffer(m_selected), wanted, buffer(m_logits));
        check(cudaMemcpyAsync(
                  logits.data(), m_logits.data(), wanted * vocab * sizeof(float), cudaMemcpyDeviceToHost, m_stream),
            "copying logits from the GPU");
    }
    if (states > 0)
        check(cudaMemcpyAsync(hidden_out.data(), buffer(m_selected) + wanted * hidden, states * hidden * sizeof(float),
                  cudaMemcpyDeviceToHost, m_stream),
            "copying hidden states from the GPU");
    check(cudaGetLastError(), "launching the forward pass");
    check(cudaStreamSynchronize(m_stream), "running the forward pass");
}

void Forward::upload_inputs(std::span<const BatchToken> batch)
{
    const auto& config = m_model.config();
    const auto& embedding = m_model.weights().token_embedding;
    const std::size_t hidden = config.shape.hidden;
    const std::size_t tokens = batch.size();
    m_host_x.resize(tokens * hidden);
    m_host_angles.resize(tokens * config.rope_dims);
    m_host_slots.resize(tokens);
    m_host_positions.resize(tokens);
    for (std::size_t t = 0; t < tokens; ++t) {
        const auto* row = static_cast<const std::byte*>(embedding.data) + batch[t].token * embedding.row_bytes;
        quant::dequantize_row(embedding.type, row, &m_host_x[t * hidden], hidden);
        cpu::rope_angles(config, m_rope_factors, batch[t].position, &m_host_angles[t * config.rope_dims]);
        m_host_slots[t] = int(batch[t].slot);
        m_host_positions[t] = int(batch[t].position);
        m_cache->prepare_write(batch[t].slot, batch[t].position, m_stream);
    }
    m_cache->upload_table(m_stream);
    to_device(m_x, m_host_x.data(), m_host_x.size() * sizeof(float), m_stream);
    to_device(m_angles, m_host_angles.data(), m_host_angles.size() * sizeof(float), m_stream);
    to_device(m_slots, m_host_slots.data(), tokens * sizeof(int), m_stream);
    to_device(m_positions, m_host_positions.data(), tokens * sizeof(int), m_stream);
}

void Forward::run_layers(std::size_t tokens, int longest)
{
    for (std::size_t layer = 0; layer < m_layers; ++layer) {
        attention_block(layer, tokens, longest);
        feed_forward_block(layer, tokens);
    }
}

// Every layer, the final norm and the output projection of `tokens` tokens
// that all want logits: captured once per token count (again when a buffer
// it uses was reallocated), then launched. Its kernels read the step's
// inputs from the buffers run() fills, at the same addresses every step.
void Forward::run_decode_graph(std::size_t tokens)
{
    const auto& config = m_model.config();
    const auto step = [&] {
        run_layers(tokens, int(m_context));
        rms_norm(buffer(m_x), buffer(m_weights.output_norm), config.rms_eps, buffer(m_selected), tokens,
            config.shape.hidden, m_stream);
        m_matmul->run(m_weights.output, buffer(m_selected), tokens, buffer(m_logits));
    };
    DecodeGraph& graph = m_decode_graphs[tokens];
    // The first step of a size runs directly: kernels load before any capture
    // (some drivers refuse to load a module while capturing).
    if (!m_use_graphs || !graph.warmed) {
        step();
        graph.warmed = true;
        return;
    }
    if (!graph.exec || graph.generation != m_buffer_generation) {
        if (graph.exec)
            cudaGraphExecDestroy(graph.exec);
        graph.exec = nullptr;
        cudaGraph_t captured = nullptr;
        cudaError_t error = cudaStreamBeginCapture(m_stream, cudaStreamCaptureModeThreadLocal);
        if (error == cudaSuccess) {
            try {
                step();
            } catch (const CudaError& e) {
                error = e.error();
            } catch (...) {
                cudaStreamEndCapture(m_stream, &captured); // leave the stream usable
                if (captured)
                    cudaGraphDestroy(captured);
                throw;
            }
            const cudaError_t ended = cudaStreamEndCapture(m_stream, &captured);
            error = error != cudaSuccess ? error : ended;
        }
        if (error == cudaSuccess)
            error = cudaGraphInstantiate(&graph.exec, captured, 0);
        if (captured)
            cudaGraphDestroy(captured);
        if (error != cudaSuccess) {
            // A driver that cannot capture this step still runs it kernel by kernel.
            cudaGetLastError();
            graph.exec = nullptr;
            m_use_graphs = false;
            step();
            return;
        }
        graph.generation = m_buffer_generation;
    }
    check(cudaGraphLaunch(graph.exec, m_stream), "cudaGraphLaunch");
}

void Forward::attention_block(std::size_t layer_index, std::size_t tokens, int longest)
{
    const auto& config = m_model.config();
    const auto& s = config.shape;
    DeviceLayer& layer = m_weights.layers[layer_index];
    const std::size_t hidden = s.hidden;
    const std::size_t head_dim = s.head_dim;
    const std::size_t q_dim = std::size_t { s.heads } * head_dim;
    const std::size_t kv_dim = std::size_t { s.kv_heads } * head_dim;

    rms_norm(buffer(m_x), buffer(layer.attn_norm), config.rms_eps, buffer(m_norm), tokens, hidden, m_stream);
    if (layer.wqkv.data) {
        const std::size_t width = q_dim + 2 * kv_dim;
        m_matmul->run(layer.wqkv, buffer(m_norm), tokens, buffer(m_qkv));
        const std::size_t pitch = width * sizeof(float);
        const auto split = [&](DeviceBuffer& to, std::size_t offset, std::size_t columns) {
            check(cudaMemcpy2DAsync(to.data(), columns * sizeof(float), buffer(m_qkv) + offset, pitch,
                      columns * sizeof(float), tokens, cudaMemcpyDeviceToDevice, m_stream),
                "splitting the fused QKV projection");
        };
        split(m_q, 0, q_dim);
        split(m_k, q_dim, kv_dim);
        split(m_v, q_dim + kv_dim, kv_dim);
    } else {
        m_matmul->run(layer.wq, buffer(m_norm), tokens, buffer(m_q));
        m_matmul->run(layer.wk, buffer(m_norm), tokens, buffer(m_k));
        m_matmul->run(layer.wv, buffer(m_norm), tokens, buffer(m_v));
    }
    if (layer.bq.bytes())
        add_bias(buffer(m_q), buffer(layer.bq), tokens, q_dim, m_stream);
    if (layer.bk.bytes())
        add_bias(buffer(m_k), buffer(layer.bk), tokens, kv_dim, m_stream);
    if (layer.bv.bytes())
        add_bias(buffer(m_v), buffer(layer.bv), tokens, kv_dim, m_stream);
    if (config.architecture.qk_norm) {
        rms_norm(buffer(m_q), buffer(layer.q_norm), config.rms_eps, buffer(m_q), tokens * s.heads, head_dim, m_stream);
        rms_norm(
            buffer(m_k), buffer(layer.k_norm), config.rms_eps, buffer(m_k), tokens * s.kv_heads, head_dim, m_stream);
    }
    const bool adjacent = config.architecture.rope == RopeStyle::Adjacent;
    rope_rotate(buffer(m_angles), buffer(m_q), tokens, s.heads, head_dim, config.rope_dims, adjacent, m_stream);
    rope_rotate(buffer(m_angles), buffer(m_k), tokens, s.kv_heads, head_dim, config.rope_dims, adjacent, m_stream);

    const PagedKv cache = m_cache->layer(std::uint32_t(layer_index));
    const auto* slots = m_slots.as<const int>();
    const auto* positions = m_positions.as<const int>();
    store_kv(cache, buffer(m_k), buffer(m_v), slots, positions, tokens, m_stream);
    attend(cache, buffer(m_q), slots, positions, tokens, longest, { int(s.heads), int(s.kv_heads), int(head_dim) },
        buffer(m_attention_scratch), buffer(m_attention), m_stream);

    m_matmul->run(layer.wo, buffer(m_attention), tokens, buffer(m_projected));
    add_in_place(buffer(m_x), buffer(m_projected), tokens * hidden, m_stream);
}

void Forward::feed_forward_block(std::size_t layer_index, std::size_t tokens)
{
    const auto& config = m_model.config();
    DeviceLayer& layer = m_weights.layers[layer_index];
    const std::size_t hidden = config.shape.hidden;
    const std::size_t ffn = config.shape.ffn;

    rms_norm(buffer(m_x), buffer(layer.ffn_norm), config.rms_eps, buffer(m_norm), tokens, hidden, m_stream);
    if (layer.w_gate_up.data) {
        m_matmul->run(layer.w_gate_up, buffer(m_norm), tokens, buffer(m_gate));
        silu_multiply(buffer(m_gate), buffer(m_gate) + ffn, 2 * ffn, buffer(m_hidden_ffn), tokens, ffn, m_stream);
    } else {
        m_matmul->run(layer.w_gate, buffer(m_norm), tokens, buffer(m_gate));
        m_matmul->run(layer.w_up, buffer(m_norm), tokens, buffer(m_up));
        silu_multiply(buffer(m_gate), buffer(m_up), ffn, buffer(m_hidden_ffn), tokens, ffn, m_stream);
    }
    m_matmul->run(layer.w_down, buffer(m_hidden_ffn), tokens, buffer(m_projected));
    add_in_place(buffer(m_x), buffer(m_projected), tokens * hidden, m_stream);
}

void Forward::copy_prefix(std::uint32_t from, std::uint32_t to, std::uint32_t count)
{
    m_cache->share_prefix(from, to, count);
}

bool Forward::can_hold(std::span<const BatchToken> batch) const
{
    return m_cache->can_hold(batch);
}

void Forward::release(std::uint32_t slot, std::uint32_t keep)
{
    m_cache->release(slot, keep);
}

} // namespace hearth::cuda
