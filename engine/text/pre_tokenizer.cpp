#include "engine/text/pre_tokenizer.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <array>
#include <utility>

#include "engine/text/utf8.h"
#include "engine/text/vocabulary.h"

namespace hearth {
namespace {

// The split patterns of tokenizer.json, with two adaptations that keep us
// identical to llama.cpp (the reference our tests hold us to):
// - (?i:'s|…) is spelled out case by case, as llama.cpp does;
// - \s also matches U+0085 (NEL), which Unicode calls white space and
//   llama.cpp treats as such, but PCRE2's \s does not.
#define HEARTH_S "[\\s\\x{85}]"
#define HEARTH_NOT_S "[^\\s\\x{85}]"
#define HEARTH_CONTRACTIONS "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])"

constexpr const char* kLlama3
    = HEARTH_CONTRACTIONS "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\x{85}\\p{L}\\p{N}]+[\\r\\n]*|" HEARTH_S
                          "*[\\r\\n]+|" HEARTH_S "+(?!" HEARTH_NOT_S ")|" HEARTH_S "+";
constexpr const char* kQwen2
    = HEARTH_CONTRACTIONS "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\x{85}\\p{L}\\p{N}]+[\\r\\n]*|" HEARTH_S
                          "*[\\r\\n]+|" HEARTH_S "+(?!" HEARTH_NOT_S ")|" HEARTH_S "+";
// o200k (gpt-oss, GPT-4o) as llama.cpp spells it: a letter "not a-z" for
// tokenizer.json's upper-case classes and "not A-Z" for its lower-case ones,
// so a letter outside ASCII counts as both. That differs from the original
// only inside words that mix cases outside ASCII ("ÉCOLE" splits after É),
// and keeps Hearth's tokens equal to llama.cpp's there too.
#define HEARTH_O200K_UPPER "(?:(?=\\p{L})[^a-z])"
#define HEARTH_O200K_LOWER "(?:(?=\\p{L})[^A-Z])"
constexpr const char* kGpt4o
    = "[^\\r\\n\\p{L}\\p{N}]?" HEARTH_O200K_UPPER "*" HEARTH_O200K_LOWER "+" HEARTH_CONTRACTIONS
      "?|[^\\r\\n\\p{L}\\p{N}]?" HEARTH_O200K_UPPER "+" HEARTH_O200K_LOWER "*" HEARTH_CONTRACTIONS
      "?|\\p{N}{1,3}| ?[^\\s\\x{85}\\p{L}\\p{N}]+[\\r\\n/]*|" HEARTH_S "*[\\r\\n]+|" HEARTH_S "+(?!" HEARTH_NOT_S
      ")|" HEARTH_S "+";

// GGUF names (as llama.cpp accepts them) → pattern.
constexpr std::array<std::pair<std::string_view, const char*>, 6> kPatterns { {
    { "llama-bpe", kLlama3 },
    { "llama3", kLlama3 },
    { "llama-v3", kLlama3 },
    { "qwen2", kQwen2 },
    { "deepseek-r1-qwen", kQwen2 },
    { "gpt-4o", kGpt4o },
} };

} // namespace

struct PreTokenizer::Pattern {
    pcre2_code* code = nullptr;
    ~Pattern() { pcre2_code_free(code); }
};

PreTokenizer::PreTokenizer(std::string_view name)
    : m_pattern(std::make_unique<Pattern>())
{
    const char* source = nullptr;
    for (const auto& [known, pattern] : kPatterns)
        if (known == name)
            source = pattern;
    if (!source)
        throw TokenizerError(
            "pre-tokenizer \"" + std::string(name) + "\" is not supported yet; Hearth knows " + known_names());
    int error = 0;
    PCRE2_SIZE offset = 0;
    m_pattern->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(source), PCRE2_ZERO_TERMINATED,
        PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK, &error, &offset, nullptr);
    if (!m_pattern->code)
        throw TokenizerError(
            "pre-tokenizer \"" + std::string(name) + "\": pattern does not compile at " + std::to_string(offset));
    // Without JIT PCRE2 still matches, only slower: not an error.
    pcre2_jit_compile(m_pattern->code, PCRE2_JIT_COMPLETE);
}

PreTokenizer::~PreTokenizer() = default;
PreTokenizer::PreTokenizer(PreTokenizer&&) noexcept = default;
PreTokenizer& PreTokenizer::operator=(PreTokenizer&&) noexcept = default;

std::string PreTokenizer::known_names()
{
    std::string names;
    for (const auto& [name, pattern] : kPatterns)
        names += (names.empty() ? "" : ", ") + std::string(name);
    return names;
}

std::vector<std::string> PreTokenizer::split(std::string_view text) const
{
    // PCRE2 needs well-formed UTF-8. Text that is not gets the code points
    // llama.cpp decodes from it: `subject` has them with unencodable ones as
    // U+FFFD (same class for the pattern), `original` has them as llama.cpp
    // re-encodes them, and `origin` maps subject offsets to original ones.
    std::string subject, original;
    std::vector<std::size_t> origin;
    const bool valid = is_valid_utf8(text);
    if (!valid) {
        for (const char32_t cp : decode_utf8_lenient(text)) {
            const auto at = subject.size();
            append_utf8(subject, (cp >= 0xD800 && cp <= 0xDFFF) ? kReplacementCharacter : cp);
            origin.resize(subject.size(), original.size());
            origin[at] = original.size();
            append_utf8(original, cp);
        }
        origin.push_back(original.size());
        text = subject;
    }
    const auto source_of = [&](std::size_t offset) { return valid ? offset : origin[offset]; };
    const std::string_view source = valid ? text : std::string_view(original);

    std::vector<std::string> words;
    pcre2_match_data* match = pcre2_match_data_create_from_pattern(m_pattern->code, nullptr);
    std::size_t start = 0;
    std::size_t last = 0; // end of the previous match, in `text`
    while (start < text.size()) {
        const int rc = pcre2_match(m_pattern->code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), start,
            PCRE2_NO_UTF_CHECK, match, nullptr);
        if (rc < 0)
            break; // no more matches (or a resource limit): the rest is one word
        const PCRE2_SIZE* range = pcre2_get_ovector_pointer(match);
        if (range[0] > last) // text no alternative matched stays a word of its own
            words.emplace_back(source.substr(source_of(last), source_of(range[0]) - source_of(last)));
        if (range[1] == range[0]) { // the pattern cannot match empty, but never loop on it
            start = range[1] + utf8_sequence_length(static_cast<unsigned char>(text[range[1]]));
            continue;
        }
        words.emplace_back(source.substr(source_of(range[0]), source_of(range[1]) - source_of(range[0])));
        start = last = range[1];
    }
    if (last < text.size())
        words.emplace_back(source.substr(source_of(last)));
    pcre2_match_data_free(match);
    return words;
}

} // namespace hearth
