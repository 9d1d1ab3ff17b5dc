#pragma once

// Writes GGUF files for tests: valid ones of any shape, and, through the
// byte-level accessors, deliberately broken ones. Header-only and free of Qt
// so that engine and application tests share it.

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::test {

enum class Gguf : std::uint32_t {
    UInt8 = 0,
    Int8 = 1,
    UInt16 = 2,
    Int16 = 3,
    UInt32 = 4,
    Int32 = 5,
    Float32 = 6,
    Bool = 7,
    String = 8,
    Array = 9,
    UInt64 = 10,
    Int64 = 11,
    Float64 = 12,
};

// ggml's block layout for the tensor types tests use: {elements, bytes}.
struct TensorType {
    std::uint32_t id;
    std::uint32_t block_elements;
    std::uint32_t block_bytes;
};
inline constexpr TensorType kF32 { 0, 1, 4 };
inline constexpr TensorType kF16 { 1, 1, 2 };
inline constexpr TensorType kQ4_0 { 2, 32, 18 };
inline constexpr TensorType kQ8_0 { 8, 32, 34 };
inline constexpr TensorType kQ4_K { 12, 256, 144 };
inline constexpr TensorType kQ6_K { 14, 256, 210 };

class Bytes {
public:
    template <typename T> Bytes& put(T value)
    {
        const auto* p = reinterpret_cast<const std::byte*>(&value);
        m_data.insert(m_data.end(), p, p + sizeof(T));
        return *this;
    }
    Bytes& put_string(std::string_view text)
    {
        put<std::uint64_t>(text.size());
        const auto* p = reinterpret_cast<const std::byte*>(text.data());
        m_data.insert(m_data.end(), p, p + text.size());
        return *this;
    }
    Bytes& append(const Bytes& other)
    {
        m_data.insert(m_data.end(), other.m_data.begin(), other.m_data.end());
        return *this;
    }
    Bytes& pad_to(std::size_t alignment)
    {
        while (m_data.size() % alignment)
            m_data.push_back(std::byte { 0 });
        return *this;
    }
    std::vector<std::byte>& data() { return m_data; }
    const std::vector<std::byte>& data() const { return m_data; }

private:
    std::vector<std::byte> m_data;
};

class GgufBuilder {
public:
    GgufBuilder& version(std::uint32_t v)
    {
        m_version = v;
        return *this;
    }
    GgufBuilder& alignment(std::uint32_t a)
    {
        m_alignment = a;
        return uint32("general.alignment", a);
    }

    GgufBuilder& uint32(std::string_view key, std::uint32_t v) { return scalar(key, Gguf::UInt32, v); }
    GgufBuilder& uint64(std::string_view key, std::uint64_t v) { return scalar(key, Gguf::UInt64, v); }
    GgufBuilder& int32(std::string_view key, std::int32_t v) { return scalar(key, Gguf::Int32, v); }
    GgufBuilder& float32(std::string_view key, float v) { return scalar(key, Gguf::Float32, v); }
    GgufBuilder& boolean(std::string_view key, bool v) { return scalar(key, Gguf::Bool, std::uint8_t { v }); }
    GgufBuilder& string(std::string_view key, std::string_view v)
    {
        Bytes value;
        value.put_string(v);
        return raw(key, Gguf::String, value);
    }
    GgufBuilder& strings(std::string_view key, const std::vector<std::string>& items)
    {
        Bytes value;
        value.put<std::uint32_t>(static_cast<std::uint32_t>(Gguf::String)).put<std::uint64_t>(items.size());
        for (const auto& item : items)
            value.put_string(item);
        return raw(key, Gguf::Array, value);
    }
    GgufBuilder& int32s(std::string_view key, const std::vector<std::int32_t>& items)
    {
        Bytes value;
        value.put<std::uint32_t>(static_cast<std::uint32_t>(Gguf::Int32)).put<std::uint64_t>(items.size());
        for (auto item : items)
            value.put(item);
        return raw(key, Gguf::Array, value);
    }
    // A key with an arbitrary, possibly invalid, encoded value.
    GgufBuilder& raw(std::string_view key, Gguf type, const Bytes& value)
    {
        m_kv.put_string(key).put<std::uint32_t>(static_cast<std::uint32_t>(type)).append(value);
        ++m_kv_count;
        return *this;
    }

    // A tensor filled with a repeating byte pattern; offsets follow alignment.
    GgufBuilder& tensor(std::string_view name, std::vector<std::uint64_t> shape, TensorType type)
    {
        std::uint64_t elements = 1;
        for (auto d : shape)
            elements *= d;
        const std::uint64_t bytes = elements / type.block_elements * type.block_bytes;
        m_tensors.push_back({ std::string(name), std::move(shape), type.id, m_data_size, bytes });
        m_data_size += (bytes + m_alignment - 1) / m_alignment * m_alignment;
        return *this;
    }

    std::uint64_t tensor_bytes() const
    {
        std::uint64_t total = 0;
        for (const auto& t : m_tensors)
            total += t.bytes;
        return total;
    }

    // Everything up to the data section: header, metadata, tensor infos.
    Bytes header() const
    {
        Bytes out;
        out.put<std::uint32_t>(0x46554747)
            .put(m_version)
            .put<std::uint64_t>(m_tensors.size())
            .put<std::uint64_t>(m_kv_count);
        out.append(m_kv);
        for (const auto& t : m_tensors) {
            out.put_string(t.name).put<std::uint32_t>(static_cast<std::uint32_t>(t.shape.size()));
            for (auto d : t.shape)
                out.put<std::uint64_t>(d);
            out.put(t.type).put(t.offset);
        }
        return out;
    }

    std::vector<std::byte> build() const
    {
        Bytes out = header();
        out.pad_to(m_alignment);
        const auto data_start = out.data().size();
        out.data().resize(data_start + m_data_size);
        for (std::size_t i = 0; i < m_data_size; ++i)
            out.data()[data_start + i] = std::byte(static_cast<unsigned char>(i * 31 + 7));
        return std::move(out.data());
    }

    void write(const std::filesystem::path& path) const
    {
        const auto bytes = build();
        std::ofstream file(path, std::ios::binary);
        file.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    }

private:
    template <typename T> GgufBuilder& scalar(std::string_view key, Gguf type, T v)
    {
        Bytes value;
        value.put(v);
        return raw(key, type, value);
    }

    struct Tensor {
        std::string name;
        std::vector<std::uint64_t> shape;
        std::uint32_t type;
        std::uint64_t offset;
        std::uint64_t bytes;
    };

    std::uint32_t m_version = 3;
    std::uint32_t m_alignment = 32;
    std::uint64_t m_kv_count = 0;
    Bytes m_kv;
    std::vector<Tensor> m_tensors;
    std::uint64_t m_data_size = 0;
};

// A small llama-architecture model with every tensor a real one has, so the
// planner's GGUF path sees what it sees in a downloaded file.
struct TinyLlama {
    std::uint32_t layers = 2, hidden = 64, heads = 4, kv_heads = 2, ffn = 128, vocab = 256, context = 2048;
    bool tied = false;
    TensorType matrix = kF16;

    GgufBuilder builder() const
    {
        GgufBuilder b;
        std::vector<std::string> tokens;
        for (std::uint32_t i = 0; i < vocab; ++i)
            tokens.push_back("t" + std::to_string(i));
        b.string("general.architecture", "llama")
            .string("general.name", "tiny test llama")
            .uint32("general.file_type",
                matrix.id == kF16.id        ? 1
                    : matrix.id == kQ8_0.id ? 7
                                            : 2)
            .uint32("llama.block_count", layers)
            .uint32("llama.embedding_length", hidden)
            .uint32("llama.attention.head_count", heads)
            .uint32("llama.attention.head_count_kv", kv_heads)
            .uint32("llama.feed_forward_length", ffn)
            .uint32("llama.context_length", context)
            .float32("llama.rope.freq_base", 500000.0f)
            .string("tokenizer.ggml.model", "gpt2")
            .strings("tokenizer.ggml.tokens", tokens);
        const std::uint64_t head_dim = hidden / heads;
        b.tensor("token_embd.weight", { hidden, vocab }, matrix);
        for (std::uint32_t l = 0; l < layers; ++l) {
            const std::string p = "blk." + std::to_string(l) + ".";
            b.tensor(p + "attn_norm.weight", { hidden }, kF32)
                .tensor(p + "attn_q.weight", { hidden, heads * head_dim }, matrix)
                .tensor(p + "attn_k.weight", { hidden, kv_heads * head_dim }, matrix)
                .tensor(p + "attn_v.weight", { hidden, kv_heads * head_dim }, matrix)
                .tensor(p + "attn_output.weight", { heads * head_dim, hidden }, matrix)
                .tensor(p + "ffn_norm.weight", { hidden }, kF32)
                .tensor(p + "ffn_gate.weight", { hidden, ffn }, matrix)
                .tensor(p + "ffn_up.weight", { hidden, ffn }, matrix)
                .tensor(p + "ffn_down.weight", { ffn, hidden }, matrix);
        }
        b.tensor("output_norm.weight", { hidden }, kF32);
        if (!tied)
            b.tensor("output.weight", { hidden, vocab }, matrix);
        return b;
    }
};

} // namespace hearth::test
