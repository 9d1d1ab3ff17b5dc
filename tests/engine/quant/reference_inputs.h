#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

// The inputs of the llama.cpp reference fixture (tests/fixtures/quant): the
// generator (make_reference.cpp, built against ggml) and the tests both make
// them from this header, so the fixture stores only ggml's outputs. Plain
// integer and float arithmetic only (no libm), so both sides get the same bits.
namespace hearth::quant_reference {

// xorshift32 (Marsaglia 2003: shifts 13, 17, 5); never seeded with 0.
class InputRandom {
public:
    explicit InputRandom(std::uint32_t seed)
        : m_state(seed ? seed : 1)
    { }

    std::uint32_t next()
    {
        m_state ^= m_state << 13;
        m_state ^= m_state >> 17;
        m_state ^= m_state << 5;
        return m_state;
    }

    // [0, 1) in steps of 2^-24.
    float uniform() { return static_cast<float>(next() >> 8) * 0x1p-24f; }

    // Roughly normal with mean 0 and deviation 1: the sum of four uniforms
    // has variance 1/3, scaled by sqrt(3).
    float gaussian() { return (uniform() + uniform() + uniform() + uniform() - 2.0f) * 1.7320508f; }

private:
    std::uint32_t m_state;
};

struct InputCase {
    std::string name;
    std::size_t rows;
    std::size_t n_per_row; // a multiple of 256, so every format takes it
};

inline const std::vector<InputCase>& input_cases()
{
    static const std::vector<InputCase> cases = {
        { "gaussian", 1, 512 }, { "rows", 3, 256 }, // deviations 0.02, 1 and 50
        { "zeros", 1, 256 }, { "outlier", 1, 512 }, // small noise with +1000 at 37 and -300 at 300
        { "tiny", 1, 256 }, // deviation 1e-6: fp16 scales underflow
        { "below_eps", 1, 256 }, // deviation 1e-30: below ggml's 1e-15 group threshold
        { "negative", 1, 256 }, // all in [-2.1, -0.1)
        { "positive", 1, 256 }, // all in [0.5, 1.5)
        { "ties", 1, 256 }, // each 32: +-127 then k + 0.5, halfway cases for Q8_0
        { "large", 1, 256 }, // deviation 30000: beyond fp16's range in places
        { "scales", 1, 512 }, // each 32 scaled by 2^-8 .. 2^7: sub-block scales that round to 0
    };
    return cases;
}

// The values of case `index`, rows one after another.
inline std::vector<float> make_input(std::size_t index)
{
    const InputCase& c = input_cases().at(index);
    std::vector<float> x(c.rows * c.n_per_row);
    InputRandom random(0x9E37'79B9u * static_cast<std::uint32_t>(index + 1));
    for (std::size_t i = 0; i < x.size(); ++i) {
        const float g = random.gaussian();
        const float u = random.uniform();
        if (c.name == "gaussian") {
            x[i] = g;
        } else if (c.name == "rows") {
            const float deviation[] = { 0.02f, 1.0f, 50.0f };
            x[i] = g * deviation[i / c.n_per_row];
        } else if (c.name == "zeros") {
            x[i] = 0.0f;
        } else if (c.name == "outlier") {
            x[i] = i == 37 ? 1000.0f : i == 300 ? -300.0f : g * 0.02f;
        } else if (c.name == "tiny") {
            x[i] = g * 1e-6f;
        } else if (c.name == "below_eps") {
            x[i] = g * 1e-30f;
        } else if (c.name == "negative") {
            x[i] = -2.0f * u - 0.1f;
        } else if (c.name == "positive") {
            x[i] = u + 0.5f;
        } else if (c.name == "ties") {
            const std::size_t j = i % 32;
            x[i] = j == 0 ? (u < 0.5f ? 127.0f : -127.0f) : static_cast<float>(static_cast<int>(j) - 16) + 0.5f;
        } else if (c.name == "large") {
            x[i] = g * 30000.0f;
        } else if (c.name == "scales") {
            const int exponent = static_cast<int>((i / 32) % 16) - 8;
            x[i] = g * (exponent < 0 ? 1.0f / static_cast<float>(1 << -exponent) : static_cast<float>(1 << exponent));
        }
    }
    return x;
}

// The activation row each case's weight rows are dotted with: n_per_row
// values of deviation 1, from their own stream.
inline std::vector<float> make_activation(std::size_t index)
{
    std::vector<float> x(input_cases().at(index).n_per_row);
    InputRandom random(0x85EB'CA6Bu * static_cast<std::uint32_t>(index + 1));
    for (float& v : x)
        v = random.gaussian();
    return x;
}

// An importance matrix's row for case `index`: one weight a column, spread
// over (0.01, 10), with every 13th column 0 (a column no calibration token
// reached, which real matrices have).
inline std::vector<float> make_importance(std::size_t index)
{
    std::vector<float> w(input_cases().at(index).n_per_row);
    InputRandom random(0xC2B2'AE35u * static_cast<std::uint32_t>(index + 1));
    for (std::size_t i = 0; i < w.size(); ++i)
        w[i] = i % 13 == 12 ? 0.0f : random.uniform() * 10.0f + 0.01f;
    return w;
}

// Blocks of random bytes in the formats Hearth reads but whose quantizers
// need more than a float row to exercise every grid point and bit field:
// every byte random but the scales, which are kept finite and moderate so
// the digests and dots stay finite. `blocks` blocks of `block_bytes`.
struct RandomBlocksCase {
    std::string type;
    std::size_t block_elements;
    std::size_t block_bytes;
    std::vector<std::size_t> half_offsets; // fp16 scales: byte offsets in a block
};

inline const std::vector<RandomBlocksCase>& random_block_cases()
{
    static const std::vector<RandomBlocksCase> cases = {
        { "Q4_1", 32, 20, { 0, 2 } },
        { "Q5_0", 32, 22, { 0 } },
        { "Q5_1", 32, 24, { 0, 2 } },
        { "IQ4_NL", 32, 18, { 0 } },
        { "MXFP4", 32, 17, {} },
        { "Q2_K", 256, 84, { 80, 82 } },
        { "Q3_K", 256, 110, { 108 } },
        { "IQ4_XS", 256, 136, { 0 } },
        { "IQ2_XXS", 256, 66, { 0 } },
        { "IQ2_XS", 256, 74, { 0 } },
        { "IQ2_S", 256, 82, { 0 } },
        { "IQ3_XXS", 256, 98, { 0 } },
        { "IQ3_S", 256, 110, { 0 } },
        { "IQ1_S", 256, 50, { 0 } },
        { "IQ1_M", 256, 56, {} },
        { "TQ1_0", 256, 54, { 52 } },
        { "TQ2_0", 256, 66, { 64 } },
    };
    return cases;
}

inline constexpr std::size_t kRandomBlockElements = 65536; // 256 super-blocks: most grid points, many times

inline std::vector<std::uint8_t> make_random_blocks(std::size_t index)
{
    const RandomBlocksCase& c = random_block_cases().at(index);
    const std::size_t blocks = kRandomBlockElements / c.block_elements;
    std::vector<std::uint8_t> bytes(blocks * c.block_bytes);
    InputRandom random(0xC2B2'AE35u * static_cast<std::uint32_t>(index + 1));
    for (std::uint8_t& b : bytes)
        b = static_cast<std::uint8_t>(random.next() >> 24);
    for (std::size_t block = 0; block < blocks; ++block) {
        std::uint8_t* p = bytes.data() + block * c.block_bytes;
        for (std::size_t offset : c.half_offsets) {
            // Sign random, exponent 8..11: magnitudes 2^-7 .. 2^-4.
            const std::uint32_t r = random.next();
            const std::uint16_t half = static_cast<std::uint16_t>((r & 0x8000) | 0x2000 | (r & 0x0FFF));
            p[offset] = static_cast<std::uint8_t>(half & 0xFF);
            p[offset + 1] = static_cast<std::uint8_t>(half >> 8);
        }
        if (c.type == "MXFP4") // the shared exponent: 2^-8 .. 2^1
            p[0] = static_cast<std::uint8_t>(119 + random.next() % 10);
        if (c.type == "IQ1_M") // the scale's top bits sit in byte 55: exponent below 16
            p[55] = static_cast<std::uint8_t>(p[55] & ~0x40);
    }
    return bytes;
}

// FNV-1a, 64 bits, over the bytes of `data`: the fixture stores ggml's
// dequantized rows as this digest rather than as floats.
inline std::uint64_t fnv1a(const void* data, std::size_t bytes)
{
    const auto* p = static_cast<const unsigned char*>(data);
    std::uint64_t hash = 0xcbf2'9ce4'8422'2325ull;
    for (std::size_t i = 0; i < bytes; ++i) {
        hash ^= p[i];
        hash *= 0x100'0000'01b3ull;
    }
    return hash;
}

} // namespace hearth::quant_reference
