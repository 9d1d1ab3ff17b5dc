#include "app/hub/hub_model_shape.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace hearth::app {

namespace {

std::uint32_t number(const QJsonObject& config, const char* key, std::uint32_t fallback = 0)
{
    const QJsonValue value = config.value(QLatin1String(key));
    return value.isDouble() && value.toDouble() > 0 ? static_cast<std::uint32_t>(value.toDouble()) : fallback;
}

} // namespace

std::optional<ModelShape> shapeFromConfig(const QJsonObject& outer, QString* error)
{
    // Multimodal configs keep the language model's numbers in text_config.
    const QJsonObject config
        = outer.contains(QLatin1String("text_config")) && !outer.contains(QLatin1String("hidden_size"))
        ? outer.value(QLatin1String("text_config")).toObject()
        : outer;
    ModelShape shape;
    shape.architecture = config.value(QLatin1String("model_type"))
                             .toString(outer.value(QLatin1String("model_type")).toString())
                             .toStdString();
    shape.hidden = number(config, "hidden_size", number(config, "n_embd"));
    shape.layers = number(config, "num_hidden_layers", number(config, "n_layer"));
    shape.heads = number(config, "num_attention_heads", number(config, "n_head"));
    shape.kv_heads = number(config, "num_key_value_heads", shape.heads);
    shape.head_dim = number(config, "head_dim", shape.heads ? shape.hidden / shape.heads : 0);
    shape.ffn = number(config, "intermediate_size", 4 * shape.hidden);
    shape.vocab = number(config, "vocab_size");
    shape.max_context = number(config, "max_position_embeddings", 4096);
    shape.tied_embeddings = config.value(QLatin1String("tie_word_embeddings")).toBool(false);
    shape.attention_bias = config.value(QLatin1String("attention_bias")).toBool(shape.architecture == "qwen2");
    shape.experts
        = number(config, "num_local_experts", number(config, "n_routed_experts", number(config, "num_experts")));
    if (shape.experts > 0) {
        shape.experts_used = number(config, "num_experts_per_tok", 2);
        shape.shared_experts = number(config, "n_shared_experts");
        shape.expert_ffn = number(config, "moe_intermediate_size", shape.ffn);
        shape.dense_layers = number(config, "first_k_dense_replace");
    }
    if (!shape.hidden || !shape.layers || !shape.heads || !shape.vocab) {
        if (error)
            *error = QCoreApplication::translate("HubModelShape",
                "config.json lacks hidden_size, num_hidden_layers, num_attention_heads or vocab_size.");
        return std::nullopt;
    }
    return shape;
}

PlanModel plannedFromGguf(const ModelShape& shape, qint64 fileBytes, const QString& quantization)
{
    const ParameterCount counted = count_parameters(shape);
    const double perParameter = counted.total() ? static_cast<double>(fileBytes) / counted.total() : 0;
    StoredWeights stored;
    for (const std::uint64_t layer : counted.per_layer)
        stored.layer_bytes.push_back(static_cast<std::uint64_t>(layer * perParameter));
    stored.embedding_bytes = static_cast<std::uint64_t>(counted.embedding * perParameter);
    stored.output_bytes = static_cast<std::uint64_t>(counted.output * perParameter);
    stored.parameters = counted.total();
    stored.quantization = quantization.toStdString();
    return PlanModel { shape, stored };
}

QString baseModelOf(const QJsonObject& modelInfo)
{
    const QJsonValue base = modelInfo.value(QLatin1String("cardData")).toObject().value(QLatin1String("base_model"));
    if (base.isArray())
        return base.toArray().first().toString();
    return base.toString();
}

} // namespace hearth::app
