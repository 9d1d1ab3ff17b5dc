#include "engine/model/model_weights.h"

#include <string>

#include "engine/gguf/gguf_file.h"
#include "engine/model/model_config.h"
#include "engine/model/model_error.h"
#include "engine/quant/dequantize.h"

namespace hearth {
namespace {

class Binder {
public:
    Binder(const GgufFile& file)
        : m_file(file)
    { }

    const GgufTensorInfo* find(const std::string& name) const { return m_file.find_tensor(name); }

    WeightMatrix matrix(const std::string& name, std::uint64_t rows, std::uint64_t cols) const
    {
        const auto* tensor = find(name);
        if (!tensor)
            throw ModelError(m_file.source() + ": tensor " + name + " is missing");
        return matrix(*tensor, rows, cols);
    }

    // The `experts` matrices of [rows, cols] that a 3-D tensor stacks.
    std::vector<WeightMatrix> experts(
        const GgufTensorInfo& tensor, std::uint64_t experts, std::uint64_t rows, std::uint64_t cols) const
    {
        if (tensor.shape.size() != 3 || tensor.shape[0] != cols || tensor.shape[1] != rows
            || tensor.shape[2] != experts)
            wrong_shape(tensor, std::to_string(cols) + " × " + std::to_string(rows) + " × " + std::to_string(experts));
        const WeightMatrix all = rows_of(tensor, experts * rows, cols);
        std::vector<WeightMatrix> each;
        for (std::uint64_t e = 0; e < experts; ++e)
            each.push_back({ all.type, static_cast<std::size_t>(rows), all.cols,
                static_cast<const std::byte*>(all.data) + e * rows * all.row_bytes, all.row_bytes });
        return each;
    }

    // Expert matrices from the 3-D tensor `stacked` ("blk.N.ffn_gate_exps.weight")
    // or, in files from before April 2024, from one tensor per expert
    // ("blk.N.ffn_gate.E.weight").
    std::vector<WeightMatrix> experts(const std::string& prefix, const std::string& stacked, const std::string& single,
        std::uint64_t experts, std::uint64_t rows, std::uint64_t cols) const
    {
        if (const auto* tensor = find(prefix + stacked))
            return this->experts(*tensor, experts, rows, cols);
        std::vector<WeightMatrix> each;
        for (std::uint64_t e = 0; e < experts; ++e)
            each.push_back(matrix(prefix + single + "." + std::to_string(e) + ".weight", rows, cols));
        return each;
    }

    WeightMatrix optional_matrix(const std::string& name, std::uint64_t rows, std::uint64_t cols) const
    {
        const auto* tensor = find(name);
        return tensor ? matrix(*tensor, rows, cols) : WeightMatrix {};
    }

    std::vector<float> vector(const std::string& name, std::uint64_t length) const
    {
        const auto* tensor = find(name);
        if (!tensor)
            throw ModelError(m_file.source() + ": tensor " + name + " is missing");
        return vector(*tensor, length);
    }

    // A 2-D tensor of biases, [rows][length] ("blk.N.ffn_gate_exps.bias").
    std::vector<float> bias_rows(const std::string& name, std::uint64_t rows, std::uint64_t length) const
    {
        const auto* tensor = find(name);
        if (!tensor)
            throw ModelError(m_file.source() + ": tensor " + name + " is missing");
        if (tensor->shape.size() != 2 || tensor->shape[0] != length || tensor->shape[1] != rows)
            wrong_shape(*tensor, std::to_string(length) + " × " + std::to_string(rows));
        check_type(*tensor);
        std::vector<float> values(rows * length);
        quant::dequantize_row(tensor->type, m_file.tensor_data(*tensor).data(), values.data(), values.size());
        return values;
    }

    std::vector<float> optional_vector(const std::string& name, std::uint64_t length) const
    {
        const auto* tensor = find(name);
        return tensor ? vector(*tensor, length) : std::vector<float> {};
    }

private:
    [[noreturn]] void wrong_shape(const GgufTensorInfo& tensor, const std::string& expected) const
    {
        std::string found;
        for (const auto dim : tensor.shape)
            found += (found.empty() ? "" : " × ") + std::to_string(dim);
        throw ModelError(m_file.source() + ": tensor " + std::string(tensor.name) + " has shape [" + found
            + "], the hyper-parameters call for [" + expected + "]");
    }

