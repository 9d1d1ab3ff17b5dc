#pragma once

#include <QString>
#include <QStringList>

#include <optional>

#include "app/plan/catalog.h"
#include "engine/plan/memory_plan.h"

namespace hearth::app {

// A model the planner can work on, from the catalog or from a GGUF file.
struct PlannedModel {
    PlanModel engine; // shape, and exact stored weights for a file
    QString id; // catalog id, or the file's name
    QString displayName;
    QString filePath; // empty for catalog models
    QString hfRepo;
    QString awqRepo;
    bool clusterOnly = false;
    // Tensor types in the file that this build cannot compute with ("NVFP4"):
    // the file plans like any other but will not load.
    QStringList unrunnableTypes;
};

PlannedModel plannedModelFromCatalog(const CatalogModel& model);
// Reads the file's header (memory-mapped); nullopt with a message naming the
// file and the problem when it is not a usable GGUF model.
std::optional<PlannedModel> openModelFile(const QString& path, QString* error);
// A path to an existing file, else a catalog id or name.
std::optional<PlannedModel> resolvePlannedModel(const QString& spec, QString* error);

} // namespace hearth::app
