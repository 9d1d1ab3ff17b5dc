#include "engine/gguf/gguf_file.h"

#include <algorithm>
#include <limits>
#include <unordered_set>

#include "engine/gguf/gguf_cursor.h"

namespace hearth {
namespace {

constexpr std::uint32_t kMagic = 0x46554747; // "GGUF" read as a little-endian uint32
constexpr std::uint32_t kMaxDims = 4; // GGML_MAX_DIMS

// "4 812 300 112": byte offsets in messages stay readable.
std::string with_separators(std::uint64_t n)
{
    const std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            out += ' ';
        out += digits[i];
    }
    return out;
}

void fail_at(const void* context, const std::string& what, std::uint64_t at)
{
    const auto* source = static_cast<const std::string*>(context);
    throw GgufError(*source + ": " + what + " (at byte " + with_separators(at)
        + "): the file is truncated or corrupt — download or convert it again");
}

[[noreturn]] void fail_plain(const std::string& source, const std::string& what)
{
    throw GgufError(source + ": " + what);
}

std::uint32_t byte_swap(std::uint32_t v)
{
    return (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);
}

} // namespace

GgufFile GgufFile::open(const std::filesystem::path& path)
{
    GgufFile file;
    file.m_source = path.filename().string();
    file.m_mapping.emplace(path);
    file.m_bytes = file.m_mapping->bytes();
    file.parse_all();
    return file;
}

GgufFile GgufFile::parse(std::span<const std::byte> bytes, std::string source)
{
    GgufFile file;
    file.m_source = std::move(source);
    file.m_bytes = bytes;
    file.parse_all();
    return file;
}

void GgufFile::parse_all()
{
    if (m_bytes.size() < 4)
        fail_plain(m_source,
            "only " + std::to_string(m_bytes.size())
                + " bytes long — not a GGUF model (an empty or interrupted download?)");
    GgufCursor in(m_bytes, 0, fail_at, &m_source);
    if (in.read<std::uint32_t>("magic") != kMagic)
        fail_plain(m_source,
            "does not start with \"GGUF\" — not a GGUF model file "
            "(safetensors and PyTorch checkpoints must be converted first)");

    m_version = in.read<std::uint32_t>("version");
    if (m_version == 1)
        fail_plain(m_source, "is GGUF version 1, which is no longer supported — convert the model again");
    if (byte_swap(m_version) == 2 || byte_swap(m_version) == 3)
        fail_plain(m_source, "is a big-endian GGUF file; Hearth reads little-endian files only");
    if (m_version != 2 && m_version != 3)
        fail_plain(m_source,
            "has GGUF version " + std::to_string(m_version)
                + "; Hearth reads versions 2 and 3 — is Hearth up to date?");

    const auto tensor_count = in.read<std::uint64_t>("tensor count");
    const auto kv_count = in.read<std::uint64_t>("metadata count");
    // Smallest encodings: a key-value is key length + type + one byte; a tensor
    // info is name length + dims count + type + offset.
    if (kv_count > in.remaining() / 13)
        in.fail("metadata count " + with_separators(kv_count) + " cannot fit in the file");
    if (tensor_count > in.remaining() / 24)
        in.fail("tensor count " + with_separators(tensor_count) + " cannot fit in the file");

    m_metadata.reserve(kv_count);
    std::unordered_set<std::string_view> keys;
    for (std::uint64_t i = 0; i < kv_count; ++i) {
        const auto key = in.read_string("metadata key");
        if (!keys.insert(key).second)
            in.fail("metadata key \"" + std::string(key) + "\" appears twice");
        const auto type = in.read<std::uint32_t>("metadata value type");
        if (!gguf_type_known(type))
            in.fail("metadata \"" + std::string(key) + "\" has unknown value type " + std::to_string(type));
        m_metadata.emplace_back(key, in.read_value(static_cast<GgufType>(type)));
    }

    if (const auto* alignment = find("general.alignment")) {
        const auto value = alignment->as_uint();
        if (alignment->type() != GgufType::UInt32 || !value || *value == 0 || (*value & (*value - 1)) != 0)
            fail_plain(
                m_source, "general.alignment must be a power-of-two uint32, not " + alignment->to_display_string());
        m_alignment = *value;
    }

    m_tensors.reserve(tensor_count);
    std::unordered_set<std::string_view> names;
    for (std::uint64_t i = 0; i < tensor_count; ++i) {
        GgufTensorInfo tensor;
        tensor.name = in.read_string("tensor name");
        const std::string name(tensor.name);
        if (!names.insert(tensor.name).second)
            in.fail("tensor " + name + " appears twice");
        const auto dims = in.read<std::uint32_t>("tensor dimension count");
        if (dims == 0 || dims > kMaxDims)
            in.fail("tensor " + name + " has " + std::to_string(dims) + " dimensions (1 to 4 allowed)");
        tensor.elements = 1;
        for (std::uint32_t d = 0; d < dims; ++d) {
            const auto extent = in.read<std::uint64_t>("tensor dimension");
            if (extent == 0
                || extent > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) / tensor.elements)
                in.fail("tensor " + name + " has an impossible shape (dimension " + std::to_string(d) + " is "
                    + with_separators(extent) + ")");
            tensor.shape.push_back(extent);
            tensor.elements *= extent;
        }
        const auto type = in.read<std::uint32_t>("tensor type");
        const auto traits = ggml_type_traits(type);
        if (!traits)
            in.fail("tensor " + name + " has unknown type " + std::to_string(type)
                + ", a weight format newer than this version of Hearth: update Hearth, or download the model in "
                  "a common quantization (Q4_K_M, Q5_K_M, Q6_K, Q8_0 or F16)");
        tensor.type = static_cast<GgmlType>(type);
        if (tensor.shape[0] % traits->block_elements != 0)
            in.fail("tensor " + name + " has " + std::to_string(tensor.shape[0]) + " columns, not a multiple of "
                + std::string(traits->name) + "'s block of " + std::to_string(traits->block_elements));
        tensor.bytes = *ggml_tensor_bytes(tensor.type, tensor.elements); // fits: elements < 2^63
        tensor.offset = in.read<std::uint64_t>("tensor offset");
        if (tensor.offset % m_alignment != 0)
            in.fail("tensor " + name + " starts at offset " + with_separators(tensor.offset)
                + ", not a multiple of the alignment " + std::to_string(m_alignment));
        m_tensors.push_back(std::move(tensor));
    }

    const auto directory_end = in.position();
    m_data_offset = (directory_end + m_alignment - 1) / m_alignment * m_alignment;
    const std::uint64_t size = m_bytes.size();
    for (const auto& tensor : m_tensors) {
        const auto start = m_data_offset + tensor.offset; // offset < file size checked below
        if (tensor.offset > size || start > size || tensor.bytes > size - start)
            fail_plain(m_source,
                "tensor " + std::string(tensor.name) + " ends at byte "
                    + with_separators(m_data_offset + tensor.offset + tensor.bytes) + ", past the end of the file ("
                    + with_separators(size) + "): the file is truncated — download it again");
    }
}