    void check_type(const GgufTensorInfo& tensor) const
    {
        if (!quant::is_supported_weight_type(tensor.type)) {
            const auto traits = ggml_type_traits(static_cast<std::uint32_t>(tensor.type));
            throw ModelError(m_file.source() + ": tensor " + std::string(tensor.name) + " is stored as "
                + std::string(traits ? traits->name : "an unknown type")
                + ", which this version of Hearth cannot compute with: update Hearth, or download the model in "
                  "a common quantization (Q4_K_M, Q5_K_M, Q6_K, Q8_0 or F16)");
        }
    }

    WeightMatrix matrix(const GgufTensorInfo& tensor, std::uint64_t rows, std::uint64_t cols) const
    {
        // ggml lists the fastest dimension first: [cols, rows].
        if (tensor.shape.size() != 2 || tensor.shape[0] != cols || tensor.shape[1] != rows)
            wrong_shape(tensor, std::to_string(cols) + " × " + std::to_string(rows));
        return rows_of(tensor, rows, cols);
    }

    // The tensor as `rows` rows of `cols` values.
    WeightMatrix rows_of(const GgufTensorInfo& tensor, std::uint64_t rows, std::uint64_t cols) const
    {
        check_type(tensor);
        const auto traits = ggml_type_traits(static_cast<std::uint32_t>(tensor.type));
        if (cols % traits->block_elements != 0)
            throw ModelError(m_file.source() + ": tensor " + std::string(tensor.name) + " has rows of "
                + std::to_string(cols) + " values, not a whole number of " + std::string(traits->name) + " blocks of "
                + std::to_string(traits->block_elements));
        const auto data = m_file.tensor_data(tensor);
        return { tensor.type, static_cast<std::size_t>(rows), static_cast<std::size_t>(cols), data.data(),
            static_cast<std::size_t>(tensor.bytes / rows) };
    }

    std::vector<float> vector(const GgufTensorInfo& tensor, std::uint64_t length) const
    {
        if (tensor.elements != length || (tensor.shape.size() > 1 && tensor.shape[0] != length))
            wrong_shape(tensor, std::to_string(length));
        check_type(tensor);
        std::vector<float> values(length);
        quant::dequantize_row(tensor.type, m_file.tensor_data(tensor).data(), values.data(), length);
        return values;
    }

