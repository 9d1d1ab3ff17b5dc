// libFuzzer target: any bytes through both tokenizer kinds — encode with and
// without special tokens, decode, stream — must not crash, and must give
// token ids inside the vocabulary and valid UTF-8 from the stream.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/text/text_stream.h"
#include "engine/text/tokenizer.h"
#include "engine/text/utf8.h"

namespace {

using namespace hearth;

// Small vocabularies with every feature the real ones use: all 256 byte
// characters, merges, multi-byte pieces, special and user-defined tokens.
Vocabulary byte_level()
{
    Vocabulary v;
    v.kind = TokenizerKind::ByteLevelBpe;
    v.pre = "llama-bpe";
    const std::string printable
        = "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";
    for (int b = 0, next = 256; b < 256; ++b) {
        const bool self = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        std::string text;
        append_utf8(text, static_cast<char32_t>(self ? b : next++));
        v.tokens.push_back(text);
    }
    for (const char* merge : { "Ġ t", "h e", "Ġt he", "i n", "Ġ a", "e r", "Ġ Ġ", "ĠĠ ĠĠ", "ä ½", "ä½ ł" }) {
        v.merges.emplace_back(merge);
        const std::string m(merge);
        const auto space = m.find(' ');
        v.tokens.push_back(m.substr(0, space) + m.substr(space + 1));
    }
    v.tokens.insert(v.tokens.end(), { "<|begin_of_text|>", "<|eot_id|>", "<think>" });
    v.types.assign(v.tokens.size(), TokenType::Normal);
    v.types[v.types.size() - 3] = TokenType::Control;
    v.types[v.types.size() - 2] = TokenType::Control;
    v.types[v.types.size() - 1] = TokenType::UserDefined;
    v.bos = static_cast<TokenId>(v.tokens.size() - 3);
    v.add_bos = true;
    find_end_of_generation_tokens(v);
    return v;
}

Vocabulary sentencepiece()
{
    Vocabulary v;
    v.kind = TokenizerKind::SentencePiece;
    v.tokens = { "<unk>", "<s>", "</s>" };
    v.types = { TokenType::Unknown, TokenType::Control, TokenType::Control };
    for (int b = 0; b < 256; ++b) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        v.tokens.push_back(name);
        v.types.push_back(TokenType::Byte);
    }
    for (const char* piece : { "▁", "a", "b", "▁a", "▁▁", "ab", "▁ab", "中", "▁中" }) {
        v.tokens.push_back(piece);
        v.types.push_back(TokenType::Normal);
    }
    v.scores.assign(v.tokens.size(), 0.0f);
    for (std::size_t i = 259; i < v.scores.size(); ++i)
        v.scores[i] = -static_cast<float>(i);
    v.bos = 1, v.eos = 2, v.unk = 0;
    v.add_bos = true;
    v.add_space_prefix = true;
    find_end_of_generation_tokens(v);
    return v;
}

void exercise(const Tokenizer& tokenizer, std::string_view text)
{
    for (const bool special : { false, true }) {
        const auto ids = tokenizer.encode(text, { .add_special = special, .parse_special = special });
        TextStream stream(tokenizer, special);
        for (const auto id : ids) {
            if (id < 0 || static_cast<std::size_t>(id) >= tokenizer.vocabulary().size())
                std::abort();
            if (!is_valid_utf8(stream.push(id)))
                std::abort();
        }
        if (!is_valid_utf8(stream.finish()))
            std::abort();
        (void)tokenizer.decode(ids, { .render_special = special, .strip_leading_space = true });
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const Tokenizer bpe(byte_level());
    static const Tokenizer spm(sentencepiece());
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    exercise(bpe, text);
    exercise(spm, text);
    return 0;
}
