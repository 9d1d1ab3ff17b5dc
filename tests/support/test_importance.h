#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "engine/model/model.h"
#include "engine/runtime/compute_importance.h"

namespace hearth::test {

// An importance matrix for a test model, as `hearth imatrix` makes one: its
// activations over one 512-token chunk of tokens spread across the
// vocabulary (random weights make any text as good as another).
inline ImportanceMatrix test_importance(const std::filesystem::path& model_path)
{
    const auto model = Model::open(model_path);
    std::vector<TokenId> tokens(512);
    for (std::size_t i = 0; i < tokens.size(); ++i)
        tokens[i] = static_cast<TokenId>((7 + 131 * i) % model->config().shape.vocab);
    ImportanceOptions options;
    options.threads = 2;
    return compute_importance(*model, tokens, options);
}

} // namespace hearth::test
