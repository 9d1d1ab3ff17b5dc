// BF16 · BF16 with AVX512_BF16's vdpbf16ps (built with -mavx512bf16, see
// cpu/sources.cmake): each instruction multiplies 32 bf16 pairs exactly and
// adds them to 16 float lanes, as ggml's BF16 dot does on these CPUs.
// GCC 12.2 warns that the _mm512_undefined_* inside many AVX-512 intrinsics is
// used uninitialized (GCC bug 105593, fixed in 12.3); the warning points into
// the header, so it is silenced there only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop

#include <cstdint>
#include <cstring>
#include <utility>

#include "engine/cpu/dot_kernels_isa.h"

namespace hearth::cpu::avx512bf16 {

namespace {

constexpr std::size_t kPairs = 32; // bf16 elements per vdpbf16ps

// Not _mm512_reduce_add_ps: GCC 12 warns about its undefined upper halves.
inline float sum_lanes(__m512 v)
{
    const __m512 high = _mm512_shuffle_f32x4(v, v, _MM_SHUFFLE(3, 2, 3, 2));
    __m256 s8 = _mm256_add_ps(_mm512_castps512_ps256(v), _mm512_castps512_ps256(high));
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(s8), _mm256_extractf128_ps(s8, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

// Element i of each row: the row starts stay in registers. Filling arrays of
// pointers every step instead, spilled to the stack, and 4×4 tiles held BF16
// prompts to 82 GFLOP/s (bench_kernels, 4096², 512 tokens, 2 threads); this
// and 4×6 tiles reach 297.
template <int R, int T>
inline __attribute__((always_inline)) void step(
    const std::uint16_t* const (&w)[R], const std::uint16_t* const (&x)[T], std::size_t i, __m512 (&acc)[R][T])
{
    __m512bh wv[R];
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r)
        wv[r] = (__m512bh)_mm512_loadu_si512(w[r] + i);
#pragma GCC unroll 8
    for (int t = 0; t < T; ++t) {
        const __m512bh xv = (__m512bh)_mm512_loadu_si512(x[t] + i);
#pragma GCC unroll 8
        for (int r = 0; r < R; ++r)
            acc[r][t] = _mm512_dpbf16_ps(acc[r][t], wv[r], xv);
    }
}

struct Bf16Tile {
    template <int R, int T>
    static void run(
        std::size_t n, const void* w, std::size_t ws, const void* x, std::size_t xs, float* y, std::size_t ys)
    {
        __m512 acc[R][T];
        for (auto& a : acc)
            for (auto& v : a)
                v = _mm512_setzero_ps();
        const auto row = [](const void* base, std::size_t stride, int index) {
            return reinterpret_cast<const std::uint16_t*>(static_cast<const std::byte*>(base) + stride * index);
        };
        const std::uint16_t* wp[R];
        const std::uint16_t* xp[T];
#pragma GCC unroll 8
        for (int r = 0; r < R; ++r)
            wp[r] = row(w, ws, r);
#pragma GCC unroll 8
        for (int t = 0; t < T; ++t)
            xp[t] = row(x, xs, t);
        std::size_t i = 0;
        for (; i + kPairs <= n; i += kPairs)
            step<R, T>(wp, xp, i, acc);
        if (i < n) {
            // The last partial vector, from zero-padded copies so the loads stay whole.
            std::uint16_t wtail[R][kPairs] = {};
            std::uint16_t xtail[T][kPairs] = {};
            for (int r = 0; r < R; ++r) {
                std::memcpy(wtail[r], wp[r] + i, (n - i) * 2);
                wp[r] = wtail[r];
            }
            for (int t = 0; t < T; ++t) {
                std::memcpy(xtail[t], xp[t] + i, (n - i) * 2);
                xp[t] = xtail[t];
            }
            step<R, T>(wp, xp, 0, acc);
        }
        for (int r = 0; r < R; ++r)
            for (int t = 0; t < T; ++t)
                y[t * ys + r] = sum_lanes(acc[r][t]);
    }
};

template <int... I> DotKernel make_kernel(std::integer_sequence<int, I...>)
{
    DotKernel kernel;
    ((kernel.tiles[I / kMaxTileTokens][I % kMaxTileTokens]
         = &Bf16Tile::run<I / kMaxTileTokens + 1, I % kMaxTileTokens + 1>),
        ...);
    kernel.tile_rows = 4;
    kernel.tile_tokens = 6;
    // One row at a time streams from memory best, as for F16 (dot_kernels_x86.inc):
    // 1.2B model, tg, 2 threads: 4 rows 11.6 tokens/s, llama.cpp 17.3.
    kernel.decode_rows = 1;
    return kernel;
}

} // namespace

const DotKernel* bf16_kernel()
{
    static const DotKernel kernel = make_kernel(std::make_integer_sequence<int, kTileShapes>());
    return &kernel;
}

} // namespace hearth::cpu::avx512bf16
