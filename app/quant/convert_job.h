#pragma once

#include <QFuture>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

#include "gguf/ggml_type.h"

namespace hearth::app {

// A Hugging Face checkpoint folder converted to one GGUF file on a worker
// thread, with progress and cancel; the file appears only when complete.
class ConvertJob : public QObject {
    Q_OBJECT
public:
    struct Request {
        QString folder;
        QString output;
        GgmlType type = GgmlType::F16;
    };

    explicit ConvertJob(QObject* parent = nullptr);
    ~ConvertJob() override; // cancels and waits

    void start(const Request& request);
    void cancel();
    bool isRunning() const { return m_future.isRunning(); }

    // "models/Qwen2.5-0.5B-Instruct" → "models/Qwen2.5-0.5B-Instruct-F16.gguf"
    static QString defaultOutput(const QString& folder, GgmlType type);

signals:
    void progress(double fraction);
    void finished(const QString& output, double seconds);
    void failed(const QString& error);
    void cancelled();

private:
    QFuture<void> m_future;
    std::shared_ptr<std::atomic<bool>> m_cancel = std::make_shared<std::atomic<bool>>(false);
};

} // namespace hearth::app
