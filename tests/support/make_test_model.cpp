// Writes a random-weight test model (see test_model.h) with the vocabulary of
// a Hugging Face tokenizer.json, for regenerating the llama.cpp references of
// tests/fixtures/models by hand:
//
//   make_test_model --arch llama --type Q4_K --tokenizer TOKENIZER_JSON --out M.gguf
//                   [--seed N] [--layers N] [--hidden N] [--ffn N] [--heads N] [--kv-heads N]
//                   [--head-dim N] [--context N] [--tie] [--rope-factors] [--long-rope]
//                   [--experts N] [--experts-used N] [--expert-ffn N] [--router-std S]
//                   [--expert-type TYPE] [--sliding-window N]
//                   [--importance IMATRIX.gguf]
//
// --importance also writes the model's importance matrix as the tests
// compute it (test_importance.h), for llama-quantize --imatrix.
#include <iostream>
#include <string>

#include "engine/text/vocabulary.h"
#include "tests/support/test_importance.h"
#include "tests/support/test_model.h"

int main(int argc, char** argv)
{
    hearth::test::TestModelSpec spec;
    std::string tokenizer;
    std::string out;
    std::string importance;
    try {
        for (int i = 1; i < argc; ++i) {
            const std::string arg = argv[i];
            const auto next = [&]() -> std::string {
                if (i + 1 >= argc)
                    throw std::invalid_argument(arg + " needs a value");
                return argv[++i];
            };
            if (arg == "--arch")
                spec.architecture = next();
            else if (arg == "--type") {
                const auto type = hearth::ggml_type_from_name(next());
                if (!type)
                    throw std::invalid_argument("unknown --type");
                spec.weights = *type;
            } else if (arg == "--seed")
                spec.seed = std::stoull(next());
            else if (arg == "--layers")
                spec.layers = static_cast<std::uint32_t>(std::stoul(next()));
            else if (arg == "--hidden")
                spec.hidden = static_cast<std::uint32_t>(std::stoul(next()));
            else if (arg == "--ffn")
                spec.ffn = static_cast<std::uint32_t>(std::stoul(next()));
            else if (arg == "--heads")
                spec.heads = static_cast<std::uint32_t>(std::stoul(next()));
            else if (arg == "--kv-heads")
                spec.kv_heads = static_cast<std::uint32_t>(std::stoul(next()));
            else if (arg == "--head-dim")
                spec.head_dim = static_cast<std::uint32_t>(std::stoul(next()));
            else if (arg == "--experts")
                spec.experts = static_cast<std::uint32_t>(std::stoul(next()));
            else if (arg == "--experts-used")
                spec.experts_used = static_cast<std::uint32_t>(std::stoul(next()));
            else if (arg == "--expert-ffn")
                spec.expert_ffn = static_cast<std::uint32_t>(std::stoul(next()));
            else if (arg == "--router-std")
                spec.router_std = std::stof(next());
            else if (arg == "--expert-type") {
                spec.expert_weights = hearth::ggml_type_from_name(next());
                if (!spec.expert_weights)
                    throw std::invalid_argument("unknown --expert-type");
            } else if (arg == "--sliding-window")
                spec.sliding_window = static_cast<std::uint32_t>(std::stoul(next()));
            else if (arg == "--context")
                spec.context = static_cast<std::uint32_t>(std::stoul(next()));
            else if (arg == "--tokenizer")
                tokenizer = next();
            else if (arg == "--out")
                out = next();
            else if (arg == "--tie")
                spec.tie_embeddings = true;
            else if (arg == "--rope-factors")
                spec.rope_freq_factors = true;
            else if (arg == "--long-rope")
                spec.long_rope = true;
            else if (arg == "--importance")
                importance = next();
            else
                throw std::invalid_argument("unknown argument " + arg);
        }
        if (tokenizer.empty() || out.empty())
            throw std::invalid_argument("--tokenizer and --out are required");
        hearth::test::write_test_model(spec, hearth::vocabulary_from_hf(tokenizer), out);
        if (!importance.empty())
            hearth::test::test_importance(out).save(importance, 1, 512, { "test tokens" });
    } catch (const std::exception& e) {
        std::cerr << "make_test_model: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
