#pragma once

#include <QString>

#include "engine/convert/quantize_model.h"

#include "app/quant/background_job.h"

namespace hearth::app {

// One model quantized on a worker thread, with progress and cancel; the
// output is written under a temporary name and appears only when complete.
class QuantizeJob : public BackgroundJob {
    Q_OBJECT
public:
    struct Request {
        QString input;
        QString output;
        ModelQuant target = ModelQuant::Q4_K_M;
        unsigned threads = 0; // 0: every core
        QString importance {}; // an importance matrix file (GGUF imatrix); empty: none
        // With `importance` not there yet: the calibration text it is computed
        // from (and saved to `importance`) before quantizing.
        QString importanceText {};
    };

    using BackgroundJob::BackgroundJob;

    void start(const Request& request);

    // Where a quantization of `input` goes by default: beside it, the
    // quantization in its name replaced ("qwen-7b-f16.gguf" → "qwen-7b-Q4_K_M.gguf").
    static QString defaultOutput(const QString& input, ModelQuant target);

signals:
    void progress(double fraction, const QString& tensor);
    void finished(const QString& output, double seconds);
    void failed(const QString& error);
    void cancelled();
};

} // namespace hearth::app