    const GgufFile& m_file;
};

} // namespace

std::uint64_t ExpertWeights::bytes_read(std::uint32_t used, std::uint32_t count) const
{
    std::uint64_t all = 0;
    for (const auto* kind : { &gate, &up, &gate_up, &down })
        for (const auto& matrix : *kind)
            all += std::uint64_t { matrix.rows } * matrix.row_bytes;
    const std::uint64_t router_bytes = router.data ? std::uint64_t { router.rows } * router.row_bytes : 0;
    return count ? router_bytes + all / count * used : router_bytes;
}

const std::vector<float>& ModelWeights::rope_factors(const ModelConfig& config, std::uint32_t context) const
{
    if (!rope_freq_factors.empty())
        return rope_freq_factors;
    // As llama.cpp chooses: the long factors once the context outgrows the original one.
    return context > config.rope_original_context && !rope_factors_long.empty() ? rope_factors_long
                                                                                : rope_factors_short;
}

ModelWeights bind_weights(const GgufFile& file, const ModelConfig& config)
{
    const auto& s = config.shape;
    const std::uint64_t hidden = s.hidden;
    const std::uint64_t q_dim = std::uint64_t { s.heads } * s.head_dim;
    const std::uint64_t kv_dim = std::uint64_t { s.kv_heads } * s.head_dim;
    const Binder bind(file);

    ModelWeights weights;
    weights.token_embedding = bind.matrix("token_embd.weight", s.vocab, hidden);
    weights.output_norm = bind.vector("output_norm.weight", hidden);
    weights.output = bind.optional_matrix("output.weight", s.vocab, hidden);
    if (!weights.output.data)
        weights.output = weights.token_embedding;
    weights.rope_freq_factors = bind.optional_vector("rope_freqs.weight", config.rope_dims / 2);
    weights.rope_factors_short = bind.optional_vector("rope_factors_short.weight", config.rope_dims / 2);
    weights.rope_factors_long = bind.optional_vector("rope_factors_long.weight", config.rope_dims / 2);

    const Architecture& architecture = config.architecture;
    weights.layers.resize(s.layers);
    for (std::uint32_t i = 0; i < s.layers; ++i) {
        const std::string prefix = "blk." + std::to_string(i) + ".";
        auto& layer = weights.layers[i];
        layer.attn_norm = bind.vector(prefix + "attn_norm.weight", hidden);
        if (architecture.fused_qkv && bind.find(prefix + "attn_qkv.weight")) {
            layer.wqkv = bind.matrix(prefix + "attn_qkv.weight", q_dim + 2 * kv_dim, hidden);
        } else {
            layer.wq = bind.matrix(prefix + "attn_q.weight", q_dim, hidden);
            layer.wk = bind.matrix(prefix + "attn_k.weight", kv_dim, hidden);
            layer.wv = bind.matrix(prefix + "attn_v.weight", kv_dim, hidden);
        }
        if (architecture.qkv_bias) {
            layer.bq = bind.optional_vector(prefix + "attn_q.bias", q_dim);
            layer.bk = bind.optional_vector(prefix + "attn_k.bias", kv_dim);
            layer.bv = bind.optional_vector(prefix + "attn_v.bias", kv_dim);
        }
        if (architecture.qk_norm) {
            layer.q_norm = bind.vector(prefix + "attn_q_norm.weight", s.head_dim);
            layer.k_norm = bind.vector(prefix + "attn_k_norm.weight", s.head_dim);
        }
        layer.wo = bind.matrix(prefix + "attn_output.weight", hidden, q_dim);
        if (architecture.output_bias)
            layer.bo = bind.optional_vector(prefix + "attn_output.bias", hidden);
        if (architecture.attention_sinks)
            layer.sinks = bind.vector(prefix + "attn_sinks.weight", s.heads);
        layer.ffn_norm = bind.vector(prefix + std::string(architecture.ffn_norm) + ".weight", hidden);
        if (config.experts()) {
            const std::uint64_t experts = s.experts;
            const std::uint64_t width = s.expert_ffn;
            auto& e = layer.experts;
            e.router = bind.matrix(prefix + "ffn_gate_inp.weight", experts, hidden);
            // Newer converters may write gate and up as one tensor, gate rows first.
            if (const auto* fused = bind.find(prefix + "ffn_gate_up_exps.weight")) {
                e.gate_up = bind.experts(*fused, experts, 2 * width, hidden);
            } else {
                e.gate = bind.experts(prefix, "ffn_gate_exps.weight", "ffn_gate", experts, width, hidden);
                e.up = bind.experts(prefix, "ffn_up_exps.weight", "ffn_up", experts, width, hidden);
            }
            e.down = bind.experts(prefix, "ffn_down_exps.weight", "ffn_down", experts, hidden, width);
            if (architecture.expert_biases) {
                e.router_bias = bind.optional_vector(prefix + "ffn_gate_inp.bias", experts);
                if (bind.find(prefix + "ffn_gate_exps.bias") && e.gate_up.empty()) {
                    e.gate_bias = bind.bias_rows(prefix + "ffn_gate_exps.bias", experts, width);
                    e.up_bias = bind.bias_rows(prefix + "ffn_up_exps.bias", experts, width);
                }
                if (bind.find(prefix + "ffn_down_exps.bias"))
                    e.down_bias = bind.bias_rows(prefix + "ffn_down_exps.bias", experts, hidden);
            }
        } else if (architecture.fused_gate_up && !bind.find(prefix + "ffn_gate.weight")) {
            layer.w_gate_up = bind.matrix(prefix + "ffn_up.weight", 2 * std::uint64_t { s.ffn }, hidden);
            layer.w_down = bind.matrix(prefix + "ffn_down.weight", hidden, s.ffn);
        } else {
            layer.w_gate = bind.matrix(prefix + "ffn_gate.weight", s.ffn, hidden);
            layer.w_up = bind.matrix(prefix + "ffn_up.weight", s.ffn, hidden);
            layer.w_down = bind.matrix(prefix + "ffn_down.weight", hidden, s.ffn);
        }
    }
    return weights;
}

} // namespace hearth
