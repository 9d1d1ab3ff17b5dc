#include "engine/runtime/evaluate.h"
#include "engine/runtime/make_forward_pass.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "engine/model/model.h"

namespace hearth {

namespace {

// Tokens run through the forward pass at once: enough to read each weight
// once for many tokens, few enough that their logits stay small.
constexpr std::uint32_t kBatch = 64;

// log Σ exp(logits)
double log_sum_exp(std::span<const float> logits)
{
    const float top = *std::max_element(logits.begin(), logits.end());
    double sum = 0;
    for (const float logit : logits)
        sum += std::exp(double(logit) - top);
    return top + std::log(sum);
}

// One model's pass over a chunk, a batch at a time, on the device the
// options ask for (the CPU when the GPU cannot hold it).
struct Runner {
    Runner(const Model& model, std::uint32_t context, const EvalOptions& options)
        : vocab(model.config().shape.vocab)
    {
        ForwardPassOptions pass;
        pass.context = context;
        pass.threads = options.threads;
        pass.device = options.device;
        pass.gpu = options.gpu;
        try {
            auto choice = make_forward_pass(model, pass);
            forward = std::move(choice.pass);
            fallback = choice.fallback;
        } catch (const DeviceMemoryError&) {
            pass.device = ComputeDevice::Cpu;
            forward = make_forward_pass(model, pass).pass;
            gpu_full = true;
        }
    }

    // A chunk starts from an empty cache.
    void restart() { forward->release(0, 0); }

    // Logits of tokens [begin, end) of the chunk, for those with `want` set.
    std::span<const float> run(
        std::span<const TokenId> chunk, std::uint32_t begin, std::uint32_t end, std::uint32_t first_wanted)
    {
        batch.clear();
        std::uint32_t wanted = 0;
        for (std::uint32_t i = begin; i < end; ++i) {
            const bool want = i >= first_wanted;
            batch.push_back({ chunk[i], i, 0, want });
            wanted += want ? 1 : 0;
        }
        logits.resize(std::size_t(wanted) * vocab);
        forward->run(batch, logits);
        return logits;
    }

    std::unique_ptr<ForwardPass> forward;
    GpuFallback fallback = GpuFallback::None;
    bool gpu_full = false;
    std::size_t vocab;
    std::vector<BatchToken> batch;
    std::vector<float> logits;
};

} // namespace

EvalResult evaluate(
    const Model& model, std::span<const TokenId> tokens, const Model* reference, const EvalOptions& options)
{
    const auto started = std::chrono::steady_clock::now();
    const std::uint32_t context = std::min(options.context, model.trained_context());
    if (context < 8)
        throw EvalError("the context must hold at least 8 tokens");
    std::size_t chunks = tokens.size() / context;
    if (options.max_chunks > 0)
        chunks = std::min(chunks, options.max_chunks);
    if (chunks == 0)
        throw EvalError("the text has " + std::to_string(tokens.size()) + " tokens; it needs at least "
            + std::to_string(context) + " (one context)");
    const std::size_t vocab = model.config().shape.vocab;
    if (reference && reference->config().shape.vocab != vocab)
        throw EvalError("the reference has a vocabulary of " + std::to_string(reference->config().shape.vocab)
            + " tokens and the model " + std::to_string(vocab) + ": they must be the same model");

    Runner mine(model, context, options);
    std::optional<Runner> theirs;
    if (reference)
        theirs.emplace(*reference, context, options);
    const auto& vocabulary = model.tokenizer().vocabulary();
    const std::uint32_t first_scored = context / 2; // predicts tokens first_scored + 1 …

    double nll_sum = 0;
    double nll_squares = 0;
    double kl_sum = 0;
    std::vector<double> kls;
    std::size_t same_top = 0;
    std::size_t scored = 0;
    std::vector<TokenId> chunk(context);
    for (std::size_t c = 0; c < chunks; ++c) {
        if (options.cancel && options.cancel->load())
            throw EvalCancelled();
        std::copy_n(tokens.begin() + std::ptrdiff_t(c * context), context, chunk.begin());
        mine.restart();
        if (theirs)
            theirs->restart();
        if (vocabulary.add_bos && vocabulary.bos)
            chunk[0] = *vocabulary.bos;
        for (std::uint32_t begin = 0; begin < context; begin += kBatch) {
            const std::uint32_t end = std::min(context, begin + kBatch);
            // Position p's logits predict token p + 1: the last one has nothing to predict.
            const std::uint32_t first_wanted = first_scored;
            const auto logits = mine.run(chunk, begin, end, first_wanted);
            std::span<const float> reference_logits;
            if (theirs)
                reference_logits = theirs->run(chunk, begin, end, first_wanted);
            const std::uint32_t from = std::max(begin, first_wanted);
            for (std::uint32_t p = from; p < end; ++p) {
                if (p + 1 >= context)
                    break;
                const std::size_t row = p - from;
                const std::span<const float> own(logits.data() + row * vocab, vocab);
                const double lse = log_sum_exp(own);
                const double nll = lse - own[chunk[p + 1]];
                nll_sum += nll;
                nll_squares += nll * nll;
                ++scored;
                if (!theirs)
                    continue;
                const std::span<const float> ref(reference_logits.data() + row * vocab, vocab);
                const double ref_lse = log_sum_exp(ref);
                double kl = 0;
                for (std::size_t t = 0; t < vocab; ++t) {
                    const double log_p = ref[t] - ref_lse;
                    kl += std::exp(log_p) * (log_p - (own[t] - lse));
                }
                kl = std::max(0.0, kl);
                kl_sum += kl;
                kls.push_back(kl);
                same_top += std::max_element(own.begin(), own.end()) - own.begin()
                        == std::max_element(ref.begin(), ref.end()) - ref.begin()
                    ? 1
                    : 0;
            }
        }
        if (options.progress)
            options.progress(c + 1, chunks);
    }

    EvalResult result;
    result.device = mine.forward->device();
    result.fallback = mine.fallback;
    result.gpu_full = mine.gpu_full;
    result.tokens = scored;
    result.chunks = chunks;
    result.mean_nll = nll_sum / double(scored);
    result.perplexity = std::exp(result.mean_nll);
    const double variance = std::max(0.0, nll_squares / double(scored) - result.mean_nll * result.mean_nll);
    result.perplexity_error = scored > 1 ? result.perplexity * std::sqrt(variance / double(scored - 1)) : 0;
    if (theirs) {
        result.kl_divergence = kl_sum / double(scored);
        std::sort(kls.begin(), kls.end());
        result.kl_divergence_p99 = kls[std::min(kls.size() - 1, std::size_t(0.99 * double(kls.size())))];
        result.same_top_token = double(same_top) / double(scored);
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

} // namespace hearth
