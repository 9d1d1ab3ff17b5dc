#pragma once

#include <filesystem>
#include <memory>

#include "engine/gguf/gguf_file.h"
#include "engine/model/model_config.h"
#include "engine/model/model_weights.h"
#include "engine/text/tokenizer.h"

namespace hearth {

// A model ready to run: the mapped GGUF (weights are read from the mapping,
// never copied, so a model larger than RAM still loads and pages in on use),
// its configuration, bound weights and tokenizer. Immutable after open(), so
// one Model serves any number of engines and threads.
class Model {
public:
    // Throws GgufError for a damaged file, ModelError for one the engine
    // cannot run, TokenizerError for a vocabulary it cannot serve.
    static std::shared_ptr<const Model> open(const std::filesystem::path& path);

    const GgufFile& file() const { return m_file; }
    const ModelConfig& config() const { return m_config; }
    const ModelWeights& weights() const { return m_weights; }
    const Tokenizer& tokenizer() const { return m_tokenizer; }

    // The context length the model was trained for, or 4096 when the file
    // does not say.
    std::uint32_t trained_context() const;

private:
    Model(GgufFile file, ModelConfig config, ModelWeights weights, Tokenizer tokenizer);

    GgufFile m_file;
    ModelConfig m_config;
    ModelWeights m_weights;
    Tokenizer m_tokenizer;
};

} // namespace hearth
