#include "app/library/model_details.h"

#include "engine/gguf/gguf_file.h"
#include "engine/model/model_shape.h"

namespace hearth::app {

ModelDetails readModelDetails(const QString& path)
{
    ModelDetails details;
    try {
        const auto file = GgufFile::open(path.toStdString());
        for (const auto& [key, value] : file.metadata()) {
            if (key == "tokenizer.chat_template")
                continue;
            details.metadata.append({ QString::fromUtf8(key.data(), static_cast<qsizetype>(key.size())),
                QString::fromStdString(value.to_display_string()) });
        }
        if (const auto text = file.get_string("tokenizer.chat_template"))
            details.chatTemplate = QString::fromUtf8(text->data(), static_cast<qsizetype>(text->size()));
        PlanModel plan;
        plan.shape = shape_from_gguf(file);
        plan.stored = stored_weights(file, plan.shape);
        details.plan = plan;
    } catch (const std::exception& e) {
        details.error = QString::fromUtf8(e.what());
    }
    return details;
}

} // namespace hearth::app
