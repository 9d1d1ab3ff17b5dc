#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace hearth {

class GgufFile;
class GgufWriter;

using TokenId = std::int32_t;

// A vocabulary Hearth cannot use, or a tokenizer given bad input; the message
// names the file or key and what to do.
class TokenizerError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class TokenizerKind {
    ByteLevelBpe, // GGUF "gpt2": Llama 3, Qwen2.5/3, DeepSeek-R1 distills
    SentencePiece, // GGUF "llama": Llama 2, Mistral 7B, Phi-3, Yi — with byte fallback
};

// As numbered in GGUF's tokenizer.ggml.token_type.
enum class TokenType : std::int32_t {
    Undefined = 0,
    Normal = 1,
    Unknown = 2,
    Control = 3,
    UserDefined = 4,
    Unused = 5,
    Byte = 6
};

// Everything a tokenizer needs, as a GGUF file or a Hugging Face
// tokenizer.json describes it.
struct Vocabulary {
    TokenizerKind kind = TokenizerKind::ByteLevelBpe;
    std::string pre; // pre-tokenizer name (tokenizer.ggml.pre), byte-level BPE only
    std::vector<std::string> tokens; // [n_vocab] token texts as stored
    std::vector<TokenType> types; // [n_vocab]
    std::vector<float> scores; // [n_vocab] merge priority, SentencePiece only
    std::vector<std::string> merges; // "left right" in rank order, byte-level BPE only
    std::optional<TokenId> bos, eos, eot, eom, unk, pad;
    std::vector<TokenId> end_of_generation; // every token that ends a reply
    bool add_bos = false;
    bool add_eos = false;
    bool add_space_prefix = false; // SentencePiece: a leading space before the first word
    bool normalize_nfc = false; // the tokenizer asks for NFC (tokenizer.json only)
    std::string chat_template; // Jinja source; empty when the model has none

    std::size_t size() const { return tokens.size(); }
};

// From a GGUF file's tokenizer.ggml.* keys. Throws TokenizerError naming the
// key that is missing or wrong, or the unsupported tokenizer.
Vocabulary vocabulary_from_gguf(const GgufFile& file);

// From a Hugging Face tokenizer.json and the tokenizer_config.json beside it
// (special tokens, add_bos_token, chat_template). Token types follow
// llama.cpp's converter so that a GGUF written from it tokenizes the same.
Vocabulary vocabulary_from_hf(const std::filesystem::path& tokenizer_json);

// Fills end_of_generation: the eos/eot/eom ids and every token whose text
// ends a turn in some family (<|eot_id|>, <|im_end|>, </s>, …), which also
// become control tokens — llama.cpp's rule, kept so our ids match its ids.
void find_end_of_generation_tokens(Vocabulary& vocabulary);

// Writes the tokenizer.ggml.* keys (and tokenizer.chat_template).
void write_vocabulary(GgufWriter& writer, const Vocabulary& vocabulary);

} // namespace hearth
