#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

#include "engine/model/model_shape.h"
#include "engine/plan/gpu_fit.h"

namespace hearth::app {

// A model Hearth knows without downloading it: its published shape and where
// it lives on the hub.
struct CatalogModel {
    QString id; // what users type: "qwen2.5-7b-instruct"
    QString name;
    QString family;
    QString hfRepo;
    QString awqRepo; // a 4-bit AWQ checkpoint vLLM can serve, when one exists
    QString ggufRepo; // where GGUF files of it are published
    QStringList goodFor; // general, chinese, code, reasoning, small
    QString summary; // what it is good for, in English
    QString summaryZh; // and in Chinese
    QString licence;
    double publishedParamsB = 0; // the size its authors state, in billions
    bool clusterOnly = false; // Hearth's engine does not run it; only a cluster plan
    ModelShape shape;

    // The summary in `language` ("zh_CN", …), English when there is none in it.
    QString summaryIn(const QString& language) const
    {
        return language.startsWith(QLatin1String("zh")) && !summaryZh.isEmpty() ? summaryZh : summary;
    }
};

class ModelCatalog {
public:
    // The catalog compiled into Hearth (resources/catalog/models.json).
    static const ModelCatalog& builtIn();
    static std::optional<ModelCatalog> fromJson(const QByteArray& json, QString* error);

    const QList<CatalogModel>& models() const { return m_models; }
    const CatalogModel* find(const QString& id) const; // case-insensitive

private:
    QList<CatalogModel> m_models;
};

class GpuCatalog {
public:
    static const GpuCatalog& builtIn(); // resources/catalog/gpus.json
    static std::optional<GpuCatalog> fromJson(const QByteArray& json, QString* error);

    const QList<GpuSpec>& gpus() const { return m_gpus; }
    // Exact name first, then a unique case-insensitive part ("4090", "h100").
    const GpuSpec* find(const QString& name) const;

private:
    QList<GpuSpec> m_gpus;
};

} // namespace hearth::app
