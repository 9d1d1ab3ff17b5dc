#pragma once

#include <QString>

#include <functional>
#include <optional>

#include "app/hub/hub_files.h"
#include "engine/gguf/gguf_type_census.h"

namespace hearth::app {

class HubClient;

// Which tensor types a GGUF file on the hub holds, read from its header
// before anyone downloads it. The header runs on as long as the vocabulary
// does (megabytes for 150 000 tokens): the reader asks for the first 64 KiB,
// then for more after what it has, four times as much in all each time, up to
// kMaxHubHeaderBytes. Given `like`, the census of the same model in another
// quantization, it first tries a window around where that file's tensor
// directory lay — half a megabyte instead of the whole header.
// `done` gets the census, or why there is none.
using HubFileTypesCallback = std::function<void(const GgufTypeCensus& census, const QString& error)>;
inline constexpr qint64 kMaxHubHeaderBytes = 64ll << 20;
void readHubFileTypes(HubClient& hub, const QString& repository, const HubFile& file,
    const std::optional<GgufTypeCensus>& like, HubFileTypesCallback done);

} // namespace hearth::app
