// Writes a vocabulary-only GGUF from a Hugging Face tokenizer.json (and the
// tokenizer_config.json beside it): the file tokenizer tests and llama.cpp's
// reference run both load, so both tokenize the very same vocabulary.
//
//   make_vocab_gguf TOKENIZER_JSON OUT.gguf
#include <iostream>

#include "engine/gguf/gguf_writer.h"
#include "engine/text/vocabulary.h"

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::cerr << "usage: make_vocab_gguf TOKENIZER_JSON OUT.gguf\n";
        return 2;
    }
    try {
        const auto vocabulary = hearth::vocabulary_from_hf(argv[1]);
        hearth::GgufWriter writer;
        // llama.cpp loads a vocabulary-only file when it names an architecture
        // and that architecture's sizes; these are placeholders, no tensors follow.
        writer.set_string("general.architecture", "llama");
        writer.set_string("general.name", "vocabulary of " + std::string(argv[1]));
        writer.set_uint32("llama.block_count", 1);
        writer.set_uint32("llama.context_length", 4096);
        writer.set_uint32("llama.embedding_length", 64);
        writer.set_uint32("llama.feed_forward_length", 128);
        writer.set_uint32("llama.attention.head_count", 1);
        writer.set_uint32("llama.attention.head_count_kv", 1);
        writer.set_float32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
        writer.set_uint32("llama.vocab_size", static_cast<std::uint32_t>(vocabulary.size()));
        hearth::write_vocabulary(writer, vocabulary);
        writer.write(argv[2]);
    } catch (const std::exception& e) {
        std::cerr << "make_vocab_gguf: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
