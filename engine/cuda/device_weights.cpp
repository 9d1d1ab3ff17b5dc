#include "engine/cuda/device_weights.h"

#include <array>
#include <span>

#include "engine/model/model.h"

namespace hearth::cuda {
namespace {

// cudaMalloc's own alignment, kept inside a layer's one allocation.
constexpr std::size_t kAlignment = 256;

std::size_t aligned(std::size_t bytes)
{
    return (bytes + kAlignment - 1) / kAlignment * kAlignment;
}

std::size_t matrix_bytes(const WeightMatrix& m)
{
    return m.data ? aligned(m.rows * m.row_bytes) : 0;
}

std::size_t vector_bytes(const std::vector<float>& v)
{
    return v.size() * sizeof(float);
}

DeviceBuffer upload_vector(const std::vector<float>& v)
{
    DeviceBuffer buffer(vector_bytes(v));
    if (!v.empty())
        buffer.upload(std::as_bytes(std::span(v)));
    return buffer;
}

// The device matrices in the order of LayerWeights::matrices().
std::array<DeviceMatrix*, 9> matrices_of(DeviceLayer& l)
{
    return { &l.wq, &l.wk, &l.wv, &l.wqkv, &l.wo, &l.w_gate, &l.w_up, &l.w_gate_up, &l.w_down };
}

std::size_t layer_bytes(const LayerWeights& l)
{
    std::size_t bytes = 0;
    for (const auto* m : l.matrices())
        bytes += matrix_bytes(*m);
    for (const auto* v : l.vectors())
        bytes += vector_bytes(*v);
    return bytes;
}

} // namespace

std::size_t device_layer_bytes(const Model& model, std::size_t layer)
{
    return layer_bytes(model.weights().layers.at(layer));
}

std::size_t device_output_bytes(const Model& model)
{
    return matrix_bytes(model.weights().output) + vector_bytes(model.weights().output_norm);
}

std::size_t device_weight_bytes(const Model& model, std::size_t layers)
{
    std::size_t bytes = layers == model.weights().layers.size() ? device_output_bytes(model) : 0;
    for (std::size_t layer = 0; layer < layers; ++layer)
        bytes += device_layer_bytes(model, layer);
    return bytes;
}

DeviceWeights upload_weights(const Model& model, std::size_t layers)
{
    const auto& weights = model.weights();
    DeviceWeights device;
    device.layers.resize(layers);
    for (std::size_t i = 0; i < layers; ++i) {
        const LayerWeights& from = weights.layers[i];
        DeviceLayer& to = device.layers[i];
        to.attn_norm = upload_vector(from.attn_norm);
        to.bq = upload_vector(from.bq);
        to.bk = upload_vector(from.bk);
        to.bv = upload_vector(from.bv);
        to.q_norm = upload_vector(from.q_norm);
        to.k_norm = upload_vector(from.k_norm);
        to.ffn_norm = upload_vector(from.ffn_norm);

        std::size_t packed = 0;
        for (const auto* m : from.matrices())
            packed += matrix_bytes(*m);
        to.matrices = DeviceBuffer(packed);
        std::size_t offset = 0;
        const auto sources = from.matrices();
        const auto targets = matrices_of(to);
        for (std::size_t m = 0; m < sources.size(); ++m) {
            const WeightMatrix& source = *sources[m];
            if (!source.data)
                continue;
            std::byte* at = to.matrices.as<std::byte>() + offset;
            check(cudaMemcpy(at, source.data, source.rows * source.row_bytes, cudaMemcpyHostToDevice),
                "copying weights to the GPU");
            *targets[m] = { source.type, source.rows, source.cols, source.row_bytes, at };
            offset += matrix_bytes(source);
        }
        device.bytes += layer_bytes(from);
    }
    if (layers < weights.layers.size())
        return device; // the CPU runs the rest, and the output
    device.output_norm = upload_vector(weights.output_norm);
    const WeightMatrix& output = weights.output;
    device.output_matrix = DeviceBuffer(matrix_bytes(output));
    check(cudaMemcpy(device.output_matrix.data(), output.data, output.rows * output.row_bytes, cudaMemcpyHostToDevice),
        "copying weights to the GPU");
    device.output = { output.type, output.rows, output.cols, output.row_bytes, device.output_matrix.data() };
    device.bytes += matrix_bytes(output) + vector_bytes(weights.output_norm);
    return device;
}

} // namespace hearth::cuda
