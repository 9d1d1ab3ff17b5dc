#pragma once

// e^x on the vectors of a VectorOps (cpu/vector_ops_avx2.h,
// cpu/vector_ops_avx512.h), for the files compiled with that level.
//
// Written here rather than taken from a vector maths library: it is the one
// function the engine's element-wise kernels need, and a library would have
// to come along to every machine the engine is built on.

#include <algorithm>
#include <array>
#include <cstddef>

namespace hearth::cpu {

// e^x in double precision: x = n ln 2 + r with |r| ≤ ln 2 / 2, e^r by its
// Taylor series to r^11 (the first term left out is below 2^-46), times 2^n.
template <typename Ops> typename Ops::D exp_double(typename Ops::D x)
{
    static constexpr auto kInverseFactorials = [] {
        std::array<double, 12> c {};
        double factorial = 1.0;
        for (std::size_t k = 0; k < c.size(); ++k)
            c[k] = 1.0 / (factorial *= static_cast<double>(std::max<std::size_t>(k, 1)));
        return c;
    }();
    const auto n = Ops::round(Ops::mul(x, Ops::set1d(1.4426950408889634)));
    // ln 2 in two parts, the first with few enough bits that n × it is exact.
    auto r = Ops::fma(n, Ops::set1d(-0.6931471803691238), x);
    r = Ops::fma(n, Ops::set1d(-1.9082149292705877e-10), r);
    auto p = Ops::set1d(kInverseFactorials[11]);
    for (int k = 10; k >= 0; --k)
        p = Ops::fma(p, r, Ops::set1d(kInverseFactorials[k]));
    return Ops::mul(p, Ops::pow2(n));
}

// e^x as cpu::exp_rounded_once (ops.h) gives it: evaluated in double and
// rounded once, the correctly rounded float but for values within 2^-46 of a
// midpoint between two floats. Below −104 the result is 0, above 89
// infinity.
template <typename Ops> typename Ops::V vector_exp(typename Ops::V x)
{
    x = Ops::min(Ops::max(x, Ops::set1(-104.0f)), Ops::set1(89.0f));
    return Ops::narrow(exp_double<Ops>(Ops::widen_low(x)), exp_double<Ops>(Ops::widen_high(x)));
}

} // namespace hearth::cpu
