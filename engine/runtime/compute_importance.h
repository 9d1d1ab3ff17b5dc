#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <span>

#include "engine/quant/importance_matrix.h"
#include "engine/text/vocabulary.h"

namespace hearth {

class Model;

struct ImportanceOptions {
    std::uint32_t context = 512; // tokens a chunk
    std::size_t max_chunks = 0; // 0: the whole text
    unsigned threads = 0;
    std::function<void(std::size_t chunks_done, std::size_t chunks)> progress;
    const std::atomic<bool>* cancel = nullptr;
};

// Runs the calibration tokens through `model` and collects every matrix's
// input activations. Throws EvalError for a text shorter than one chunk,
// EvalCancelled when cancelled.
ImportanceMatrix compute_importance(
    const Model& model, std::span<const TokenId> tokens, const ImportanceOptions& options);

} // namespace hearth
