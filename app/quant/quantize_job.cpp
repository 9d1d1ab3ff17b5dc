#include "app/quant/quantize_job.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QRegularExpression>

#include "engine/gguf/gguf_file.h"
#include "engine/model/model.h"
#include "engine/runtime/compute_importance.h"
#include "engine/runtime/evaluate.h"

namespace hearth::app {

QString QuantizeJob::defaultOutput(const QString& input, ModelQuant target)
{
    const QFileInfo info(input);
    static const QRegularExpression stated(
        QStringLiteral("[-_.](f32|f16|bf16|q[0-9]_[0-9k](_[sml])?|q[0-9]_k(_[sml])?)$"),
        QRegularExpression::CaseInsensitiveOption);
    QString stem = info.completeBaseName();
    stem.remove(stated);
    return info.dir().filePath(
        QStringLiteral("%1-%2.gguf").arg(stem, QString::fromLatin1(model_quant_name(target).data())));
}

void QuantizeJob::start(const Request& request)
{
    if (isRunning())
        return;
    runInBackground<QuantizeJob>([request](const std::atomic<bool>& cancel, auto post) {
        QElapsedTimer clock;
        clock.start();
        try {
            const GgufFile input = GgufFile::open(request.input.toStdString());
            std::optional<ImportanceMatrix> importance;
            if (!request.importance.isEmpty() && !request.importanceText.isEmpty()
                && !QFileInfo::exists(request.importance)) {
                const auto model = Model::open(request.input.toStdString());
                const QByteArray text = request.importanceText.toUtf8();
                const auto tokens = model->tokenizer().encode(
                    std::string_view(text.constData(), std::size_t(text.size())), EncodeOptions { false, false });
                ImportanceOptions computing;
                computing.threads = request.threads;
                computing.max_chunks = 32;
                computing.cancel = &cancel;
                post([](QuantizeJob& job) { emit job.progress(0.0, tr("importance matrix")); });
                const ImportanceMatrix computed = compute_importance(*model, tokens, computing);
                const auto chunks = std::uint32_t(std::min<std::size_t>(
                    computing.max_chunks, tokens.size() / std::max<std::uint32_t>(1, computing.context)));
                computed.save(request.importance.toStdString(), chunks, computing.context, { "calibration text" });
            }
            if (!request.importance.isEmpty())
                importance = ImportanceMatrix::load(request.importance.toStdString());
            QuantizeOptions options;
            options.importance = importance ? &*importance : nullptr;
            options.target = request.target;
            options.threads = request.threads;
            options.cancel = &cancel;
            options.progress = [&](const QuantizeProgress& done) {
                const double fraction = done.elements ? double(done.elements_done) / double(done.elements) : 1.0;
                const QString tensor = QString::fromUtf8(done.tensor.data(), qsizetype(done.tensor.size()));
                post([fraction, tensor](QuantizeJob& job) { emit job.progress(fraction, tensor); });
            };
            quantize_model(input, request.output.toStdString(), options);
            const double seconds = clock.elapsed() / 1000.0;
            post([output = request.output, seconds](QuantizeJob& job) { emit job.finished(output, seconds); });
        } catch (const QuantizeCancelled&) {
            post([](QuantizeJob& job) { emit job.cancelled(); });
        } catch (const EvalCancelled&) {
            post([](QuantizeJob& job) { emit job.cancelled(); });
        } catch (const std::exception& error) {
            post([message = QString::fromUtf8(error.what())](QuantizeJob& job) { emit job.failed(message); });
        }
    });
}

} // namespace hearth::app
