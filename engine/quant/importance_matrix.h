#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace hearth {

// How much each input column of each weight matrix matters: the sum, over
// calibration tokens, of the squared activation it multiplies (llama.cpp's
// imatrix). Quantizing with it spends precision where the activations are
// large. Saved in llama.cpp's GGUF imatrix format (<name>.in_sum2 and
// <name>.counts), so files from either tool serve both.
class ImportanceMatrix {
public:
    struct Entry {
        std::vector<float> sums; // per input column
        std::uint64_t count = 0; // tokens seen
    };

    // Adds `tokens` rows of `values` (tokens × width) to `name`'s sums.
    void add(const std::string& name, std::span<const float> values, std::size_t tokens);
    const Entry* find(std::string_view name) const;
    // Mean squared activation per column; empty when `name` has none.
    std::vector<float> weights(std::string_view name) const;
    const std::map<std::string, Entry, std::less<>>& entries() const { return m_entries; }

    // Throws std::system_error.
    // `datasets` names the texts it came from (llama.cpp requires the key).
    void save(const std::filesystem::path& path, std::uint32_t chunks, std::uint32_t chunk_size,
        const std::vector<std::string>& datasets) const;
    // Throws GgufError for a file that is not an importance matrix.
    static ImportanceMatrix load(const std::filesystem::path& path);

private:
    std::map<std::string, Entry, std::less<>> m_entries;
};

} // namespace hearth
