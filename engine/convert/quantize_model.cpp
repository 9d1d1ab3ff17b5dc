#include "engine/convert/quantize_model.h"

#include <algorithm>
#include <cctype>
#include <numeric>

#include "engine/cpu/thread_pool.h"
#include "engine/gguf/gguf_file.h"
#include "engine/gguf/gguf_writer.h"
#include "engine/quant/dequantize.h"
#include "engine/quant/importance_matrix.h"
#include "engine/quant/quantize.h"

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
    { ModelQuant::IQ4_NL, "IQ4_NL", 25 },
    { ModelQuant::IQ4_XS, "IQ4_XS", 30 },
    { ModelQuant::Q3_K_L, "Q3_K_L", 13 },
    { ModelQuant::Q3_K_M, "Q3_K_M", 12 },
    { ModelQuant::Q3_K_S, "Q3_K_S", 11 },
    { ModelQuant::Q2_K, "Q2_K", 10 },
    { ModelQuant::IQ3_M, "IQ3_M", 27 },
    { ModelQuant::IQ3_S, "IQ3_S", 26 },
    { ModelQuant::IQ3_XS, "IQ3_XS", 22 },
    { ModelQuant::IQ3_XXS, "IQ3_XXS", 23 },
    { ModelQuant::IQ2_M, "IQ2_M", 29 },
    { ModelQuant::IQ2_S, "IQ2_S", 28 },
    { ModelQuant::IQ2_XS, "IQ2_XS", 20 },
    { ModelQuant::IQ2_XXS, "IQ2_XXS", 19 },
    { ModelQuant::IQ1_M, "IQ1_M", 31 },
    { ModelQuant::IQ1_S, "IQ1_S", 24 },
    { ModelQuant::TQ2_0, "TQ2_0", 37 },
    { ModelQuant::TQ1_0, "TQ1_0", 36 },
    { ModelQuant::MXFP4_MOE, "MXFP4_MOE", 38 },
};

const QuantInfo& info(ModelQuant quant)
{
    return *std::find_if(
        std::begin(kQuants), std::end(kQuants), [quant](const QuantInfo& q) { return q.quant == quant; });
}

// llama-quantize's tensor order: the tensors outside the layers first,
// then layer by layer, by name within each.
std::vector<std::size_t> llama_order(const std::vector<GgufTensorInfo>& tensors)
{
    std::vector<std::size_t> order(tensors.size());
    std::iota(order.begin(), order.end(), std::size_t { 0 });
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const int layer_a = tensor_layer(tensors[a].name), layer_b = tensor_layer(tensors[b].name);
        return layer_a != layer_b ? layer_a < layer_b : tensors[a].name < tensors[b].name;
    });
    return order;
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

QuantMix quant_mix_of(const GgufFile& in, ModelQuant target, bool importance)
{
    const std::string architecture(in.get_string("general.architecture").value_or("llama"));
    const auto get = [&](const char* key) { return in.get_uint(architecture + key).value_or(0); };
    QuantMix mix;
    mix.target = target;
    mix.layers = static_cast<int>(get(".block_count"));
    const auto heads = get(".attention.head_count");
    const auto kv_heads = get(".attention.head_count_kv");
    mix.gqa = heads > 0 && kv_heads > 0 ? static_cast<int>(heads / kv_heads) : 1;
    mix.experts = static_cast<int>(get(".expert_count"));
    // llama.cpp's model classes; the 70B one is the only one its mixes read.
    mix.class_70b = mix.layers == 80 && ((architecture == "llama" && mix.gqa > 1) || architecture == "qwen2");
    mix.importance = importance;
    for (const GgufTensorInfo& tensor : in.tensors())
        mix.values += holds_values(tensor.name) ? 1 : 0;
    return mix;
}

