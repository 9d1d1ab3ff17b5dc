#include "quant/quantize_model.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <numeric>

#include "cpu/thread_pool.h"
#include "gguf/gguf_file.h"
#include "gguf/gguf_writer.h"
#include "quant/dequantize.h"
#include "quant/importance_matrix.h"
#include "quant/quantize.h"

namespace hearth {

namespace {

struct QuantInfo {
    ModelQuant quant;
    std::string_view name;
    std::uint32_t file_type;
};

constexpr QuantInfo kQuants[] = {
    { ModelQuant::F16, "F16", 1 },
    { ModelQuant::BF16, "BF16", 32 },
    { ModelQuant::Q8_0, "Q8_0", 7 },
    { ModelQuant::Q6_K, "Q6_K", 18 },
    { ModelQuant::Q5_1, "Q5_1", 9 },
    { ModelQuant::Q5_K_M, "Q5_K_M", 17 },
    { ModelQuant::Q5_0, "Q5_0", 8 },
    { ModelQuant::Q5_K_S, "Q5_K_S", 16 },
    { ModelQuant::Q4_1, "Q4_1", 3 },
    { ModelQuant::Q4_K_M, "Q4_K_M", 15 },
    { ModelQuant::Q4_K_S, "Q4_K_S", 14 },
    { ModelQuant::Q4_0, "Q4_0", 2 },
};

const QuantInfo& info(ModelQuant quant)
{
    return *std::find_if(
        std::begin(kQuants), std::end(kQuants), [quant](const QuantInfo& q) { return q.quant == quant; });
}

// The layer a tensor belongs to ("blk.12.attn_v.weight" → 12), or -1.
int layer_of(std::string_view name)
{
    if (!name.starts_with("blk."))
        return -1;
    int layer = -1;
    const auto begin = name.data() + 4;
    std::from_chars(begin, name.data() + name.size(), layer);
    return layer;
}

// llama.cpp's choice of layers that get more bits in the _M mixes.
bool more_bits(int layer, int layers)
{
    return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
}

GgmlType base_type(ModelQuant target)
{
    switch (target) {
    case ModelQuant::F16:
        return GgmlType::F16;
    case ModelQuant::BF16:
        return GgmlType::BF16;
    case ModelQuant::Q8_0:
        return GgmlType::Q8_0;
    case ModelQuant::Q6_K:
        return GgmlType::Q6_K;
    case ModelQuant::Q5_K_M:
    case ModelQuant::Q5_K_S:
        return GgmlType::Q5_K;
    case ModelQuant::Q4_K_M:
    case ModelQuant::Q4_K_S:
        return GgmlType::Q4_K;
    case ModelQuant::Q4_0:
        return GgmlType::Q4_0;
    case ModelQuant::Q5_1:
        return GgmlType::Q5_1;
    case ModelQuant::Q5_0:
        return GgmlType::Q5_0;
    case ModelQuant::Q4_1:
        return GgmlType::Q4_1;
    }
    return GgmlType::F16;
}

GgmlType choose(std::string_view name, int layer, int layers, bool output, ModelQuant target)
{
    const GgmlType base = base_type(target);
    const bool k_mix = base == GgmlType::Q4_K || base == GgmlType::Q5_K;
    if (output)
        return base == GgmlType::F16 || base == GgmlType::BF16 || base == GgmlType::Q8_0 ? base : GgmlType::Q6_K;
    // A fused projection (Phi-3's attn_qkv) holds the values: it counts as attn_v.
    const bool value = name.find("attn_v.weight") != std::string_view::npos
        || name.find("attn_qkv.weight") != std::string_view::npos;
    const bool down = name.find("ffn_down") != std::string_view::npos;
    if (!k_mix || layer < 0)
        return base;
    switch (target) {
    case ModelQuant::Q4_K_M:
    case ModelQuant::Q5_K_M:
        if ((value || down) && more_bits(layer, layers))
            return GgmlType::Q6_K;
        return base;
    case ModelQuant::Q4_K_S:
        if ((value && layer < 4) || (down && layer < layers / 8))
            return GgmlType::Q5_K;
        return base;
    default:
        return base;
    }
}

std::uint64_t block_elements(GgmlType type)
{
    return ggml_type_traits(static_cast<std::uint32_t>(type))->block_elements;
}

// The type when the row length is not a whole number of `type`'s blocks:
// llama.cpp's table of 32-element stand-ins (a Q4_K row of 896 becomes
// Q5_0, as in the Qwen2.5-0.5B files people download), and F16 where 32
// does not divide the row either. Following it to the letter is what makes
// Hearth's files byte-identical to llama-quantize's.
GgmlType fitting(GgmlType type, std::uint64_t row)
{
    if (row % block_elements(type) == 0)
        return type;
    GgmlType fallback = type;
    switch (type) {
    case GgmlType::IQ1_S:
    case GgmlType::IQ1_M:
    case GgmlType::IQ2_XXS:
    case GgmlType::IQ2_XS:
    case GgmlType::IQ2_S:
    case GgmlType::IQ3_XXS:
    case GgmlType::IQ3_S:
    case GgmlType::IQ4_XS:
        fallback = GgmlType::IQ4_NL;
        break;
    case GgmlType::Q2_K:
    case GgmlType::Q3_K:
    case GgmlType::TQ1_0:
    case GgmlType::TQ2_0:
        fallback = GgmlType::Q4_0;
        break;
    case GgmlType::Q4_K:
        fallback = GgmlType::Q5_0;
        break;
    case GgmlType::Q5_K:
        fallback = GgmlType::Q5_1;
        break;
    case GgmlType::Q6_K:
        fallback = GgmlType::Q8_0;
        break;
    default:
        break;
    }
    return row % block_elements(fallback) == 0 ? fallback : GgmlType::F16;
}

} // namespace

std::optional<ModelQuant> model_quant_from_name(std::string_view name)
{
    std::string upper(name);
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
    for (const QuantInfo& q : kQuants)
        if (q.name == upper)
            return q.quant;
    return std::nullopt;
}

std::string_view model_quant_name(ModelQuant quant)
{
    return info(quant).name;
}

std::uint32_t model_quant_file_type(ModelQuant quant)
{
    return info(quant).file_type;
}

const std::vector<ModelQuant>& all_model_quants()
{
    static const std::vector<ModelQuant> quants = [] {
        std::vector<ModelQuant> all;
        for (const QuantInfo& q : kQuants)
            all.push_back(q.quant);
        return all;
    }();
    return quants;
}

GgmlType planned_matrix_type(
    std::string_view name, std::uint64_t row_length, int layers, bool output, ModelQuant target)
{
    return fitting(choose(name, layer_of(name), layers, output, target), row_length);
}

std::vector<TensorQuantPlan> plan_model_quant(const GgufFile& in, ModelQuant target)
{
    const std::string architecture(in.get_string("general.architecture").value_or("llama"));
    const int layers = static_cast<int>(in.get_uint(architecture + ".block_count").value_or(0));
    const bool has_output = in.find_tensor("output.weight") != nullptr;
    std::vector<TensorQuantPlan> plan;
    for (const GgufTensorInfo& tensor : in.tensors()) {
        TensorQuantPlan entry { std::string(tensor.name), tensor.shape, tensor.type, tensor.type };
        const bool matrix = tensor.shape.size() >= 2 && tensor.name.ends_with(".weight");
        if (matrix) {
            const bool output = tensor.name == "output.weight" || (!has_output && tensor.name == "token_embd.weight");
            entry.to = planned_matrix_type(tensor.name, tensor.shape[0], layers, output, target);
        }
        plan.push_back(std::move(entry));
    }
    return plan;
}

void quantize_model(const GgufFile& in, const std::filesystem::path& out, const QuantizeOptions& options)
{
    const std::vector<TensorQuantPlan> plan = plan_model_quant(in, options.target);
    for (const TensorQuantPlan& tensor : plan)
        if (tensor.from != tensor.to && !quant::is_supported_weight_type(tensor.from))
            throw GgufError(in.source() + ": tensor " + tensor.name + " is stored as "
                + std::string(ggml_type_traits(static_cast<std::uint32_t>(tensor.from))->name)
                + ", which Hearth cannot read to quantize it again");

    // The metadata as llama-quantize writes it, so that the files are
    // byte-identical: the input's keys in order, then the quantization
    // version and the file type, moved to the end. An alignment other than
    // 32 the writer states itself, ahead of the rest.
    GgufWriter writer;
    for (const auto& [key, value] : in.metadata()) {
        if (key == "general.file_type" || key == "general.quantization_version")
            continue;
        if (key != "general.alignment" || in.alignment() == 32)
            writer.set_value(key, value);
    }
    writer.set_uint32("general.quantization_version", 2);
    writer.set_uint32("general.file_type", model_quant_file_type(options.target));

    cpu::ThreadPool pool(options.threads);
    QuantizeProgress progress;
    progress.tensors = plan.size();
    for (const GgufTensorInfo& tensor : in.tensors())
        progress.elements += tensor.elements;

    // llama-quantize's tensor order: the tensors outside the layers first,
    // then layer by layer, by name within each.
    std::vector<std::size_t> order(plan.size());
    std::iota(order.begin(), order.end(), std::size_t { 0 });
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const int layer_a = layer_of(plan[a].name), layer_b = layer_of(plan[b].name);
        return layer_a != layer_b ? layer_a < layer_b : plan[a].name < plan[b].name;
    });

    for (const std::size_t i : order) {
        const TensorQuantPlan& entry = plan[i];
        const GgufTensorInfo& tensor = in.tensors()[i];
        writer.add_tensor(entry.name, entry.shape, entry.to, [&, i](std::span<std::byte> output) {
            if (options.cancel && options.cancel->load())
                throw QuantizeCancelled();
            const std::span<const std::byte> input = in.tensor_data(tensor);
            if (entry.from == entry.to) {
                std::copy(input.begin(), input.end(), output.begin());
            } else {
                const std::uint64_t row = entry.shape[0];
                const std::uint64_t rows = tensor.elements / row;
                const std::uint64_t in_row = *ggml_tensor_bytes(entry.from, row);
                const std::uint64_t out_row = *ggml_tensor_bytes(entry.to, row);
                std::vector<float> importance;
                if (options.importance)
                    importance = options.importance->weights(entry.name);
                const float* weights = importance.size() == row ? importance.data() : nullptr;
                pool.parallel_for(rows, 1, [&](std::size_t begin, std::size_t end) {
                    std::vector<float> values(row);
                    for (std::size_t r = begin; r < end; ++r) {
                        quant::dequantize_row(entry.from, input.data() + r * in_row, values.data(), row);
                        quant::quantize_row(entry.to, values.data(), output.data() + r * out_row, row, weights);
                    }
                });
            }
            ++progress.tensors_done;
            progress.elements_done += tensor.elements;
            progress.tensor = entry.name;
            if (options.progress)
                options.progress(progress);
        });
    }
    writer.write(out, static_cast<std::uint32_t>(in.alignment()));
}

} // namespace hearth
