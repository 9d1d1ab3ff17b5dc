#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <span>
#include <vector>

#include "engine/text/vocabulary.h"

namespace hearth {

// How the next token is chosen. Defaults are those users of llama.cpp and
// LM Studio know; temperature 0 means greedy (the most likely token).
struct SamplingParams {
    float temperature = 0.8f;
    std::uint32_t top_k = 40; // 0: no limit
    float top_p = 0.95f; // 1: no limit
    float min_p = 0.05f; // 0: no limit
    float repetition_penalty = 1.0f; // 1: off; divides positive logits of seen tokens
    float presence_penalty = 0.0f; // subtracted once from every seen token
    float frequency_penalty = 0.0f; // subtracted per occurrence
    std::uint32_t penalty_window = 64; // how many recent tokens the penalties look at
    std::uint64_t seed = 0; // same seed, same prompt, same settings: same output
    std::uint32_t top_logprobs = 0; // report the n most likely tokens of each step
};

struct TokenLogprob {
    TokenId token = 0;
    float logprob = 0.0f;
};

// One step's choice and what the caller asked to know about it.
struct SampledToken {
    TokenId token = 0;
    float logprob = 0.0f; // of the chosen token under the model (before sampling filters)
    std::vector<TokenLogprob> top; // the top_logprobs most likely, best first
};

// The sampler chain of one sequence, in llama.cpp's order: penalties, top-k,
// top-p, min-p, temperature, then a draw from what is left.
class Sampler {
public:
    explicit Sampler(const SamplingParams& params);

    // `logits` are the model's raw scores over the vocabulary; `history` the
    // prompt and generated tokens so far (for the penalties). With `allowed`,
    // only tokens it accepts are candidates (an output format): the chain
    // runs over the top-k allowed ones (top-k 64 when unlimited). The token
    // is -1 when nothing is allowed.
    SampledToken sample(std::span<const float> logits, std::span<const TokenId> history,
        const std::function<bool(TokenId)>& allowed = {});

    const SamplingParams& params() const { return m_params; }

private:
    struct Candidate {
        TokenId token;
        float logit;
    };
    void apply_penalties(std::span<const TokenId> history);
    void keep_top_k(std::size_t k);
    // The best `k` candidates that `allowed` accepts, best first.
    void keep_allowed(std::size_t k, const std::function<bool(TokenId)>& allowed);
    void keep_top_p();
    void keep_min_p();
    TokenId draw();

    SamplingParams m_params;
    std::mt19937_64 m_random;
    std::vector<Candidate> m_candidates;
    std::vector<float> m_scratch;
};

// log-softmax of `logits` at the n best tokens and at `chosen`.
SampledToken describe_choice(std::span<const float> logits, TokenId chosen, std::uint32_t top_n);

} // namespace hearth
