#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>

#include "engine/model/model_config.h"

// The element-wise and per-row steps of the forward pass, written to give the
// same numbers as ggml's CPU operators (their accumulations in double, RoPE's
// angle recurrence in float) so Hearth's logits follow llama.cpp's.
namespace hearth::cpu {

// out = x / rms(x) * weight, the mean of squares accumulated in double.
void rms_norm(const float* x, const float* weight, float eps, float* out, std::size_t n);

// The cos/sin pairs of every rotated dimension pair at `position`:
// cache[2i] = cos θ_i, cache[2i + 1] = sin θ_i, θ_i = position × base^(−2i/dims)
// / factor_i × freq_scale, the powers built by repeated multiplication as ggml does;
// both scaled by the attention factor of LongRoPE (1 elsewhere). With YaRN,
// θ_i blends toward the unscaled angle as ggml's ramp says, and the factor
// grows by YaRN's magnitude correction.
void rope_angles(const ModelConfig& config, std::span<const float> freq_factors, std::uint32_t position, float* cache);

// Rotates the first rope_dims values of each of `heads` vectors of `head_dim`.
void rope_rotate(const ModelConfig& config, const float* angles, float* x, std::size_t heads);

// e^x evaluated in double and rounded once: the correctly rounded float but
// for values within 2^-46 of a midpoint, which is what the vector kernels
// compute too (cpu/vector_exp.h), so every SIMD level gives the same floats.
// expf is off by one ulp near midpoints, about one value in two thousand.
inline float exp_rounded_once(float x)
{
    return static_cast<float>(std::exp(static_cast<double>(x)));
}

// An attention sink's share of a softmax whose largest logit is `max`:
// expf as ggml takes it (0 for a sink of −∞, meaning none).
inline double sink_weight(float sink, float max)
{
    return static_cast<double>(std::exp(sink - max));
}

// x = exp(x - max) / sum over n values, with exp_rounded_once and the sum in
// double; a sink logit joins the max and the sum without a value of its own.
void softmax(float* x, std::size_t n, float sink = -INFINITY);

// gpt-oss's clamped SwiGLU: out[i] = g σ(1.702 g) (u + 1), g = min(gate[i], 7),
// u = clamp(up[i], ±7), with expf as ggml computes it.
void swiglu_clamped(const float* gate, const float* up, float* out, std::size_t n);

// out[i] = silu(gate[i]) × up[i], with exp_rounded_once.
void silu_multiply(const float* gate, const float* up, float* out, std::size_t n);

} // namespace hearth::cpu
