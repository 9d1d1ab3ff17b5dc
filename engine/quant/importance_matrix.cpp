#include "engine/quant/importance_matrix.h"

#include <algorithm>
#include <cstring>

#include "engine/gguf/gguf_file.h"
#include "engine/gguf/gguf_writer.h"

namespace hearth {

namespace {

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

} // namespace hearth
