#include "engine/convert/synthetic_model.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <thread>

#include <unistd.h>

#include "engine/gguf/gguf_writer.h"
#include "engine/model/model.h"
#include "engine/quant/block_formats.h"
#include "engine/quant/half.h"
#include "engine/text/vocabulary.h"

namespace hearth {
namespace {

struct NamedShape {
    const char* name;
    ModelShape shape;
};

ModelShape make_shape(const char* architecture, std::uint32_t layers, std::uint32_t hidden, std::uint32_t heads,
    std::uint32_t kv_heads, std::uint32_t head_dim, std::uint32_t ffn, std::uint32_t vocab, std::uint32_t context,
    bool tied)
{
    ModelShape s;
    s.architecture = architecture;
    s.layers = layers, s.hidden = hidden, s.heads = heads, s.kv_heads = kv_heads, s.head_dim = head_dim;
    s.ffn = ffn, s.vocab = vocab, s.max_context = context, s.tied_embeddings = tied;
    s.attention_bias = s.architecture == "qwen2" || s.architecture == "gpt-oss";
    return s;
}

// A mixture of experts: `experts` MLPs of `width`, `used` per token.
ModelShape with_experts(ModelShape s, std::uint32_t experts, std::uint32_t used, std::uint32_t width)
{
    s.experts = experts, s.experts_used = used, s.expert_ffn = width;
    return s;
}

// Each model's config.json.
const std::vector<NamedShape>& shapes()
{
    static const std::vector<NamedShape> all {
        { "mixtral-8x7b",
            with_experts(make_shape("llama", 32, 4096, 32, 8, 128, 14336, 32000, 32768, false), 8, 2, 14336) },
        { "qwen3-30b-a3b",
            with_experts(make_shape("qwen3moe", 48, 2048, 32, 4, 128, 6144, 151936, 40960, false), 128, 8, 768) },
        { "gpt-oss-20b",
            with_experts(make_shape("gpt-oss", 24, 2880, 64, 8, 64, 2880, 201088, 131072, false), 32, 4, 2880) },
        { "gpt-oss-120b",
            with_experts(make_shape("gpt-oss", 36, 2880, 64, 8, 64, 2880, 201088, 131072, false), 128, 4, 2880) },
        { "llama-3.1-8b", make_shape("llama", 32, 4096, 32, 8, 128, 14336, 128256, 131072, false) },
        { "llama-3.2-1b", make_shape("llama", 16, 2048, 32, 8, 64, 8192, 128256, 131072, true) },
        { "llama-3.2-3b", make_shape("llama", 28, 3072, 24, 8, 128, 8192, 128256, 131072, true) },
        { "llama-3.3-70b", make_shape("llama", 80, 8192, 64, 8, 128, 28672, 128256, 131072, false) },
        { "qwen2.5-0.5b", make_shape("qwen2", 24, 896, 14, 2, 64, 4864, 151936, 32768, true) },
        { "qwen2.5-7b", make_shape("qwen2", 28, 3584, 28, 4, 128, 18944, 152064, 32768, false) },
        { "qwen2.5-14b", make_shape("qwen2", 48, 5120, 40, 8, 128, 13824, 152064, 32768, false) },
        { "tiny", make_shape("llama", 2, 256, 4, 2, 64, 512, 1024, 4096, false) },
        { "tiny-moe", with_experts(make_shape("qwen3moe", 2, 256, 4, 2, 64, 512, 1024, 4096, false), 8, 2, 256) },
    };
    return all;
}

std::uint64_t splitmix(std::uint64_t& state)
{
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// Placeholder SentencePiece vocabulary: the special tokens, the 256 byte
// tokens, then "▁t<n>" up to the shape's size.
Vocabulary placeholder_vocabulary(std::uint32_t size)
{
    Vocabulary v;
    v.kind = TokenizerKind::SentencePiece;
    const auto add = [&](std::string text, TokenType type) {
        v.tokens.push_back(std::move(text));
        v.types.push_back(type);
        v.scores.push_back(0.0f);
    };
    add("<unk>", TokenType::Unknown);
    add("<s>", TokenType::Control);
    add("</s>", TokenType::Control);
    for (int byte = 0; byte < 256; ++byte) {
        char text[8];
        std::snprintf(text, sizeof text, "<0x%02X>", byte);
        add(text, TokenType::Byte);
    }
    while (v.tokens.size() < size)
        add("\xE2\x96\x81t" + std::to_string(v.tokens.size()), TokenType::Normal);
    v.unk = 0;
    v.bos = 1;
    v.eos = 2;
    v.add_bos = true;
    v.add_space_prefix = true;
    find_end_of_generation_tokens(v);
    return v;
}

// Small finite values in every format: random bits, then each block's
// scales set to a small half float, so no NaN or infinity reaches the
// activations (whose speed would not change, but whose output would).
void fill_random(GgmlType type, std::span<std::byte> out, std::uint64_t seed)
{
    const auto traits = *ggml_type_traits(static_cast<std::uint32_t>(type));
    const std::size_t block = traits.block_bytes;
    const std::size_t blocks = out.size() / block;
    const unsigned threads = std::max(1u, std::min(16u, std::thread::hardware_concurrency()));
    const std::uint16_t scale = quant::float_to_fp16(1.0f / 4096.0f);
    const auto fill = [&](std::size_t first, std::size_t last, std::uint64_t state) {
        auto* bytes = out.data();
        const bool floats = type == GgmlType::F32 || type == GgmlType::F16 || type == GgmlType::BF16;
        for (std::size_t i = first * block; !floats && i + 8 <= last * block; i += 8) {
            const std::uint64_t r = splitmix(state);
            std::memcpy(bytes + i, &r, 8);
        }
        for (std::size_t b = first; b < last; ++b) {
            std::byte* at = bytes + b * block;
            const auto put_scale = [&](std::size_t offset) { std::memcpy(at + offset, &scale, 2); };
            switch (type) {
            case GgmlType::F32: {
                const float value = float(std::int32_t(splitmix(state) % 2001) - 1000) * 2e-5f;
                std::memcpy(at, &value, 4);
                break;
            }
            case GgmlType::F16: {
                const std::uint16_t value
                    = quant::float_to_fp16(float(std::int32_t(splitmix(state) % 2001) - 1000) * 2e-5f);
                std::memcpy(at, &value, 2);
                break;
            }
            case GgmlType::BF16: {
                const std::uint16_t value
                    = quant::float_to_bf16(float(std::int32_t(splitmix(state) % 2001) - 1000) * 2e-5f);
                std::memcpy(at, &value, 2);
                break;
            }
            case GgmlType::Q8_0:
            case GgmlType::Q4_0:
            case GgmlType::Q5_0:
            case GgmlType::IQ4_NL:
            case GgmlType::IQ4_XS:
                put_scale(0);
                break;
            case GgmlType::Q4_1:
            case GgmlType::Q5_1:
                put_scale(0);
                put_scale(2);
                break;
            case GgmlType::Q2_K:
                put_scale(offsetof(quant::BlockQ2K, d));
                put_scale(offsetof(quant::BlockQ2K, dmin));
                break;
            case GgmlType::Q3_K:
                put_scale(offsetof(quant::BlockQ3K, d));
                break;
            case GgmlType::Q4_K:
            case GgmlType::Q5_K:
                put_scale(0);
                put_scale(2);
                break;
            case GgmlType::Q6_K:
                put_scale(offsetof(quant::BlockQ6K, d));
                break;
            case GgmlType::MXFP4:
                at[0] = std::byte { 127 - 12 }; // 2^-12
                break;
            default:
                break;
            }
        }
    };
    std::vector<std::thread> workers;
    const std::size_t share = (blocks + threads - 1) / threads;
    for (unsigned t = 0; t < threads; ++t) {
        const std::size_t first = t * share;
        const std::size_t last = std::min(blocks, first + share);
        if (first < last)
            workers.emplace_back(fill, first, last, seed * 1000003u + t);
    }
    for (auto& worker : workers)
        worker.join();
}

} // namespace

std::optional<ModelShape> synthetic_shape(std::string_view name)
{
    for (const auto& named : shapes())
        if (name == named.name)
            return named.shape;
    return std::nullopt;
}

std::vector<std::string> synthetic_shape_names()
{
    std::vector<std::string> names;
    for (const auto& named : shapes())
        names.emplace_back(named.name);
    return names;
}

std::shared_ptr<const Model> synthetic_model(
    const ModelShape& shape, ModelQuant quant, const std::filesystem::path& folder)
{
    const std::string& arch = shape.architecture;
    const std::uint64_t hidden = shape.hidden;
    const std::uint64_t q_dim = std::uint64_t { shape.heads } * shape.head_dim;
    const std::uint64_t kv_dim = std::uint64_t { shape.kv_heads } * shape.head_dim;
    const auto key = [&](const char* name) { return arch + "." + name; };

    GgufWriter w;
    w.set_string("general.architecture", arch);
    w.set_string("general.name", "synthetic " + arch);
    w.set_uint32("general.file_type", model_quant_file_type(quant));
    w.set_uint32(key("context_length"), shape.max_context);
    w.set_uint32(key("embedding_length"), shape.hidden);
    w.set_uint32(key("block_count"), shape.layers);
    // Mixtral's and gpt-oss's experts are as wide as the feed-forward length says.
    const bool gpt_oss = arch == "gpt-oss";
    w.set_uint32(
        key("feed_forward_length"), shape.is_moe() && (arch == "llama" || gpt_oss) ? shape.expert_ffn : shape.ffn);
    if (shape.is_moe()) {
        w.set_uint32(key("expert_count"), shape.experts);
        w.set_uint32(key("expert_used_count"), shape.experts_used);
        w.set_uint32(key("expert_feed_forward_length"), shape.expert_ffn);
    }
    w.set_uint32(key("attention.head_count"), shape.heads);
    w.set_uint32(key("attention.head_count_kv"), shape.kv_heads);
    w.set_float32(key("rope.freq_base"), arch == "llama" ? 500000.0f : gpt_oss ? 150000.0f : 1000000.0f);
    if (gpt_oss) { // as the released models: a window of 128 on every other layer, YaRN
        w.set_uint32(key("attention.sliding_window"), 128);
        w.set_string(key("rope.scaling.type"), "yarn");
        w.set_float32(key("rope.scaling.factor"), 32.0f);
        w.set_uint32(key("rope.scaling.original_context_length"), 4096);
    }
    w.set_uint32(key("rope.dimension_count"), shape.head_dim);
    w.set_float32(key("attention.layer_norm_rms_epsilon"), 1e-5f);
    if (q_dim != hidden) {
        w.set_uint32(key("attention.key_length"), shape.head_dim);
        w.set_uint32(key("attention.value_length"), shape.head_dim);
    }
    write_vocabulary(w, placeholder_vocabulary(shape.vocab));

    std::uint64_t seed = 1;
    QuantMix mix;
    mix.target = quant;
    mix.layers = mix.values = static_cast<int>(shape.layers);
    mix.gqa = shape.kv_heads > 0 ? static_cast<int>(shape.heads / shape.kv_heads) : 1;
    mix.experts = static_cast<int>(shape.experts);
    // `experts` matrices of [rows, cols] (one: a plain matrix).
    const auto stack
        = [&](const std::string& name, std::uint64_t rows, std::uint64_t cols, bool output, std::uint64_t experts) {
              // Every layer has one attn_v: its index is the layer's.
              const GgmlType type = planned_matrix_type(name, cols, output, tensor_layer(name), mix);
              std::vector<std::uint64_t> dims { cols, rows };
              if (experts > 1)
                  dims.push_back(experts);
              w.add_tensor(name, std::move(dims), type,
                  [type, s = ++seed](std::span<std::byte> out) { fill_random(type, out, s); });
          };
    const auto matrix = [&](const std::string& name, std::uint64_t rows, std::uint64_t cols, bool output) {
        stack(name, rows, cols, output, 1);
    };
    const auto vector = [&](const std::string& name, std::uint64_t size, float value) {
        w.add_tensor(name, { size }, GgmlType::F32, [value](std::span<std::byte> out) {
            for (std::size_t i = 0; i + 4 <= out.size(); i += 4)
                std::memcpy(out.data() + i, &value, 4);
        });
    };
    matrix("token_embd.weight", shape.vocab, hidden, shape.tied_embeddings);
    vector("output_norm.weight", hidden, 1.0f);
    if (!shape.tied_embeddings)
        matrix("output.weight", shape.vocab, hidden, true);
    for (std::uint32_t layer = 0; layer < shape.layers; ++layer) {
        const std::string blk = "blk." + std::to_string(layer) + ".";
        vector(blk + "attn_norm.weight", hidden, 1.0f);
        matrix(blk + "attn_q.weight", q_dim, hidden, false);
        matrix(blk + "attn_k.weight", kv_dim, hidden, false);
        matrix(blk + "attn_v.weight", kv_dim, hidden, false);
        if (shape.attention_bias) {
            vector(blk + "attn_q.bias", q_dim, 0.0f);
            vector(blk + "attn_k.bias", kv_dim, 0.0f);
            vector(blk + "attn_v.bias", kv_dim, 0.0f);
        }
        if (arch == "qwen3" || arch == "qwen3moe") {
            vector(blk + "attn_q_norm.weight", shape.head_dim, 1.0f);
            vector(blk + "attn_k_norm.weight", shape.head_dim, 1.0f);
        }
        matrix(blk + "attn_output.weight", hidden, q_dim, false);
        if (gpt_oss) {
            vector(blk + "attn_output.bias", hidden, 0.0f);
            vector(blk + "attn_sinks.weight", shape.heads, 0.0f);
        }
        vector(blk + (gpt_oss ? "post_attention_norm.weight" : "ffn_norm.weight"), hidden, 1.0f);
        if (shape.is_moe()) {
            // The router stays F32, as llama.cpp's quantizer leaves it; its
            // random logits spread the tokens over the experts.
            w.add_tensor(blk + "ffn_gate_inp.weight", { hidden, shape.experts }, GgmlType::F32,
                [s = ++seed](std::span<std::byte> out) { fill_random(GgmlType::F32, out, s); });
            stack(blk + "ffn_gate_exps.weight", shape.expert_ffn, hidden, false, shape.experts);
            stack(blk + "ffn_up_exps.weight", shape.expert_ffn, hidden, false, shape.experts);
            stack(blk + "ffn_down_exps.weight", hidden, shape.expert_ffn, false, shape.experts);
            if (gpt_oss) {
                vector(blk + "ffn_gate_inp.bias", shape.experts, 0.0f);
                const auto biases = [&](const std::string& name, std::uint64_t length) {
                    w.add_tensor(name, { length, shape.experts }, GgmlType::F32,
                        [](std::span<std::byte> out) { std::fill(out.begin(), out.end(), std::byte { 0 }); });
                };
                biases(blk + "ffn_gate_exps.bias", shape.expert_ffn);
                biases(blk + "ffn_up_exps.bias", shape.expert_ffn);
                biases(blk + "ffn_down_exps.bias", hidden);
            }
            continue;
        }
        matrix(blk + "ffn_gate.weight", shape.ffn, hidden, false);
        matrix(blk + "ffn_up.weight", shape.ffn, hidden, false);
        matrix(blk + "ffn_down.weight", hidden, shape.ffn, false);
    }

    const auto path = folder / ("hearth-synthetic-" + std::to_string(getpid()) + ".gguf");
    w.write(path);
    try {
        auto model = Model::open(path);
        std::filesystem::remove(path); // the mapping keeps the bytes
        return model;
    } catch (...) {
        std::filesystem::remove(path);
        throw;
    }
}

} // namespace hearth
