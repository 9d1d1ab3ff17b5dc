#include "engine/cpu/matmul.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "engine/cpu/activation_quantizers.h"
#include "engine/cpu/dot_kernels.h"
#include "engine/cpu/thread_pool.h"
#include "engine/quant/quantize_activations.h"
#include "engine/quant/vec_dot.h"

namespace hearth::cpu {

// Speed of light for a 4096 × 4096 weight (bench/bench_kernels.cpp):
// - one token moves every weight byte once (Q4_K 9.4 MB, Q8_0 17.8 MB, F16
//   33.5 MB) for 2 FLOPs a weight; at a desktop's 60..80 GB/s that is
//   0.12..0.3 ms. One Zen 4 core streams 15..27 GB/s through these kernels,
//   so a few cores reach the memory's limit.
// - 512 tokens do 17.2 GFLOP on the same bytes, so arithmetic bounds it: an
//   int8 pair of instructions per 32 multiply-adds per token for the
//   K-quants, 64 FLOPs a cycle at two such instructions a cycle; they reach
//   120..150 GFLOP/s a Zen 4 core, the weight decoding and per-block scaling
//   taking the rest.

namespace {

// Below this many tokens (several sequences decoding together), packing
// panels costs more than it saves: the row-major tiles read each weight row
// once for all of them, as decoding does for one.
constexpr std::size_t kPanelMinTokens = 16;

// Activation rows per work item when many tokens share the weights: the
// chunk's converted activations stay in L2 while each group of weight rows
// passes over all of them from L1, and the whole weight streams past once
// per chunk, so a chunk as large as L2 allows streams it least often (F16
// prompts read their activations as floats: 24 tokens of an FFN's 8192
// columns; 2048 × 8192 weights, 512 tokens, 2 threads: 146..167 GFLOP/s
// with 256 KB chunks, 167..185 with 768 KB).
constexpr std::size_t kTokenChunkBytes = 768 * 1024;
constexpr std::size_t kMaxTokenChunk = 64;
// Panels: a chunk's activations stream past each packed panel, so a bigger
// chunk packs each panel fewer times. They are read from L3 once they
// outgrow L2, which costs less than packing again: a whole 512-token prompt
// as one chunk (1.2B model, 2 threads, Zen 4) took Q4_K_M pp512 from 123
// to 144 tokens/s and IQ3_XXS, whose packing decodes grid points, from 103
// to 127, against 64-token chunks of at most 512 KB.
constexpr std::size_t kPanelChunkBytes = 4 * 1024 * 1024;
constexpr std::size_t kMaxPanelTokenChunk = 512;
// Work items per thread, so that a thread that loses its core for a while
// (the machine is shared with the app and the desktop) leaves its
// remaining items to the others.
constexpr std::size_t kItemsPerThread = 8;
// A decode step's work item reads at least this many weight bytes when the
// matrix is large enough: 16 threads cut a 2048-row F16 projection into
// 64 KB items.
constexpr std::size_t kDecodeItemBytes = 256 * 1024;

std::size_t row_bytes_of(GgmlType type, std::size_t cols)
{
    const auto traits = ggml_type_traits(static_cast<std::uint32_t>(type));
    if (!traits || cols % traits->block_elements != 0)
        throw std::invalid_argument("matmul: " + std::to_string(cols) + " columns are not a whole number of "
            + std::string(traits ? traits->name : "?") + " blocks");
    return cols / traits->block_elements * traits->block_bytes;
}

std::size_t round_up(std::size_t value, std::size_t multiple)
{
    return (value + multiple - 1) / multiple * multiple;
}

// Converts the activations row by row across threads with
// convert(x, out, count), `block_elements` values to `block_bytes` bytes;
// one row is split by blocks instead, so a decode step does not convert on
// one thread.
template <class Convert>
void convert_rows(std::span<const float> x, std::size_t tokens, std::size_t cols, std::size_t block_elements,
    std::size_t block_bytes, std::byte* out, ThreadPool& pool, Convert&& convert)
{
    const std::size_t row_bytes = cols / block_elements * block_bytes;
    if (tokens > 1) {
        pool.parallel_for(tokens, 1, [&](std::size_t begin, std::size_t end) {
            for (std::size_t t = begin; t < end; ++t)
                convert(x.data() + t * cols, out + t * row_bytes, cols);
        });
        return;
    }
    // At least 1024 values per piece: below that, waking a thread costs more than converting.
    const std::size_t grain = std::max<std::size_t>(1, 1024 / block_elements);
    pool.parallel_for(cols / block_elements, grain, [&](std::size_t begin, std::size_t end) {
        convert(x.data() + begin * block_elements, out + begin * block_bytes, (end - begin) * block_elements);
    });
}

// `bytes` of the buffer from a 64-byte boundary: a vector load of a row
// that starts off one splits across two cache lines.
std::byte* cache_line_aligned(std::vector<std::byte>& buffer, std::size_t bytes)
{
    constexpr std::size_t kLine = 64;
    buffer.resize(bytes + kLine);
    const auto address = reinterpret_cast<std::uintptr_t>(buffer.data());
    return buffer.data() + (kLine - address % kLine) % kLine;
}

// The activations as the kernel reads them: rows `row_bytes` apart.
struct ConvertedActivations {
    const void* data = nullptr;
    std::size_t row_bytes = 0;
};

// With quantize_activations_row, not the file quantizer quantize_row: ggml-cpu
// rounds Q8_0 activations differently from Q8_0 files, and matching it is what
// makes the logits agree with llama.cpp's. Or to floats holding the same
// values, where the kernel reads them so.
ConvertedActivations convert_activations(const DotKernel& kernel, GgmlType type, std::span<const float> x,
    std::size_t tokens, std::size_t cols, ThreadPool& pool, MatmulScratch& scratch, SimdLevel level)
{
    if (kernel.widened_activations) {
        const std::size_t row_bytes = cols * sizeof(float);
        std::byte* out = cache_line_aligned(scratch.converted, tokens * row_bytes);
        convert_rows(x, tokens, cols, 1, sizeof(float), out, pool, [&](const float* in, std::byte* row, std::size_t n) {
            kernel.widened_activations(in, reinterpret_cast<float*>(row), n);
        });
        return { out, row_bytes };
    }
    const std::size_t row_bytes = row_bytes_of(type, cols);
    if (type == GgmlType::F32)
        return { x.data(), row_bytes };
    const auto traits = *ggml_type_traits(static_cast<std::uint32_t>(type));
    std::byte* out = cache_line_aligned(scratch.converted, tokens * row_bytes);
    const auto quantize = activation_quantizer(type, level);
    convert_rows(x, tokens, cols, traits.block_elements, traits.block_bytes, out, pool,
        [&](const float* in, std::byte* row, std::size_t n) {
            quantize ? quantize(in, row, n) : quant::quantize_activations_row(type, in, row, n);
        });
    return { out, row_bytes };
}

// One token: each weight row is read once, so the speed is the memory's.
// Rows go out in chunks, `decode_rows` at a time through the kernel so that
// each activation block is loaded once for that many rows.
void matrix_vector(
    const DotKernel& kernel, const WeightMatrix& w, const void* x, float* y, ThreadPool& pool, MatmulScratch& scratch)
{
    const PanelKernel* prepared = kernel.panel && kernel.panel->decode ? kernel.panel : nullptr;
    if (prepared) {
        // A few hundred blocks: cheaper on this thread than waking the others.
        scratch.activation_extra.resize(prepared->activation_extra_bytes(w.cols));
        prepared->prepare_activations(w.cols, x, scratch.activation_extra.data());
    }
    const std::size_t step = prepared ? std::size_t(1) : kernel.decode_rows;
    // Items of at least kDecodeItemBytes where that still gives every thread
    // one: each item is a fresh stream the prefetchers ramp up on.
    const std::size_t wanted_items = std::clamp<std::size_t>(
        w.rows * w.row_bytes / kDecodeItemBytes, pool.size(), std::size_t { pool.size() } * kItemsPerThread);
    const std::size_t chunk = std::max(step, round_up((w.rows + wanted_items - 1) / wanted_items, step));
    const std::size_t items = (w.rows + chunk - 1) / chunk;
    std::atomic<std::size_t> next { 0 };
    const auto* weights = static_cast<const std::byte*>(w.data);
    pool.run([&](unsigned, unsigned) {
        for (std::size_t item; (item = next.fetch_add(1, std::memory_order_relaxed)) < items;) {
            const std::size_t end = std::min(w.rows, (item + 1) * chunk);
            if (prepared) {
                prepared->decode(static_cast<unsigned>(end - item * chunk), w.cols,
                    weights + item * chunk * w.row_bytes, w.row_bytes, x, scratch.activation_extra.data(),
                    y + item * chunk);
                continue;
            }
            for (std::size_t r = item * chunk; r < end; r += step) {
                const auto rows = static_cast<unsigned>(std::min(step, end - r));
                kernel(rows, 1, w.cols, weights + r * w.row_bytes, w.row_bytes, x, 0, y + r, 0);
            }
        }
    });
}

// How the many-tokens product splits into work items: (row block, token
// chunk) pairs, chunk by chunk, so the threads share a chunk's activations
// in L2 while each streams its own rows.
class Blocking {
public:
    Blocking(std::size_t rows, std::size_t tokens, std::size_t x_row_bytes, std::size_t tile_rows,
        std::size_t tile_tokens, std::size_t chunk_bytes, std::size_t max_chunk, std::size_t threads)
        : m_rows(rows)
        , m_tokens(tokens)
    {
        m_token_chunk
            = round_up(std::clamp<std::size_t>(chunk_bytes / x_row_bytes, 1, std::min(max_chunk, tokens)), tile_tokens);
        const std::size_t chunks = (tokens + m_token_chunk - 1) / m_token_chunk;
        // Rounded up: 15 chunks on 2 threads as 15 items would leave one thread
        // idle for an item, as 30 for a half of one.
        const std::size_t wanted_row_blocks = (threads * kItemsPerThread + chunks - 1) / chunks;
        m_row_block = std::max(tile_rows, round_up((rows + wanted_row_blocks - 1) / wanted_row_blocks, tile_rows));
        m_row_blocks = (rows + m_row_block - 1) / m_row_block;
        m_items = m_row_blocks * chunks;
    }

