#pragma once

// Published shapes (each model's config.json) for engine tests. The
// application's catalog carries the same numbers; its own test checks them.

#include "engine/model/model_shape.h"

namespace hearth::test {

inline ModelShape llama31_8b()
{
    ModelShape s;
    s.architecture = "llama";
    s.layers = 32, s.hidden = 4096, s.heads = 32, s.kv_heads = 8, s.head_dim = 128, s.ffn = 14336;
    s.vocab = 128256, s.max_context = 131072;
    return s;
}

inline ModelShape llama33_70b()
{
    ModelShape s = llama31_8b();
    s.layers = 80, s.hidden = 8192, s.heads = 64, s.ffn = 28672;
    return s;
}

inline ModelShape qwen25_7b()
{
    ModelShape s;
    s.architecture = "qwen2";
    s.layers = 28, s.hidden = 3584, s.heads = 28, s.kv_heads = 4, s.head_dim = 128, s.ffn = 18944;
    s.vocab = 152064, s.max_context = 32768, s.attention_bias = true;
    return s;
}

inline ModelShape qwen25_05b()
{
    ModelShape s;
    s.architecture = "qwen2";
    s.layers = 24, s.hidden = 896, s.heads = 14, s.kv_heads = 2, s.head_dim = 64, s.ffn = 4864;
    s.vocab = 151936, s.max_context = 32768, s.attention_bias = true, s.tied_embeddings = true;
    return s;
}

inline ModelShape mixtral_8x7b()
{
    ModelShape s;
    s.architecture = "llama";
    s.layers = 32, s.hidden = 4096, s.heads = 32, s.kv_heads = 8, s.head_dim = 128, s.ffn = 14336;
    s.vocab = 32000, s.max_context = 32768;
    s.experts = 8, s.experts_used = 2, s.expert_ffn = 14336;
    return s;
}

inline ModelShape deepseek_v3()
{
    ModelShape s;
    s.architecture = "deepseek2";
    s.layers = 61, s.hidden = 7168, s.heads = 128, s.kv_heads = 128, s.head_dim = 192, s.ffn = 18432;
    s.vocab = 129280, s.max_context = 163840;
    s.experts = 256, s.experts_used = 8, s.shared_experts = 1, s.expert_ffn = 2048, s.dense_layers = 3;
    s.q_lora_rank = 1536, s.kv_lora_rank = 512, s.rope_head_dim = 64, s.nope_head_dim = 128, s.v_head_dim = 128;
    return s;
}

} // namespace hearth::test
