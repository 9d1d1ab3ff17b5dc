#include "app/plan/planned_model.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <system_error>

#include "engine/gguf/gguf_file.h"
#include "engine/model/model_config.h"
#include "engine/quant/dequantize.h"

namespace hearth::app {

PlannedModel plannedModelFromCatalog(const CatalogModel& model)
{
    PlannedModel planned;
    planned.engine = { model.shape, std::nullopt };
    planned.id = model.id;
    planned.displayName = model.name;
    planned.hfRepo = model.hfRepo;
    planned.awqRepo = model.awqRepo;
    planned.clusterOnly = model.clusterOnly;
    return planned;
}

std::optional<PlannedModel> openModelFile(const QString& path, QString* error)
{
    // The engine reports bad files with exceptions; the application speaks in
    // messages, so they stop here.
    try {
        const auto file = GgufFile::open(path.toStdString());
        PlannedModel planned;
        planned.engine.shape = shape_from_gguf(file);
        planned.engine.stored = stored_weights(file, planned.engine.shape);
        planned.id = QFileInfo(path).fileName();
        const auto name = file.get_string("general.name");
        planned.displayName = name ? QString::fromUtf8(name->data(), static_cast<qsizetype>(name->size())) : planned.id;
        planned.filePath = QFileInfo(path).absoluteFilePath();
        planned.clusterOnly = !is_supported_architecture(planned.engine.shape.architecture);
        std::vector<std::uint32_t> types;
        for (const auto& tensor : file.tensors())
            types.push_back(static_cast<std::uint32_t>(tensor.type));
        for (const std::string& type : quant::unrunnable_type_names(types))
            planned.unrunnableTypes << QString::fromStdString(type);
        return planned;
    } catch (const GgufError& e) {
        *error = QString::fromUtf8(e.what());
    } catch (const std::system_error& e) {
        *error = QString::fromUtf8(e.what());
    }
    return std::nullopt;
}

std::optional<PlannedModel> resolvePlannedModel(const QString& spec, QString* error)
{
    if (QFileInfo(spec).isFile())
        return openModelFile(spec, error);
    if (const auto* model = ModelCatalog::builtIn().find(spec))
        return plannedModelFromCatalog(*model);
    *error = QCoreApplication::translate(
        "PlannedModel", "%1: no such file, and not a model in the catalog (see hearth plan --list)")
                 .arg(spec);
    return std::nullopt;
}

} // namespace hearth::app