const GgufValue* GgufFile::find(std::string_view key) const
{
    for (const auto& [name, value] : m_metadata)
        if (name == key)
            return &value;
    return nullptr;
}

std::optional<std::uint64_t> GgufFile::get_uint(std::string_view key) const
{
    const auto* value = find(key);
    return value ? value->as_uint() : std::nullopt;
}

std::optional<double> GgufFile::get_float(std::string_view key) const
{
    const auto* value = find(key);
    return value ? value->as_float() : std::nullopt;
}

std::optional<std::string_view> GgufFile::get_string(std::string_view key) const
{
    const auto* value = find(key);
    return value ? value->as_string() : std::nullopt;
}

const GgufTensorInfo* GgufFile::find_tensor(std::string_view name) const
{
    const auto it = std::find_if(m_tensors.begin(), m_tensors.end(), [&](const auto& t) { return t.name == name; });
    return it == m_tensors.end() ? nullptr : &*it;
}

std::span<const std::byte> GgufFile::tensor_data(const GgufTensorInfo& tensor) const
{
    return m_bytes.subspan(m_data_offset + tensor.offset, tensor.bytes);
}

void GgufFile::check_intact() const
{
    if (m_mapping)
        if (const auto damage = m_mapping->damage(); !damage.empty())
            throw GgufError(damage);
}

std::uint64_t GgufFile::tensor_bytes() const
{
    std::uint64_t total = 0;
    for (const auto& tensor : m_tensors)
        total += tensor.bytes;
    return total;
}

std::uint64_t GgufFile::tensor_elements() const
{
    std::uint64_t total = 0;
    for (const auto& tensor : m_tensors)
        total += tensor.elements;
    return total;
}

} // namespace hearth
