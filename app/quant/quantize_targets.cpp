#include "app/quant/quantize_targets.h"

#include <algorithm>
#include <charconv>

#include "engine/gguf/gguf_file.h"
#include "engine/model/model_shape.h"

namespace hearth::app {

std::optional<QList<QuantizeTarget>> quantizeTargets(
    const QString& path, quint32 context, const std::vector<GpuSpec>& gpus, quint64 memoryBytes, QString* error)
{
    try {
        const GgufFile file = GgufFile::open(path.toStdString());
        const ModelShape shape = shape_from_gguf(file);
        const StoredWeights now = stored_weights(file, shape);
        QList<QuantizeTarget> targets;
        for (const ModelQuant quant : all_model_quants()) {
            if (quant == ModelQuant::MXFP4_MOE && !shape.is_moe())
                continue; // without experts it is Q8_0 under another name
            StoredWeights stored;
            stored.layer_bytes.assign(shape.layers, 0);
            stored.parameters = now.parameters;
            stored.quantization = std::string(model_quant_name(quant));
            // A type that needs an importance matrix is only ever written
            // with one, and its mix depends on that.
            std::vector<TensorQuantPlan> plan = plan_model_quant(file, quant);
            const bool needsImportance = std::any_of(plan.begin(), plan.end(), [](const TensorQuantPlan& tensor) {
                return tensor.from != tensor.to && importance_required(tensor.name, tensor.to);
            });
            if (needsImportance)
                plan = plan_model_quant(file, quant, true);
            for (const TensorQuantPlan& tensor : plan) {
                std::uint64_t elements = 1;
                for (const auto extent : tensor.shape)
                    elements *= extent;
                const std::uint64_t bytes = ggml_tensor_bytes(tensor.to, elements).value_or(0);
                int layer = -1;
                if (tensor.name.starts_with("blk."))
                    std::from_chars(tensor.name.data() + 4, tensor.name.data() + tensor.name.size(), layer);
                if (layer >= 0 && layer < int(shape.layers))
                    stored.layer_bytes[std::size_t(layer)] += bytes;
                else if (tensor.name == "token_embd.weight")
                    stored.embedding_bytes += bytes;
                else
                    stored.output_bytes += bytes;
            }
            QuantizeTarget target;
            target.quant = quant;
            target.bytes = qint64(stored.total_bytes());
            target.current = now.quantization == model_quant_name(quant);
            target.needsImportance = needsImportance;
            target.fit = fitOnThisMachine(PlanModel { shape, stored }, context, gpus, memoryBytes);
            targets << target;
        }
        return targets;
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromUtf8(e.what());
    }
    return std::nullopt;
}

} // namespace hearth::app
