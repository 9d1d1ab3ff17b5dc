#include "engine/cpu/ops.h"

#include <algorithm>
#include <cmath>

namespace hearth::cpu {

void rms_norm(const float* x, const float* weight, float eps, float* out, std::size_t n)
{
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i)
        sum += static_cast<double>(x[i] * x[i]);
    const float mean = static_cast<float>(sum / static_cast<double>(n));
    const float scale = 1.0f / std::sqrt(mean + eps);
    // Two roundings, as ggml's norm-then-multiply graph makes them.
    for (std::size_t i = 0; i < n; ++i)
        out[i] = (x[i] * scale) * weight[i];
}

void rope_angles(const ModelConfig& config, std::span<const float> freq_factors, std::uint32_t position, float* cache)
{
    const float theta_scale = std::pow(config.rope_base, -2.0f / static_cast<float>(config.rope_dims));
    float magnitude = config.rope_attention_factor;
    if (config.rope_yarn)
        magnitude *= 1.0f + 0.1f * std::log(1.0f / config.rope_freq_scale);
    float theta = static_cast<float>(position);
    for (std::uint32_t i = 0; i < config.rope_dims / 2; ++i) {
        const float factor = freq_factors.empty() ? 1.0f : freq_factors[i];
        const float unscaled = theta / factor;
        float angle = config.rope_freq_scale * unscaled;
        if (config.rope_yarn) {
            const float y = (static_cast<float>(i) - config.rope_yarn_low)
                / std::max(0.001f, config.rope_yarn_high - config.rope_yarn_low);
            const float ramp = 1.0f - std::min(1.0f, std::max(0.0f, y));
            angle = angle * (1.0f - ramp) + unscaled * ramp;
        }
        cache[2 * i] = std::cos(angle) * magnitude;
        cache[2 * i + 1] = std::sin(angle) * magnitude;
        theta *= theta_scale;
    }
}

void rope_rotate(const ModelConfig& config, const float* angles, float* x, std::size_t heads)
{
    const std::size_t head_dim = config.shape.head_dim;
    const std::size_t pairs = config.rope_dims / 2;
    for (std::size_t h = 0; h < heads; ++h) {
        float* v = x + h * head_dim;
        for (std::size_t i = 0; i < pairs; ++i) {
            const float c = angles[2 * i];
            const float s = angles[2 * i + 1];
            // Adjacent pairs (2i, 2i+1), or NEOX pairs (i, i + dims/2).
            const std::size_t a = config.architecture.rope == RopeStyle::Adjacent ? 2 * i : i;
            const std::size_t b = config.architecture.rope == RopeStyle::Adjacent ? 2 * i + 1 : i + pairs;
            const float x0 = v[a];
            const float x1 = v[b];
            v[a] = x0 * c - x1 * s;
            v[b] = x0 * s + x1 * c;
        }
    }
}

void softmax(float* x, std::size_t n, float sink)
{
    const float max = std::max(*std::max_element(x, x + n), sink);
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = exp_rounded_once(x[i] - max);
        sum += x[i];
    }
    sum += sink_weight(sink, max);
    const float inverse = static_cast<float>(1.0 / sum);
    for (std::size_t i = 0; i < n; ++i)
        x[i] *= inverse;
}

void silu_multiply(const float* gate, const float* up, float* out, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i)
        out[i] = gate[i] / (1.0f + exp_rounded_once(-gate[i])) * up[i];
}

void swiglu_clamped(const float* gate, const float* up, float* out, std::size_t n)
{
    constexpr float kAlpha = 1.702f, kLimit = 7.0f;
    for (std::size_t i = 0; i < n; ++i) {
        const float x = std::min(gate[i], kLimit);
        const float y = std::clamp(up[i], -kLimit, kLimit);
        out[i] = x / (1.0f + std::exp(kAlpha * -x)) * (y + 1.0f);
    }
}

} // namespace hearth::cpu
