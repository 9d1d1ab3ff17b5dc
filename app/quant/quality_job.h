#pragma once

#include <atomic>
#include <functional>

#include "app/quant/background_job.h"
#include "app/quant/quality_report.h"
#include "engine/model/forward_pass.h"

namespace hearth::app {

// Measures one model file on a worker thread: perplexity on a text, KL
// divergence against a reference (when given), generation speed here.
class QualityJob : public BackgroundJob {
    Q_OBJECT
public:
    struct Request {
        QString model;
        QString reference; // empty: perplexity only
        QString text; // the text scored
        quint32 context = 512;
        quint32 maxChunks = 0; // 0: the whole text
        unsigned threads = 0;
        QString quantization; // the row's label
        // Where to run: the first GPU when the machine has one (asked on
        // the measuring thread), else `device` and `gpu`.
        bool firstGpuWhenThere = false;
        ComputeDevice device = ComputeDevice::Cpu;
        int gpu = 0;
    };

    using BackgroundJob::BackgroundJob;

    void start(const Request& request);

    // The measure itself, on the calling thread (hearth eval's, the job's
    // worker's): `progress` gets the share of chunks scored. Throws the
    // engine's errors, EvalCancelled when `cancel` is set.
    static QualityRow measure(
        const Request& request, const std::atomic<bool>* cancel, const std::function<void(double fraction)>& progress);

signals:
    void progress(double fraction);
    void finished(const hearth::app::QualityRow& row);
    void failed(const QString& error);
    void cancelled();
};

} // namespace hearth::app
