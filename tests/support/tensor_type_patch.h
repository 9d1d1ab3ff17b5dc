#pragma once

// Rewrites the type id in the directory entry of one tensor of a GGUF file:
// a file holding a type this build cannot run (NVFP4, an id no build knows),
// for the tests of how Hearth marks and refuses such files.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::test {

inline bool patch_tensor_type(const std::filesystem::path& path, std::string_view name, std::uint32_t type)
{
    std::vector<char> bytes;
    {
        std::ifstream in(path, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    const auto at = std::search(bytes.begin(), bytes.end(), name.begin(), name.end());
    if (at == bytes.end())
        return false;
    // name, then the dimension count (uint32), the dimensions (uint64 each), the type.
    const auto after_name = static_cast<std::size_t>(at - bytes.begin()) + name.size();
    std::uint32_t dims = 0;
    std::memcpy(&dims, bytes.data() + after_name, sizeof dims);
    std::memcpy(bytes.data() + after_name + 4 + 8 * dims, &type, sizeof type);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return bool(out);
}

} // namespace hearth::test
