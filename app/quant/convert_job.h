#pragma once

#include <QString>

#include "engine/gguf/ggml_type.h"

#include "app/quant/background_job.h"

namespace hearth::app {

// A Hugging Face checkpoint folder converted to one GGUF file on a worker
// thread, with progress and cancel; the file appears only when complete.
class ConvertJob : public BackgroundJob {
    Q_OBJECT
public:
    struct Request {
        QString folder;
        QString output;
        GgmlType type = GgmlType::F16;
    };

    using BackgroundJob::BackgroundJob;

    void start(const Request& request);

    // "models/Qwen2.5-0.5B-Instruct" → "models/Qwen2.5-0.5B-Instruct-F16.gguf"
    static QString defaultOutput(const QString& folder, GgmlType type);

signals:
    void progress(double fraction);
    void finished(const QString& output, double seconds);
    void failed(const QString& error);
    void cancelled();
};

} // namespace hearth::app
