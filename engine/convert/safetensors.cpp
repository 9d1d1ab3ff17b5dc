#include "engine/convert/safetensors.h"

#include <cstring>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

namespace hearth {

namespace {

using Json = nlohmann::json;

std::uint64_t dtype_bytes(const std::string& dtype)
{
    if (dtype == "F32")
        return 4;
    if (dtype == "F16" || dtype == "BF16")
        return 2;
    return 0;
}

} // namespace

std::uint64_t SafetensorsTensor::elements() const
{
    std::uint64_t count = 1;
    for (const auto extent : shape)
        count *= extent;
    return count;
}

SafetensorsCheckpoint SafetensorsCheckpoint::open(const std::filesystem::path& folder)
{
    SafetensorsCheckpoint checkpoint;
    const auto index = folder / "model.safetensors.index.json";
    if (std::filesystem::exists(index)) {
        std::ifstream in(index);
        Json json;
        try {
            json = Json::parse(in);
        } catch (const Json::exception& e) {
            throw ConvertError(index.string() + ": not valid JSON (" + e.what() + ")");
        }
        if (!json.contains("weight_map") || !json["weight_map"].is_object())
            throw ConvertError(index.string() + ": no weight_map");
        std::set<std::string> shards;
        for (const auto& [tensor, file] : json["weight_map"].items())
            if (file.is_string())
                shards.insert(file.get<std::string>());
        for (const auto& shard : shards) {
            if (shard.find('/') != std::string::npos || shard.find("..") != std::string::npos)
                throw ConvertError(index.string() + ": shard name " + shard + " leaves the folder");
            checkpoint.read_file(folder / shard);
        }
    } else if (std::filesystem::exists(folder / "model.safetensors")) {
        checkpoint.read_file(folder / "model.safetensors");
    } else {
        throw ConvertError(folder.string()
            + ": no model.safetensors or model.safetensors.index.json (only "
              "safetensors checkpoints can be converted)");
    }
    return checkpoint;
}

void SafetensorsCheckpoint::read_file(const std::filesystem::path& path)
{
    if (!std::filesystem::exists(path))
        throw ConvertError(path.string() + ": missing (the index names it)");
    try {
        m_files.emplace_back(path);
    } catch (const std::system_error& e) {
        throw ConvertError(e.what());
    }
    const auto bytes = m_files.back().bytes();
    const auto fail = [&](const std::string& what) { throw ConvertError(path.string() + ": " + what); };
    if (bytes.size() < 8)
        fail("too short for a safetensors header");
    std::uint64_t header_size = 0;
    std::memcpy(&header_size, bytes.data(), 8);
    if (header_size > bytes.size() - 8)
        fail("its header says " + std::to_string(header_size) + " bytes, more than the file holds (truncated?)");
    Json header;
    try {
        header = Json::parse(std::string_view(reinterpret_cast<const char*>(bytes.data() + 8), header_size));
    } catch (const Json::exception& e) {
        fail(std::string("the header is not valid JSON (") + e.what() + ")");
    }
    if (!header.is_object())
        fail("the header is not a JSON object");
    const auto data = bytes.subspan(8 + header_size);
    for (const auto& [name, entry] : header.items()) {
        if (name == "__metadata__")
            continue;
        SafetensorsTensor tensor;
        tensor.name = name;
        try {
            tensor.dtype = entry.at("dtype").get<std::string>();
            tensor.shape = entry.at("shape").get<std::vector<std::uint64_t>>();
            const auto offsets = entry.at("data_offsets").get<std::vector<std::uint64_t>>();
            if (offsets.size() != 2 || offsets[0] > offsets[1] || offsets[1] > data.size())
                fail("tensor " + name + " lies outside the file");
            const std::uint64_t size = dtype_bytes(tensor.dtype);
            if (size == 0)
                fail("tensor " + name + " is " + tensor.dtype + "; Hearth converts F32, F16 and BF16 checkpoints");
            if (tensor.elements() * size != offsets[1] - offsets[0])
                fail("tensor " + name + ": its shape does not match its bytes");
            tensor.data = data.subspan(offsets[0], offsets[1] - offsets[0]);
        } catch (const Json::exception&) {
            fail("tensor " + name + " lacks dtype, shape or data_offsets");
        }
        m_index[tensor.name] = m_tensors.size();
        m_tensors.push_back(std::move(tensor));
    }
}

const SafetensorsTensor* SafetensorsCheckpoint::find(std::string_view name) const
{
    const auto it = m_index.find(std::string(name));
    return it == m_index.end() ? nullptr : &m_tensors[it->second];
}

} // namespace hearth