    // Hands the items out to the pool's threads as they finish the last:
    // work(thread, r_begin, r_end, t_begin, t_end).
    template <class Work> void run(ThreadPool& pool, Work&& work) const
    {
        std::atomic<std::size_t> next { 0 };
        pool.run([&](unsigned thread, unsigned) {
            for (std::size_t item; (item = next.fetch_add(1, std::memory_order_relaxed)) < m_items;) {
                const std::size_t t_begin = item / m_row_blocks * m_token_chunk;
                const std::size_t r_begin = item % m_row_blocks * m_row_block;
                work(thread, r_begin, std::min(m_rows, r_begin + m_row_block), t_begin,
                    std::min(m_tokens, t_begin + m_token_chunk));
            }
        });
    }

private:
    std::size_t m_rows;
    std::size_t m_tokens;
    std::size_t m_token_chunk = 0;
    std::size_t m_row_block = 0;
    std::size_t m_row_blocks = 0;
    std::size_t m_items = 0;
};

// Many tokens: compute-bound. Within a work item, each group of `tile_rows`
// weight rows stays in L1 while it meets every token of the chunk,
// `tile_tokens` at a time, with tile_rows × tile_tokens accumulators in
// registers.
void matrix_matrix(const DotKernel& kernel, const WeightMatrix& w, const void* x, std::size_t x_row_bytes,
    std::size_t tokens, float* y, ThreadPool& pool)
{
    const std::size_t tile_rows = kernel.tile_rows;
    const std::size_t tile_tokens = kernel.tile_tokens;
    const auto* weights = static_cast<const std::byte*>(w.data);
    const auto* activations = static_cast<const std::byte*>(x);
    Blocking(w.rows, tokens, x_row_bytes, tile_rows, tile_tokens, kTokenChunkBytes, kMaxTokenChunk, pool.size())
        .run(pool, [&](unsigned, std::size_t r_begin, std::size_t r_end, std::size_t t_begin, std::size_t t_end) {
            for (std::size_t r = r_begin; r < r_end; r += tile_rows) {
                const auto rows = static_cast<unsigned>(std::min(tile_rows, r_end - r));
                for (std::size_t t = t_begin; t < t_end; t += tile_tokens) {
                    const auto count = static_cast<unsigned>(std::min(tile_tokens, t_end - t));
                    kernel(rows, count, w.cols, weights + r * w.row_bytes, w.row_bytes, activations + t * x_row_bytes,
                        x_row_bytes, y + t * w.rows + r, w.rows);
                }
            }
        });
}

// Many tokens through a PanelKernel: each thread packs a panel of rows into
// its own buffer, then runs it over every token of the chunk. The packing
// is paid once per panel and chunk, so chunks are larger than the tiles'.
void matrix_matrix(const PanelKernel& panel, const WeightMatrix& w, const void* x, std::size_t x_row_bytes,
    std::size_t tokens, float* y, ThreadPool& pool, MatmulScratch& scratch)
{
    const auto* weights = static_cast<const std::byte*>(w.data);
    const auto* activations = static_cast<const std::byte*>(x);
    const std::size_t extra_row_bytes = panel.prepare_activations ? panel.activation_extra_bytes(w.cols) : 0;
    scratch.activation_extra.resize(tokens * extra_row_bytes);
    std::byte* extra = scratch.activation_extra.data();
    if (panel.prepare_activations)
        pool.parallel_for(tokens, 1, [&](std::size_t begin, std::size_t end) {
            for (std::size_t t = begin; t < end; ++t)
                panel.prepare_activations(w.cols, activations + t * x_row_bytes, extra + t * extra_row_bytes);
        });

    scratch.panels.resize(pool.size());
    for (auto& buffer : scratch.panels)
        buffer.resize(panel.panel_bytes(w.cols));

    Blocking(w.rows, tokens, x_row_bytes, panel.rows, panel.tokens, kPanelChunkBytes, kMaxPanelTokenChunk, pool.size())
        .run(
            pool, [&](unsigned thread, std::size_t r_begin, std::size_t r_end, std::size_t t_begin, std::size_t t_end) {
                std::byte* packed = scratch.panels[thread].data();
                for (std::size_t r = r_begin; r < r_end; r += panel.rows) {
                    const auto rows = static_cast<unsigned>(std::min<std::size_t>(panel.rows, r_end - r));
                    panel.pack(rows, w.cols, weights + r * w.row_bytes, w.row_bytes, packed);
                    for (std::size_t t = t_begin; t < t_end; t += panel.tokens) {
                        const auto count = static_cast<unsigned>(std::min<std::size_t>(panel.tokens, t_end - t));
                        panel.run[count - 1](w.cols, packed, rows, activations + t * x_row_bytes, x_row_bytes,
                            extra + t * extra_row_bytes, extra_row_bytes, y + t * w.rows + r, w.rows);
                    }
                }
            });
}

} // namespace

void matmul(const WeightMatrix& w, std::span<const float> x, std::size_t tokens, std::span<float> y, ThreadPool& pool,
    MatmulScratch& scratch, SimdLevel level)
{
    const DotKernel* kernel = dot_kernel(w.type, level);
    if (kernel && kernel->prompt && tokens > 1)
        kernel = kernel->prompt;
    if (!kernel)
        throw std::invalid_argument("matmul: no " + std::string(simd_level_name(level)) + " kernel for "
            + std::string(ggml_type_traits(static_cast<std::uint32_t>(w.type))->name) + " weights on this CPU");
    if (x.size() < tokens * w.cols || y.size() < tokens * w.rows)
        throw std::invalid_argument("matmul: " + std::to_string(tokens) + " tokens of " + std::to_string(w.cols) + " → "
            + std::to_string(w.rows) + " need " + std::to_string(tokens * w.cols) + " inputs and "
            + std::to_string(tokens * w.rows) + " outputs, got " + std::to_string(x.size()) + " and "
            + std::to_string(y.size()));
    if (w.row_bytes < row_bytes_of(w.type, w.cols))
        throw std::invalid_argument("matmul: weight rows " + std::to_string(w.row_bytes) + " bytes apart overlap: "
            + std::to_string(w.cols) + " columns take " + std::to_string(row_bytes_of(w.type, w.cols)));
    if (tokens == 0 || w.rows == 0)
        return;

    const auto converted
        = convert_activations(*kernel, quant::activation_type(w.type), x, tokens, w.cols, pool, scratch, level);
    if (tokens == 1)
        matrix_vector(*kernel, w, converted.data, y.data(), pool, scratch);
    else if (kernel->panel && tokens >= kPanelMinTokens)
        matrix_matrix(*kernel->panel, w, converted.data, converted.row_bytes, tokens, y.data(), pool, scratch);
    else
        matrix_matrix(*kernel, w, converted.data, converted.row_bytes, tokens, y.data(), pool);
}

} // namespace hearth::cpu
