#include "engine/model/model.h"

namespace hearth {

std::shared_ptr<const Model> Model::open(const std::filesystem::path& path)
{
    auto file = GgufFile::open(path);
    auto config = model_config_from_gguf(file);
    auto weights = bind_weights(file, config);
    Tokenizer tokenizer(vocabulary_from_gguf(file));
    // GgufFile keeps its mapping when moved, so the weights' pointers stay valid.
    return std::shared_ptr<const Model>(
        new Model(std::move(file), std::move(config), std::move(weights), std::move(tokenizer)));
}

Model::Model(GgufFile file, ModelConfig config, ModelWeights weights, Tokenizer tokenizer)
    : m_file(std::move(file))
    , m_config(std::move(config))
    , m_weights(std::move(weights))
    , m_tokenizer(std::move(tokenizer))
{ }

std::uint32_t Model::trained_context() const
{
    return m_config.shape.max_context ? m_config.shape.max_context : 4096;
}

} // namespace hearth
