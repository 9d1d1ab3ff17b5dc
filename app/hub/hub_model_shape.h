#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

#include "engine/model/model_shape.h"
#include "engine/plan/memory_plan.h"

namespace hearth::app {

// The shape a hub repository's config.json states (transformers' names:
// hidden_size, num_hidden_layers, …), for planning before a download.
// nullopt, with `error` set, when the numbers the planner needs are missing.
std::optional<ModelShape> shapeFromConfig(const QJsonObject& config, QString* error = nullptr);

// A model of `shape` stored as a GGUF of `fileBytes` in `quantization`: the
// bytes shared between layers and embeddings as their parameters are. Near
// enough to judge the fit: the planner's KV cache and buffers are exact.
PlanModel plannedFromGguf(const ModelShape& shape, qint64 fileBytes, const QString& quantization);

// The base model a repository's card names (cardData.base_model), from
// GET /api/models/{repo}; empty when none. GGUF repositories rarely carry a
// config.json, but their base model does.
QString baseModelOf(const QJsonObject& modelInfo);

} // namespace hearth::app
