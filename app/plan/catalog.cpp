#include "app/plan/catalog.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace hearth::app {
namespace {

// The catalogs compiled into Hearth: a broken one is a build error, so fail loudly.
template <typename Catalog> Catalog parseBuiltIn(const char* path)
{
    QFile file(QString::fromLatin1(path));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("Hearth is missing its built-in resource %s", path);
    QString error;
    auto parsed = Catalog::fromJson(file.readAll(), &error);
    if (!parsed)
        qFatal("%s: %s", path, qPrintable(error));
    return *parsed;
}

std::optional<QJsonArray> arrayIn(const QByteArray& json, const char* key, QString* error)
{
    QJsonParseError parseError;
    const auto document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QCoreApplication::translate("Catalog", "catalog is not valid JSON: %1").arg(parseError.errorString());
        return std::nullopt;
    }
    if (!document.object().value(QLatin1String(key)).isArray()) {
        *error = QCoreApplication::translate("Catalog", "catalog has no \"%1\" list").arg(QLatin1String(key));
        return std::nullopt;
    }
    return document.object().value(QLatin1String(key)).toArray();
}

std::uint32_t count(const QJsonObject& object, const char* key)
{
    return static_cast<std::uint32_t>(object.value(QLatin1String(key)).toInteger());
}

} // namespace

const ModelCatalog& ModelCatalog::builtIn()
{
    static const auto catalog = parseBuiltIn<ModelCatalog>(":/catalog/models.json");
    return catalog;
}

std::optional<ModelCatalog> ModelCatalog::fromJson(const QByteArray& json, QString* error)
{
    const auto entries = arrayIn(json, "models", error);
    if (!entries)
        return std::nullopt;
    ModelCatalog catalog;
    for (const auto& entry : *entries) {
        const auto o = entry.toObject();
        CatalogModel m;
        m.id = o.value(QLatin1String("id")).toString();
        m.name = o.value(QLatin1String("name")).toString();
        m.family = o.value(QLatin1String("family")).toString();
        m.hfRepo = o.value(QLatin1String("hf_repo")).toString();
        m.awqRepo = o.value(QLatin1String("awq_repo")).toString();
        m.licence = o.value(QLatin1String("licence")).toString();
        m.ggufRepo = o.value(QLatin1String("gguf_repo")).toString();
        for (const auto& use : o.value(QLatin1String("good_for")).toArray())
            m.goodFor << use.toString();
        m.summary = o.value(QLatin1String("summary")).toString();
        m.summaryZh = o.value(QLatin1String("summary_zh")).toString();
        m.publishedParamsB = o.value(QLatin1String("published_params_b")).toDouble();
        m.clusterOnly = o.value(QLatin1String("cluster_only")).toBool();
        auto& s = m.shape;
        s.architecture = o.value(QLatin1String("architecture")).toString().toStdString();
        s.layers = count(o, "layers");
        s.hidden = count(o, "hidden");
        s.heads = count(o, "heads");
        s.kv_heads = count(o, "kv_heads");
        s.head_dim = count(o, "head_dim");
        s.ffn = count(o, "ffn");
        s.vocab = count(o, "vocab");
        s.max_context = count(o, "context");
        s.tied_embeddings = o.value(QLatin1String("tied_embeddings")).toBool();
        s.attention_bias = o.value(QLatin1String("attention_bias")).toBool();
        s.experts = count(o, "experts");
        s.experts_used = count(o, "experts_used");
        s.shared_experts = count(o, "shared_experts");
        s.expert_ffn = count(o, "expert_ffn");
        s.dense_layers = count(o, "dense_layers");
        s.q_lora_rank = count(o, "q_lora_rank");
        s.kv_lora_rank = count(o, "kv_lora_rank");
        s.rope_head_dim = count(o, "rope_head_dim");
        s.nope_head_dim = count(o, "nope_head_dim");
        s.v_head_dim = count(o, "v_head_dim");
        // Sliding windows: every other layer (gpt-oss), or as "sliding_window_period" says.
        s.sliding_window = count(o, "sliding_window");
        const std::uint32_t period
            = o.contains(QLatin1String("sliding_window_period")) ? count(o, "sliding_window_period") : 2;
        for (std::uint32_t layer = 0; layer < s.layers; ++layer)
            s.windowed_layers += windowed_layer(layer, s.sliding_window, period);
        if (m.id.isEmpty() || s.layers == 0 || s.hidden == 0 || s.heads == 0 || s.kv_heads == 0 || s.vocab == 0) {
            *error = QCoreApplication::translate(
                "Catalog", "catalog entry \"%1\" lacks its id, layers, hidden size, heads, KV heads or vocabulary")
                         .arg(m.id);
            return std::nullopt;
        }
        catalog.m_models.append(m);
    }
    return catalog;
}

const CatalogModel* ModelCatalog::find(const QString& id) const
{
    for (const auto& model : m_models)
        if (model.id.compare(id, Qt::CaseInsensitive) == 0 || model.name.compare(id, Qt::CaseInsensitive) == 0)
            return &model;
    return nullptr;
}

const GpuCatalog& GpuCatalog::builtIn()
{
    static const auto catalog = parseBuiltIn<GpuCatalog>(":/catalog/gpus.json");
    return catalog;
}

std::optional<GpuCatalog> GpuCatalog::fromJson(const QByteArray& json, QString* error)
{
    const auto entries = arrayIn(json, "gpus", error);
    if (!entries)
        return std::nullopt;
    GpuCatalog catalog;
    for (const auto& entry : *entries) {
        const auto o = entry.toObject();
        GpuSpec gpu;
        gpu.name = o.value(QLatin1String("name")).toString().toStdString();
        gpu.capacity_bytes = static_cast<std::uint64_t>(o.value(QLatin1String("capacity_mib")).toInteger()) << 20;
        gpu.bandwidth_gb_s = o.value(QLatin1String("bandwidth_gb_s")).toDouble();
        if (gpu.name.empty() || gpu.capacity_bytes == 0) {
            *error = QCoreApplication::translate("Catalog", "GPU catalog entry lacks a name or capacity_mib");
            return std::nullopt;
        }
        catalog.m_gpus.append(gpu);
    }
    return catalog;
}

const GpuSpec* GpuCatalog::find(const QString& name) const
{
    for (const auto& gpu : m_gpus)
        if (QString::fromStdString(gpu.name).compare(name, Qt::CaseInsensitive) == 0)
            return &gpu;
    const GpuSpec* match = nullptr;
    for (const auto& gpu : m_gpus) {
        if (QString::fromStdString(gpu.name).contains(name, Qt::CaseInsensitive)) {
            if (match)
                return nullptr; // ambiguous: "A100" names two cards
            match = &gpu;
        }
    }
    return match;
}

} // namespace hearth::app
