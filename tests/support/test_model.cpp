#include "tests/support/test_model.h"

#include <cmath>
#include <cstring>
#include <functional>
#include <span>
#include <stdexcept>
#include <vector>

#include "engine/gguf/gguf_writer.h"
#include "engine/quant/quantize.h"
#include "engine/text/vocabulary.h"

namespace hearth::test {
namespace {

std::uint64_t splitmix(std::uint64_t& state)
{
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

std::uint64_t seed_for(std::uint64_t seed, const std::string& name)
{
    std::uint64_t h = 1469598103934665603ull ^ seed; // FNV-1a over the name
    for (const unsigned char c : name)
        h = (h ^ c) * 1099511628211ull;
    return h;
}

// Irwin–Hall: four uniforms summed, centred and scaled to unit variance — a
// bell shape cut at ±3.46σ with no libm call, so identical everywhere.
std::vector<float> bell(std::uint64_t seed, const std::string& name, std::size_t count, float sigma)
{
    std::uint64_t state = seed_for(seed, name);
    std::vector<float> values(count);
    for (auto& value : values) {
        float sum = 0.0f;
        for (int i = 0; i < 4; ++i)
            sum += static_cast<float>(splitmix(state) >> 40) * (1.0f / 16777216.0f);
        value = (sum - 2.0f) * 1.7320508f * sigma;
    }
    return values;
}

std::vector<float> uniform(std::uint64_t seed, const std::string& name, std::size_t count, float centre, float half)
{
    std::uint64_t state = seed_for(seed, name);
    std::vector<float> values(count);
    for (auto& value : values)
        value = centre + half * (static_cast<float>(splitmix(state) >> 40) * (2.0f / 16777216.0f) - 1.0f);
    return values;
}

class ModelWriter {
public:
    explicit ModelWriter(const TestModelSpec& spec)
        : m_spec(spec)
    { }

    void matrix(const std::string& name, std::uint64_t rows, std::uint64_t cols, float sigma)
    {
        tensor(name, { cols, rows }, sigma, m_spec.weights);
    }

    // `experts` matrices of [rows, cols] in one 3-D tensor, as GGUF stores
    // experts ("blk.N.ffn_gate_exps.weight"); apart, the same values as one
    // tensor per expert ("blk.N.ffn_gate.E.weight").
    void experts(const std::string& name, std::uint64_t experts, std::uint64_t rows, std::uint64_t cols, float sigma)
    {
        const GgmlType type = m_spec.expert_weights.value_or(m_spec.weights);
        if (!m_spec.experts_apart) {
            tensor(name, { cols, rows, experts }, sigma, type);
            return;
        }
        const auto values = bell(m_spec.seed, name, experts * rows * cols, sigma);
        const std::string stem = name.substr(0, name.find("_exps.weight"));
        for (std::uint64_t e = 0; e < experts; ++e)
            tensor(stem + "." + std::to_string(e) + ".weight", { cols, rows },
                std::span(values).subspan(e * rows * cols, rows * cols), type);
    }

    // A router: kept in F32 whatever the weights' type, as llama.cpp's converter does.
    void router(const std::string& name, std::uint64_t experts, std::uint64_t cols, float sigma)
    {
        tensor(name, { cols, experts }, sigma, GgmlType::F32);
    }

    void vector(const std::string& name, std::vector<float> values) { biases(name, std::move(values), 1); }

    // `rows` vectors of equal length in one F32 tensor: an expert's bias each.
    void biases(const std::string& name, std::vector<float> values, std::uint64_t rows)
    {
        auto& bytes = m_buffers.emplace_back(values.size() * sizeof(float));
        std::memcpy(bytes.data(), values.data(), bytes.size());
        std::vector<std::uint64_t> shape { values.size() / rows };
        if (rows > 1)
            shape.push_back(rows);
        m_writer.add_tensor(name, std::move(shape), GgmlType::F32, bytes);
    }

    GgufWriter& writer() { return m_writer; }

private:
    void tensor(const std::string& name, std::vector<std::uint64_t> shape, float sigma, GgmlType type)
    {
        std::uint64_t count = 1;
        for (const auto dim : shape)
            count *= dim;
        tensor(name, std::move(shape), bell(m_spec.seed, name, count, sigma), type);
    }

    void tensor(const std::string& name, std::vector<std::uint64_t> shape, std::span<const float> values, GgmlType type)
    {
        const std::uint64_t cols = shape.front();
        const std::uint64_t rows = values.size() / cols;
        const auto row_bytes = ggml_tensor_bytes(type, cols);
        if (!row_bytes)
            throw std::invalid_argument(name + ": rows of " + std::to_string(cols) + " are not whole blocks");
        auto& bytes = m_buffers.emplace_back(rows * *row_bytes);
        for (std::uint64_t r = 0; r < rows; ++r)
            quant::quantize_row(type, &values[r * cols], &bytes[r * *row_bytes], cols);
        m_writer.add_tensor(name, std::move(shape), type, bytes);
    }

    const TestModelSpec& m_spec;
    GgufWriter m_writer;
    std::vector<std::vector<std::byte>> m_buffers;
};

} // namespace

void write_test_model(const TestModelSpec& spec, const Vocabulary& vocabulary, const std::filesystem::path& path)
{
    const std::string& arch = spec.architecture;
    if (arch != "llama" && arch != "qwen2" && arch != "qwen3" && arch != "qwen3moe" && arch != "phi3"
        && arch != "gpt-oss")
        throw std::invalid_argument("no test model for architecture " + arch);
    const bool gpt_oss = arch == "gpt-oss";
    const bool moe = arch == "qwen3moe" || gpt_oss || spec.experts > 0;
    if (moe && (spec.experts == 0 || spec.experts_used == 0 || spec.experts_used > spec.experts))
        throw std::invalid_argument("a mixture of experts needs 0 < experts_used <= experts");
    if (moe && arch != "qwen3moe" && arch != "llama" && !gpt_oss)
        throw std::invalid_argument("no mixture-of-experts test model for architecture " + arch);
    if (gpt_oss && spec.tie_embeddings)
        throw std::invalid_argument("gpt-oss has an output matrix of its own");
    const bool qk_norm = arch == "qwen3" || arch == "qwen3moe";
    const std::uint64_t hidden = spec.hidden;
    const std::uint64_t q_dim = std::uint64_t { spec.heads } * spec.head_dim;
    const std::uint64_t kv_dim = std::uint64_t { spec.kv_heads } * spec.head_dim;
    const std::uint64_t vocab = vocabulary.size();
    const float input_sigma = 1.0f / std::sqrt(static_cast<float>(hidden));

    ModelWriter model(spec);
    auto& w = model.writer();
    const auto key = [&](const char* name) { return arch + "." + name; };
    w.set_string("general.architecture", arch);
    // Not naming the architecture: llama.cpp gives vocabularies of models named
    // "phi3" special-token attributes that need Phi-3's own tokens.
    w.set_string("general.name", "hearth test model");
    w.set_uint32(key("vocab_size"), static_cast<std::uint32_t>(vocab));
    w.set_uint32(key("context_length"), spec.context);
    w.set_uint32(key("embedding_length"), spec.hidden);
    w.set_uint32(key("block_count"), spec.layers);
    // Mixtral's and gpt-oss's experts are as wide as the feed-forward length says.
    w.set_uint32(key("feed_forward_length"), moe && (arch == "llama" || gpt_oss) ? spec.expert_ffn : spec.ffn);
    if (moe) {
        w.set_uint32(key("expert_count"), spec.experts);
        w.set_uint32(key("expert_used_count"), spec.experts_used);
        if (arch != "llama")
            w.set_uint32(key("expert_feed_forward_length"), spec.expert_ffn);
    }
    w.set_uint32(key("attention.head_count"), spec.heads);
    w.set_uint32(key("attention.head_count_kv"), spec.kv_heads);
    w.set_float32(key("rope.freq_base"), arch == "llama" ? 500000.0f : gpt_oss ? 150000.0f : 1000000.0f);
    w.set_uint32(key("rope.dimension_count"), spec.head_dim);
    w.set_float32(key("attention.layer_norm_rms_epsilon"), arch == "llama" || gpt_oss ? 1e-5f : 1e-6f);
    if (gpt_oss) {
        w.set_uint32(key("attention.sliding_window"), spec.sliding_window);
        w.set_string(key("rope.scaling.type"), "yarn");
        w.set_float32(key("rope.scaling.factor"), 32.0f);
        w.set_uint32(key("rope.scaling.original_context_length"), 4096);
    }
    if (q_dim != hidden || gpt_oss) {
        w.set_uint32(key("attention.key_length"), spec.head_dim);
        w.set_uint32(key("attention.value_length"), spec.head_dim);
    }
    write_vocabulary(w, vocabulary);

    // Tied, the embedding is also the output projection: scaled for the logits.
    model.matrix("token_embd.weight", vocab, hidden, spec.tie_embeddings ? spec.logit_std * input_sigma : 1.0f);
    model.vector("output_norm.weight", uniform(spec.seed, "output_norm.weight", hidden, 1.0f, 0.2f));
    if (!spec.tie_embeddings)
        model.matrix("output.weight", vocab, hidden, spec.logit_std * input_sigma);
    if (spec.rope_freq_factors) {
        // Llama 3.1's shape: high frequencies kept, low ones slowed up to 8×.
        std::vector<float> factors(spec.head_dim / 2);
        for (std::size_t i = 0; i < factors.size(); ++i)
            factors[i] = 1.0f + 7.0f * static_cast<float>(i) / static_cast<float>(factors.size() - 1);
        model.vector("rope_freqs.weight", factors);
    }
    if (spec.long_rope) {
        w.set_float32(key("rope.scaling.attn_factor"), 1.1902381f);
        w.set_uint32(key("rope.scaling.original_context_length"), 256);
        std::vector<float> short_factors(spec.head_dim / 2), long_factors(spec.head_dim / 2);
        for (std::size_t i = 0; i < short_factors.size(); ++i) {
            const float x = static_cast<float>(i) / static_cast<float>(short_factors.size() - 1);
            short_factors[i] = 1.0f + 0.5f * x;
            long_factors[i] = 1.0f + 15.0f * x * x;
        }
        model.vector("rope_factors_short.weight", short_factors);
        model.vector("rope_factors_long.weight", long_factors);
    }
    const float qk_sigma = spec.qk_gain * input_sigma;
    // Tied, a token's own embedding would dominate its logits and the model
    // would only repeat it; stronger blocks make the choice depend on them.
    const float branch_gain = spec.tie_embeddings ? 4.0f : 1.0f;
    for (std::uint32_t layer = 0; layer < spec.layers; ++layer) {
        const std::string p = "blk." + std::to_string(layer) + ".";
        model.vector(p + "attn_norm.weight", uniform(spec.seed, p + "attn_norm.weight", hidden, 1.0f, 0.2f));
        if (arch == "phi3") {
            model.matrix(p + "attn_qkv.weight", q_dim + 2 * kv_dim, hidden, qk_sigma);
        } else {
            model.matrix(p + "attn_q.weight", q_dim, hidden, qk_sigma);
            model.matrix(p + "attn_k.weight", kv_dim, hidden, qk_sigma);
            model.matrix(p + "attn_v.weight", kv_dim, hidden, input_sigma);
        }
        if (arch == "qwen2" || gpt_oss) {
            model.vector(p + "attn_q.bias", uniform(spec.seed, p + "attn_q.bias", q_dim, 0.0f, 0.1f));
            model.vector(p + "attn_k.bias", uniform(spec.seed, p + "attn_k.bias", kv_dim, 0.0f, 0.1f));
            model.vector(p + "attn_v.bias", uniform(spec.seed, p + "attn_v.bias", kv_dim, 0.0f, 0.1f));
        }
        if (qk_norm) {
            model.vector(
                p + "attn_q_norm.weight", uniform(spec.seed, p + "attn_q_norm.weight", spec.head_dim, 1.0f, 0.2f));
            model.vector(
                p + "attn_k_norm.weight", uniform(spec.seed, p + "attn_k_norm.weight", spec.head_dim, 1.0f, 0.2f));
        }
        model.matrix(p + "attn_output.weight", hidden, q_dim, branch_gain / std::sqrt(static_cast<float>(q_dim)));
        // gpt-oss: the output's bias, a sink logit per head (from "look at
        // nothing" to a fair share), and its pre-FFN norm's own name.
        if (gpt_oss) {
            model.vector(p + "attn_output.bias", uniform(spec.seed, p + "attn_output.bias", hidden, 0.0f, 0.1f));
            model.vector(p + "attn_sinks.weight", uniform(spec.seed, p + "attn_sinks.weight", spec.heads, 1.0f, 1.0f));
        }
        const std::string ffn_norm = p + (gpt_oss ? "post_attention_norm.weight" : "ffn_norm.weight");
        model.vector(ffn_norm, uniform(spec.seed, ffn_norm, hidden, 1.0f, 0.2f));
        if (moe) {
            const std::uint64_t width = spec.expert_ffn;
            model.router(p + "ffn_gate_inp.weight", spec.experts, hidden, spec.router_std * input_sigma);
            model.experts(p + "ffn_gate_exps.weight", spec.experts, width, hidden, input_sigma);
            model.experts(p + "ffn_up_exps.weight", spec.experts, width, hidden, input_sigma);
            model.experts(p + "ffn_down_exps.weight", spec.experts, hidden, width,
                branch_gain / std::sqrt(static_cast<float>(width)));
            if (gpt_oss) {
                const auto bias = [&](const std::string& name, std::uint64_t length) {
                    model.biases(
                        p + name, uniform(spec.seed, p + name, spec.experts * length, 0.0f, 0.1f), spec.experts);
                };
                model.vector(
                    p + "ffn_gate_inp.bias", uniform(spec.seed, p + "ffn_gate_inp.bias", spec.experts, 0.0f, 0.1f));
                bias("ffn_gate_exps.bias", width);
                bias("ffn_up_exps.bias", width);
                bias("ffn_down_exps.bias", hidden);
            }
            continue;
        }
        if (arch == "phi3") {
            model.matrix(p + "ffn_up.weight", 2 * std::uint64_t { spec.ffn }, hidden, input_sigma);
        } else {
            model.matrix(p + "ffn_gate.weight", spec.ffn, hidden, input_sigma);
            model.matrix(p + "ffn_up.weight", spec.ffn, hidden, input_sigma);
        }
        model.matrix(p + "ffn_down.weight", hidden, spec.ffn, branch_gain / std::sqrt(static_cast<float>(spec.ffn)));
    }
    w.write(path);
}

} // namespace hearth::test
