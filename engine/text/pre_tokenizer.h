#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hearth {

// Splits text into the words a byte-level BPE merges within, with the split
// pattern of the vocabulary's pre-tokenizer (GGUF tokenizer.ggml.pre). The
// patterns use Unicode classes (\p{L}, \p{N}); PCRE2 runs them, JIT-compiled.
class PreTokenizer {
public:
    // Throws TokenizerError naming `name` when Hearth does not know it.
    explicit PreTokenizer(std::string_view name);
    ~PreTokenizer();
    PreTokenizer(PreTokenizer&&) noexcept;
    PreTokenizer& operator=(PreTokenizer&&) noexcept;

    // The words of `text`, in order; concatenated they give back `text`.
    // `text` may be any bytes: ill-formed UTF-8 is read as llama.cpp reads it
    // (each bad byte becomes U+FFFD), so words can differ from the input there.
    std::vector<std::string> split(std::string_view text) const;

    // Names this build knows, for messages.
    static std::string known_names();

private:
    struct Pattern;
    std::unique_ptr<Pattern> m_pattern;
};

} // namespace hearth
