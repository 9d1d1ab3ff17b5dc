#include "quant/importance_matrix.h"

#include <algorithm>
#include <cstring>

#include "cpu/forward.h"
#include "cpu/thread_pool.h"
#include "gguf/gguf_file.h"
#include "gguf/gguf_writer.h"
#include "model/model.h"
#include "runtime/evaluate.h"
#include "runtime/kv_cache.h"

namespace hearth {

namespace {

constexpr std::uint32_t kBatch = 64;
constexpr std::string_view kSums = ".in_sum2";
constexpr std::string_view kCounts = ".counts";

} // namespace

void ImportanceMatrix::add(const std::string& name, std::span<const float> values, std::size_t tokens)
{
    const std::size_t width = values.size() / tokens;
    Entry& entry = m_entries[name];
    if (entry.sums.empty())
        entry.sums.assign(width, 0.0f);
    for (std::size_t t = 0; t < tokens; ++t)
        for (std::size_t i = 0; i < width; ++i) {
            const float x = values[t * width + i];
            entry.sums[i] += x * x;
        }
    entry.count += tokens;
}

const ImportanceMatrix::Entry* ImportanceMatrix::find(std::string_view name) const
{
    const auto it = m_entries.find(name);
    return it == m_entries.end() ? nullptr : &it->second;
}

std::vector<float> ImportanceMatrix::weights(std::string_view name) const
{
    const Entry* entry = find(name);
    if (!entry || entry->count == 0)
        return {};
    std::vector<float> weights(entry->sums.size());
    for (std::size_t i = 0; i < weights.size(); ++i)
        weights[i] = entry->sums[i] / float(entry->count);
    return weights;
}

void ImportanceMatrix::save(const std::filesystem::path& path, std::uint32_t chunks, std::uint32_t chunk_size,
    const std::vector<std::string>& datasets) const
{
    GgufWriter writer;
    writer.set_string("general.type", "imatrix");
    writer.set_strings("imatrix.datasets", datasets);
    writer.set_uint32("imatrix.chunk_count", chunks);
    writer.set_uint32("imatrix.chunk_size", chunk_size);
    std::vector<float> counts;
    counts.reserve(m_entries.size());
    for (const auto& [name, entry] : m_entries)
        counts.push_back(float(entry.count));
    std::size_t i = 0;
    for (const auto& [name, entry] : m_entries) {
        writer.add_tensor(name + std::string(kSums), { entry.sums.size() }, GgmlType::F32,
            std::as_bytes(std::span<const float>(entry.sums)));
        writer.add_tensor(name + std::string(kCounts), { 1 }, GgmlType::F32, std::as_bytes(std::span(&counts[i++], 1)));
    }
    writer.write(path);
}

ImportanceMatrix ImportanceMatrix::load(const std::filesystem::path& path)
{
    const GgufFile file = GgufFile::open(path);
    ImportanceMatrix matrix;
    for (const GgufTensorInfo& tensor : file.tensors()) {
        if (!tensor.name.ends_with(kSums))
            continue;
        const std::string name(tensor.name.substr(0, tensor.name.size() - kSums.size()));
        const GgufTensorInfo* counts = file.find_tensor(name + std::string(kCounts));
        if (tensor.type != GgmlType::F32 || !counts || counts->type != GgmlType::F32 || counts->elements == 0)
            throw GgufError(path.string() + ": " + name + " has no F32 sums and counts");
        Entry entry;
        entry.sums.resize(tensor.elements);
        std::memcpy(entry.sums.data(), file.tensor_data(tensor).data(), tensor.elements * sizeof(float));
        float count = 0;
        std::memcpy(&count, file.tensor_data(*counts).data(), sizeof(float));
        entry.count = std::uint64_t(count);
        matrix.m_entries[name] = std::move(entry);
    }
    if (matrix.m_entries.empty())
        throw GgufError(path.string() + ": not an importance matrix (no <tensor>.in_sum2 entries)");
    return matrix;
}

ImportanceMatrix compute_importance(
    const Model& model, std::span<const TokenId> tokens, const ImportanceOptions& options)
{
    const std::uint32_t context = std::min(options.context, model.trained_context());
    std::size_t chunks = context ? tokens.size() / context : 0;
    if (options.max_chunks > 0)
        chunks = std::min(chunks, options.max_chunks);
    if (chunks == 0)
        throw EvalError("the calibration text has " + std::to_string(tokens.size()) + " tokens; it needs at least "
            + std::to_string(context) + " (one context)");
    const auto& weights = model.weights();
    const bool tied = weights.output.data == weights.token_embedding.data;
    ImportanceMatrix matrix;
    cpu::ThreadPool pool(options.threads);
    KvCache cache(model.config(), context, 1, KvCacheType::F16);
    cpu::Forward forward(model, cache, pool);
    forward.set_activation_observer(
        [&](cpu::MatmulInput input, std::size_t layer, std::span<const float> values, std::size_t count) {
            const std::string block = "blk." + std::to_string(layer) + ".";
            const auto& matrices = weights.layers[layer];
            switch (input) {
            case cpu::MatmulInput::Attention:
                if (matrices.wqkv.data) {
                    matrix.add(block + "attn_qkv.weight", values, count);
                } else {
                    for (const char* name : { "attn_q.weight", "attn_k.weight", "attn_v.weight" })
                        matrix.add(block + name, values, count);
                }
                break;
            case cpu::MatmulInput::AttentionOutput:
                matrix.add(block + "attn_output.weight", values, count);
                break;
            case cpu::MatmulInput::FeedForward:
                if (matrices.w_gate_up.data) {
                    matrix.add(block + "ffn_up.weight", values, count);
                } else {
                    matrix.add(block + "ffn_gate.weight", values, count);
                    matrix.add(block + "ffn_up.weight", values, count);
                }
                break;
            case cpu::MatmulInput::FeedForwardDown:
                matrix.add(block + "ffn_down.weight", values, count);
                break;
            case cpu::MatmulInput::Output:
                if (!tied)
                    matrix.add("output.weight", values, count);
                break;
            }
        });
    const auto& vocabulary = model.tokenizer().vocabulary();
    std::vector<BatchToken> batch;
    std::vector<float> logits;
    for (std::size_t c = 0; c < chunks; ++c) {
        if (options.cancel && options.cancel->load())
            throw EvalCancelled();
        for (std::uint32_t begin = 0; begin < context; begin += kBatch) {
            const std::uint32_t end = std::min(context, begin + kBatch);
            batch.clear();
            for (std::uint32_t p = begin; p < end; ++p) {
                TokenId token = tokens[c * context + p];
                if (p == 0 && vocabulary.add_bos && vocabulary.bos)
                    token = *vocabulary.bos;
                batch.push_back({ token, p, 0, true });
            }
            logits.resize(batch.size() * model.config().shape.vocab);
            forward.run(batch, logits);
        }
        if (options.progress)
            options.progress(c + 1, chunks);
    }
    return matrix;
}

} // namespace hearth
