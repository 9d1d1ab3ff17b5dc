#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/cpu/gated_activation.h"
#include "engine/cpu/matmul.h"
#include "engine/model/model_config.h"
#include "engine/model/model_weights.h"

namespace hearth::cpu {

class ThreadPool;

// The feed-forward block of a mixture of experts: a router scores every
// expert for each token, the best `experts_used` run their SwiGLU MLP on it,
// and their outputs are mixed by the router's weights. Tokens are grouped
// by expert, so each expert's weights are read once a batch, and only the
// chosen experts' rows are read at all: a decode step's bandwidth follows
// the active parameters.
class ExpertBlock {
public:
    // out ([tokens][hidden]) = the experts' mix for input ([tokens][hidden]).
    void run(const ModelConfig& config, const ExpertWeights& weights, std::span<const float> input, std::size_t tokens,
        std::span<float> out, ThreadPool& pool, MatmulScratch& scratch, SimdLevel level, SiluMultiply silu_multiply);

    // The experts each token of the last run chose, best first ([tokens][used]).
    std::span<const std::uint32_t> chosen() const { return m_chosen; }

private:
    // Each token's experts and their weights, from the router's logits.
    void route(const ModelConfig& config, std::size_t tokens);

    std::vector<float> m_logits; // [tokens][experts]
    std::vector<std::uint32_t> m_chosen; // [tokens][used]
    std::vector<float> m_weights; // [tokens][used]
    std::vector<std::uint32_t> m_rows; // one expert's (token × used + rank) entries
    std::vector<float> m_input; // one expert's tokens [rows][hidden]
    std::vector<float> m_gate, m_up; // [rows][expert_ffn]
    std::vector<float> m_gate_up; // fused experts' products [rows][2 expert_ffn]
    std::vector<float> m_down; // [rows][hidden]
    std::vector<float> m_mixed; // each token's experts' outputs, weighted [tokens][used][hidden]
};

} // namespace hearth::cpu
