#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/convert/quantize_model.h"
#include "engine/model/model_shape.h"

namespace hearth {

class Model;

// Published shapes a synthetic model can take, by name ("llama-3.1-8b",
// "qwen2.5-7b", "qwen3-30b-a3b", …), and "tiny" and "tiny-moe" (two small
// layers, dense or of experts) for tests.
std::optional<ModelShape> synthetic_shape(std::string_view name);
std::vector<std::string> synthetic_shape_names();

// A model of `shape` with random weights in `quant` (with llama.cpp's
// per-tensor mix for the _M and _S kinds) and a placeholder vocabulary, for
// measuring speed without downloading a model: the bytes a step reads are
// those of a real model of that shape and format; the text it writes is
// noise. Written to a file in `folder` that is deleted once mapped, so it
// lives in memory (the page cache) only as long as the model.
std::shared_ptr<const Model> synthetic_model(const ModelShape& shape, ModelQuant quant,
    const std::filesystem::path& folder = std::filesystem::temp_directory_path());

} // namespace hearth
