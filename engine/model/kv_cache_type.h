#pragma once

namespace hearth {

// How a CPU pass stores cached keys and values; the GPU keeps half floats.
enum class KvCacheType { F16, F32 };

} // namespace hearth
