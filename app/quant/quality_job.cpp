#include "app/quant/quality_job.h"

#include <QFileInfo>

#include "engine/cuda/local_gpus.h"
#include "engine/model/model.h"
#include "engine/runtime/evaluate.h"
#include "engine/runtime/speed_test.h"

namespace hearth::app {

QualityRow QualityJob::measure(
    const Request& request, const std::atomic<bool>* cancel, const std::function<void(double fraction)>& progress)
{
    const auto model = Model::open(request.model.toStdString());
    std::shared_ptr<const Model> reference;
    if (!request.reference.isEmpty())
        reference = Model::open(request.reference.toStdString());
    const QByteArray text = request.text.toUtf8();
    const auto tokens = model->tokenizer().encode(
        std::string_view(text.constData(), std::size_t(text.size())), EncodeOptions { false, false });
    EvalOptions options;
    options.device = request.device;
    options.gpu = request.gpu;
    if (request.firstGpuWhenThere && !gpu_devices().empty()) {
        options.device = ComputeDevice::Cuda;
        options.gpu = 0;
    }
    options.context = request.context;
    options.max_chunks = request.maxChunks;
    options.threads = request.threads;
    options.cancel = cancel;
    options.progress = [&](std::size_t done, std::size_t chunks) {
        if (progress)
            progress(double(done) / double(chunks));
    };
    const EvalResult result = evaluate(*model, tokens, reference.get(), options);
    // A short generation run: the speed this file decodes at here.
    SpeedTestOptions speed;
    speed.prompt_tokens = 64;
    speed.generated_tokens = 32;
    speed.repetitions = 1;
    speed.threads = request.threads;
    // On the device the measure ran on (a model the GPU could not hold ran on the CPU).
    speed.device = result.device.kind;
    speed.gpu = options.gpu;
    const SpeedTestResult measured = measure_speed(*model, speed);
    QualityRow row;
    row.quantization = request.quantization;
    row.path = request.model;
    row.sizeBytes = QFileInfo(request.model).size();
    row.perplexity = result.perplexity;
    row.perplexityError = result.perplexity_error;
    row.klDivergence = result.kl_divergence;
    row.klDivergenceP99 = result.kl_divergence_p99;
    row.sameTopToken = result.same_top_token;
    row.tokensPerSecond = measured.generated_tokens_per_s;
    row.tokens = qint64(result.tokens);
    row.chunks = qint64(result.chunks);
    row.seconds = result.seconds;
    row.device = QString::fromStdString(result.device.name);
    return row;
}

void QualityJob::start(const Request& request)
{
    if (isRunning())
        return;
    runInBackground<QualityJob>([request](const std::atomic<bool>& cancel, auto post) {
        try {
            const QualityRow row = measure(request, &cancel,
                [&](double fraction) { post([fraction](QualityJob& job) { emit job.progress(0.9 * fraction); }); });
            post([row](QualityJob& job) { emit job.finished(row); });
        } catch (const EvalCancelled&) {
            post([](QualityJob& job) { emit job.cancelled(); });
        } catch (const std::exception& error) {
            post([message = QString::fromUtf8(error.what())](QualityJob& job) { emit job.failed(message); });
        }
    });
}

} // namespace hearth::app
