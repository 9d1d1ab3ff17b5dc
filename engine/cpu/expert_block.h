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
// expert for each token, the best `experts_used` run their gated MLP on it,
// and their outputs are mixed by the router's weights. Tokens are grouped
// by expert, so each expert's weights are read once a batch, and only the
// chosen experts' rows are read at all: a decode step's bandwidth follows
// the active parameters.
class ExpertBlock {
public:
    // out ([tokens][hidden]) = the experts' mix for input ([tokens][hidden]).
    void run(const ModelConfig& config, const ExpertWeights& weights, std::span<const float> input, std::size_t tokens,
        std::span<float> out, ThreadPool& pool, MatmulScratch& scratch, SimdLevel level, GatedKernel gated);

    // The experts each token of the last run chose, best first ([tokens][used]).
    std::span<const std::uint32_t> chosen() const { return std::span(m_chosen).first(m_entries); }

private:
    // Each token's experts and their weights, from the router's logits, and
    // the entries grouped by expert.
    void route(const ModelConfig& config, std::size_t tokens);

    std::vector<float> m_logits; // [tokens][experts]
    std::size_t m_entries = 0; // tokens × used of the last run
    std::vector<std::uint32_t> m_chosen; // [tokens][used]
    std::vector<float> m_weights; // [tokens][used]
    std::vector<std::uint32_t> m_order; // [experts]: a token's experts, best first
    std::vector<std::uint32_t> m_rows; // the entries (token × used + rank), expert after expert
    std::vector<std::size_t> m_first_row; // [experts + 1]: where each expert's entries begin in m_rows
    std::vector<std::size_t> m_next_row; // [experts]: where the next entry of each goes, while grouping
    std::vector<float> m_input; // one expert's tokens [rows][hidden]
    std::vector<float> m_gate, m_up; // [rows][expert_ffn]
    std::vector<float> m_gate_up; // fused experts' products [rows][2 expert_ffn]
    std::vector<float> m_down; // [rows][hidden]
    std::vector<float> m_mixed; // each token's experts' outputs, weighted [tokens][used][hidden]
};

} // namespace hearth::cpu
