#pragma once

#include <cstdint>
#include <string_view>

#include "engine/gguf/ggml_type.h"

namespace hearth {

// The whole-model types Hearth writes. The _M, _S and _L mixes keep some
// tensors at more bits, as llama.cpp's quantizer does.
enum class ModelQuant {
    F16,
    BF16,
    Q8_0,
    Q6_K,
    Q5_K_M,
    Q5_K_S,
    Q4_K_M,
    Q4_K_S,
    Q4_0,
    Q5_1,
    Q5_0,
    Q4_1,
    Q3_K_L,
    Q3_K_M,
    Q3_K_S,
    Q2_K,
    IQ4_NL,
    IQ4_XS,
    // The 1- to 3-bit i-quants, which need an importance matrix for most of
    // their tensors (importance_required()).
    IQ3_M,
    IQ3_S,
    IQ3_XS,
    IQ3_XXS,
    IQ2_M,
    IQ2_S,
    IQ2_XS,
    IQ2_XXS,
    IQ1_M,
    IQ1_S,
    // Ternary: every weight -1, 0 or +1 of a scale (BitNet-style models).
    TQ2_0,
    TQ1_0,
    // Mixtures of experts as gpt-oss ships: the experts' stacked matrices in
    // MXFP4, every other matrix Q8_0.
    MXFP4_MOE,
};

// What the mixes look at besides a tensor's name: llama.cpp's rules depend
// on how many layers there are, how many query heads share a key-value head,
// the experts, the 70B class, and whether an importance matrix is given.
struct QuantMix {
    ModelQuant target = ModelQuant::Q4_K_M;
    int layers = 0;
    int values = 0; // attn_v-like tensors in the model (one a layer, mostly)
    int gqa = 1; // attention heads per key-value head
    int experts = 0;
    bool class_70b = false; // llama.cpp's LLM_TYPE_70B: attn_v one step up
    bool importance = false;
};

// The layer a tensor belongs to ("blk.12.attn_v.weight" → 12), or -1.
int tensor_layer(std::string_view name);
// Whether the tensor holds the attention values (attn_v, a fused attn_qkv,
// MLA's attn_kv_b): the ones the mixes give more bits.
bool holds_values(std::string_view name);

// Whether llama.cpp quantizes a tensor of that name and rank at all: norms,
// routers and the small tables some architectures carry stay as they are.
bool is_quantizable_tensor(std::string_view name, std::size_t dimensions);

// The type one matrix (rows of `row_length`) gets: llama.cpp's mix rules,
// then its fallback table for rows the blocks do not divide. `output`: the
// output projection, or the embedding when it is tied to it. `value_index`:
// which attn_v-like tensor this is, counted in llama.cpp's tensor order
// (the layer, for a model whose every layer has attention).
GgmlType planned_matrix_type(
    std::string_view name, std::uint64_t row_length, bool output, int value_index, const QuantMix& mix);

// Whether llama.cpp refuses to write a matrix of `type` without an
// importance matrix (its 1- to 3-bit grids give garbage without one).
// The embedding and the output never need one.
bool importance_required(std::string_view name, GgmlType type);

} // namespace hearth
