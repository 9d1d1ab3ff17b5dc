#include "engine/runtime/speed_test.h"
#include "engine/runtime/make_forward_pass.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

#include "engine/model/model.h"
#include "engine/runtime/bandwidth.h"

namespace hearth {
namespace {

struct Statistics {
    double mean = 0.0;
    double stddev = 0.0;
};

Statistics statistics(const std::vector<double>& values)
{
    Statistics s;
    for (const double v : values)
        s.mean += v;
    s.mean /= static_cast<double>(values.size());
    for (const double v : values)
        s.stddev += (v - s.mean) * (v - s.mean);
    s.stddev = values.size() > 1 ? std::sqrt(s.stddev / static_cast<double>(values.size() - 1)) : 0.0;
    return s;
}

template <typename Work> double seconds(Work&& work)
{
    const auto start = std::chrono::steady_clock::now();
    work();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::uint64_t matrix_bytes(const WeightMatrix& m)
{
    return m.data ? m.rows * m.row_bytes : 0;
}

// What a decode step reads of the weights: every matrix and vector except
// the embedding table (unless tied, when it is the output projection), and
// of each layer's experts the router and the chosen ones.
std::uint64_t step_weight_bytes(const Model& model)
{
    const auto& w = model.weights();
    const auto& shape = model.config().shape;
    std::uint64_t bytes = matrix_bytes(w.output) + w.output_norm.size() * sizeof(float);
    for (const auto& l : w.layers) {
        for (const auto* m : l.matrices())
            bytes += matrix_bytes(*m);
        bytes += l.experts.bytes_read(shape.experts_used, shape.experts);
        for (const auto* v : l.vectors())
            bytes += v->size() * sizeof(float);
    }
    return bytes;
}

} // namespace

SpeedTestResult measure_speed(const Model& model, const SpeedTestOptions& options)
{
    const auto vocab = model.config().shape.vocab;
    const std::uint32_t sequences = std::max<std::uint32_t>(1, options.sequences);
    const std::uint32_t context = std::max(options.prompt_tokens, options.depth + options.generated_tokens) + 1;
    ForwardPassOptions pass;
    pass.context = context;
    pass.slot_count = sequences;
    pass.kv_type = options.kv_type;
    pass.threads = options.threads;
    pass.device = options.device;
    pass.gpu = options.gpu;
    pass.gpu_layers = options.gpu_layers;
    auto choice = make_forward_pass(model, pass);
    ForwardPass& forward = *choice.pass;
    std::vector<float> logits(std::size_t { vocab } * std::max<std::uint32_t>(sequences, 1));

    // Any tokens do: the work does not depend on which.
    const auto token = [&](std::uint32_t i) { return static_cast<TokenId>((i * 7919u + 13u) % vocab); };

    const auto prompt = [&] {
        std::vector<BatchToken> batch;
        for (std::uint32_t i = 0; i < options.prompt_tokens; ++i)
            batch.push_back({ token(i), i, 0, i + 1 == options.prompt_tokens });
        forward.run(batch, logits);
    };
    const auto generation = [&] {
        std::vector<BatchToken> batch(sequences);
        for (std::uint32_t step = 0; step < options.generated_tokens; ++step) {
            for (std::uint32_t s = 0; s < sequences; ++s)
                batch[s] = { token(step + s), options.depth + step, s, true };
            forward.run(batch, logits);
        }
    };
    // Each sequence's cache filled to the depth, in prompt-sized batches.
    const auto fill_depth = [&] {
        constexpr std::uint32_t kChunk = 512;
        std::vector<BatchToken> batch;
        for (std::uint32_t s = 0; s < sequences; ++s)
            for (std::uint32_t first = 0; first < options.depth; first += kChunk) {
                batch.clear();
                for (std::uint32_t i = first; i < std::min(options.depth, first + kChunk); ++i)
                    batch.push_back({ token(i), i, s, false });
                forward.run(batch, {});
            }
    };

    SpeedTestResult result;
    result.device = forward.device();
    result.threads = result.device.threads;
    result.fallback = choice.fallback;
    std::vector<double> rates;
    if (options.prompt_tokens > 0) {
        prompt();
        for (std::uint32_t r = 0; r < std::max<std::uint32_t>(1, options.repetitions); ++r)
            rates.push_back(options.prompt_tokens / seconds(prompt));
        const auto s = statistics(rates);
        result.prompt_tokens_per_s = s.mean;
        result.prompt_stddev = s.stddev;
    }
    rates.clear();
    if (options.generated_tokens > 0) {
        fill_depth();
        generation();
        for (std::uint32_t r = 0; r < std::max<std::uint32_t>(1, options.repetitions); ++r)
            rates.push_back(static_cast<double>(options.generated_tokens) * sequences / seconds(generation));
        const auto s = statistics(rates);
        result.generated_tokens_per_s = s.mean;
        result.generated_stddev = s.stddev;
    }
    const auto& shape = model.config().shape;
    const double kv_bytes_per_position = 2.0 * shape.layers * shape.kv_heads * shape.head_dim
        * (options.kv_type == KvCacheType::F32 && result.device.kind == ComputeDevice::Cpu ? 4 : 2);
    const double mean_position = options.depth + options.generated_tokens / 2.0;
    result.step_bytes = double(step_weight_bytes(model)) + sequences * kv_bytes_per_position * mean_position;
    if (options.measure_bandwidth && result.generated_tokens_per_s > 0) {
        result.bandwidth_bytes_s = measure_read_bandwidth(result.device.kind, options.gpu);
        const double steps_per_s = result.generated_tokens_per_s / sequences;
        result.bandwidth_share = result.step_bytes * steps_per_s / result.bandwidth_bytes_s;
    }
    return result;
}

} // namespace hearth