std::vector<TensorQuantPlan> plan_model_quant(const GgufFile& in, ModelQuant target, bool importance)
{
    const QuantMix mix = quant_mix_of(in, target, importance);
    const bool has_output = in.find_tensor("output.weight") != nullptr;
    std::vector<TensorQuantPlan> plan;
    for (const GgufTensorInfo& tensor : in.tensors())
        plan.push_back({ std::string(tensor.name), tensor.shape, tensor.type, tensor.type });
    // attn_v's rules count the value tensors in the order llama.cpp meets them.
    int value_index = 0;
    for (const std::size_t i : llama_order(in.tensors())) {
        const GgufTensorInfo& tensor = in.tensors()[i];
        if (!is_quantizable_tensor(tensor.name, tensor.shape.size()))
            continue;
        const bool output = tensor.name == "output.weight" || (!has_output && tensor.name == "token_embd.weight");
        plan[i].to = planned_matrix_type(tensor.name, tensor.shape[0], output, value_index, mix);
        value_index += holds_values(tensor.name) ? 1 : 0;
    }
    return plan;
}

std::optional<std::string> missing_importance(const GgufFile& in, ModelQuant target, const ImportanceMatrix* importance)
{
    for (const TensorQuantPlan& tensor : plan_model_quant(in, target, importance != nullptr)) {
        if (tensor.from == tensor.to || !importance_required(tensor.name, tensor.to))
            continue;
        const std::string what = std::string(model_quant_name(target)) + " stores " + tensor.name + " as "
            + std::string(ggml_type_traits(static_cast<std::uint32_t>(tensor.to))->name);
        if (!importance)
            return in.source() + ": " + what
                + ", which needs an importance matrix: without one its 1- to 3-bit grid gives garbage. "
                  "Compute one from some text (hearth imatrix) and give it (--imatrix), or choose IQ3_S, "
                  "IQ3_M or a K-quant.";
        if (importance->weights(tensor.name).empty())
            return in.source() + ": " + what
                + ", but the importance matrix has nothing for that tensor: it was computed for another model.";
    }
    return std::nullopt;
}

void quantize_model(const GgufFile& in, const std::filesystem::path& out, const QuantizeOptions& options)
{
    const std::vector<TensorQuantPlan> plan = plan_model_quant(in, options.target, options.importance != nullptr);
    for (const TensorQuantPlan& tensor : plan)
        if (tensor.from != tensor.to && !quant::is_supported_weight_type(tensor.from))
            throw GgufError(in.source() + ": tensor " + tensor.name + " is stored as "
                + std::string(ggml_type_traits(static_cast<std::uint32_t>(tensor.from))->name)
                + ", which Hearth cannot read to quantize it again");
    if (const auto missing = missing_importance(in, options.target, options.importance))
        throw ImportanceRequired(*missing);

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

    for (const std::size_t i : llama_order(in.tensors())) {
        const TensorQuantPlan& entry = plan[i];
        const GgufTensorInfo& tensor = in.tensors()[i];
        writer.add_tensor(entry.name, entry.shape, entry.to, [&](std::span<std::byte> output) {
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
                // A stack of experts has a row of weights for each expert.
                const std::uint64_t experts = entry.shape.size() > 2 ? entry.shape[2] : 1;
                const std::uint64_t rows_per_matrix = rows / experts;
                const bool weighted = importance.size() == row || importance.size() == row * experts;
                const auto weights_of = [&](std::uint64_t r) -> const float* {
                    if (!weighted)
                        return nullptr;
                    return importance.size() == row ? importance.data()
                                                    : importance.data() + (r / rows_per_matrix) * row;
                };
                pool.parallel_for(rows, 1, [&](std::size_t begin, std::size_t end) {
                    std::vector<float> values(row);
                    for (std::size_t r = begin; r < end; ++r) {
                        quant::dequantize_row(entry.from, input.data() + r * in_row, values.data(), row);
                        quant::quantize_row(entry.to, values.data(), output.data() + r * out_row, row, weights_of(r));
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
