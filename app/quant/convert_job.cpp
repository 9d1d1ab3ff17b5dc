#include "app/quant/convert_job.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>

#include "engine/convert/convert_checkpoint.h"

namespace hearth::app {

QString ConvertJob::defaultOutput(const QString& folder, GgmlType type)
{
    const QFileInfo info(QDir::cleanPath(folder));
    const char* suffix = type == GgmlType::F32 ? "F32" : type == GgmlType::BF16 ? "BF16" : "F16";
    return info.dir().filePath(QStringLiteral("%1-%2.gguf").arg(info.fileName(), QString::fromLatin1(suffix)));
}

void ConvertJob::start(const Request& request)
{
    if (isRunning())
        return;
    runInBackground<ConvertJob>([request](const std::atomic<bool>& cancel, auto post) {
        QElapsedTimer clock;
        clock.start();
        try {
            ConvertOptions options;
            options.type = request.type;
            options.cancel = &cancel;
            options.progress = [&](std::size_t done, std::size_t tensors) {
                const double fraction = double(done) / double(tensors);
                post([fraction](ConvertJob& job) { emit job.progress(fraction); });
            };
            convert_checkpoint(request.folder.toStdString(), request.output.toStdString(), options);
            post([output = request.output, seconds = clock.elapsed() / 1000.0](
                     ConvertJob& job) { emit job.finished(output, seconds); });
        } catch (const ConvertCancelled&) {
            post([](ConvertJob& job) { emit job.cancelled(); });
        } catch (const std::exception& error) {
            post([message = QString::fromUtf8(error.what())](ConvertJob& job) { emit job.failed(message); });
        }
    });
}

} // namespace hearth::app
