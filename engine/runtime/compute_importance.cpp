#include "engine/runtime/compute_importance.h"

#include <algorithm>
#include <string>

#include "engine/cpu/forward.h"
#include "engine/model/model.h"
#include "engine/runtime/evaluate.h"

namespace hearth {
namespace {

constexpr std::uint32_t kBatch = 64;

} // namespace

ImportanceMatrix compute_importance(
    const Model& model, std::span<const TokenId> tokens, const ImportanceOptions& options)
{
    const std::uint32_t context = std::min(options.context, model.trained_context());
    std::size_t chunks = context ? tokens.size() / context : 0;
    if (options.max_chunks > 0)
        chunks = std::min(chunks, options.max_chunks);
    if (chunks == 0)
        throw EvalError("the calibration text has " + std::to_string(tokens.size()) + " tokens; it needs at least "
            + std::to_string(context) + " (one context)");
    const auto& weights = model.weights();
    const bool tied = weights.output.data == weights.token_embedding.data;
    ImportanceMatrix matrix;
    ForwardPassOptions pass;
    pass.context = context;
    pass.threads = options.threads;
    cpu::Forward forward(model, pass);
    forward.set_activation_observer(
        [&](cpu::MatmulInput input, std::size_t layer, std::span<const float> values, std::size_t count) {
            const std::string block = "blk." + std::to_string(layer) + ".";
            const auto& matrices = weights.layers[layer];
            switch (input) {
            case cpu::MatmulInput::Attention:
                if (matrices.wqkv.data) {
                    matrix.add(block + "attn_qkv.weight", values, count);
                } else {
                    for (const char* name : { "attn_q.weight", "attn_k.weight", "attn_v.weight" })
                        matrix.add(block + name, values, count);
                }
                break;
            case cpu::MatmulInput::AttentionOutput:
                matrix.add(block + "attn_output.weight", values, count);
                break;
            case cpu::MatmulInput::FeedForward:
                // Of a mixture of experts only the router's input: each
                // expert sees only its tokens, which the pass does not show.
                if (matrices.experts.router.data) {
                    matrix.add(block + "ffn_gate_inp.weight", values, count);
                } else if (matrices.w_gate_up.data) {
                    matrix.add(block + "ffn_up.weight", values, count);
                } else {
                    matrix.add(block + "ffn_gate.weight", values, count);
                    matrix.add(block + "ffn_up.weight", values, count);
                }
                break;
            case cpu::MatmulInput::FeedForwardDown:
                matrix.add(block + "ffn_down.weight", values, count);
                break;
            case cpu::MatmulInput::Output:
                if (!tied)
                    matrix.add("output.weight", values, count);
                break;
            }
        });
    const auto& vocabulary = model.tokenizer().vocabulary();
    std::vector<BatchToken> batch;
    std::vector<float> logits;
    for (std::size_t c = 0; c < chunks; ++c) {
        if (options.cancel && options.cancel->load())
            throw EvalCancelled();
        for (std::uint32_t begin = 0; begin < context; begin += kBatch) {
            const std::uint32_t end = std::min(context, begin + kBatch);
            batch.clear();
            for (std::uint32_t p = begin; p < end; ++p) {
                TokenId token = tokens[c * context + p];
                if (p == 0 && vocabulary.add_bos && vocabulary.bos)
                    token = *vocabulary.bos;
                batch.push_back({ token, p, 0, true });
            }
            logits.resize(batch.size() * model.config().shape.vocab);
            forward.run(batch, logits);
        }
        if (options.progress)
            options.progress(c + 1, chunks);
    }
    return matrix;
}

} // namespace hearth
