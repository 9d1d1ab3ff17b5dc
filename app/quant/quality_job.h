#pragma once

#include <QFuture>
#include <QObject>

#include <atomic>
#include <memory>

#include "quant/quality_report.h"

namespace hearth::app {

// Measures one model file on a worker thread: perplexity on a text, KL
// divergence against a reference (when given), generation speed here.
class QualityJob : public QObject {
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
    };

    explicit QualityJob(QObject* parent = nullptr);
    ~QualityJob() override; // cancels and waits

    void start(const Request& request);
    void cancel();
    bool isRunning() const { return m_future.isRunning(); }

signals:
    void progress(double fraction);
    void finished(const hearth::app::QualityRow& row);
    void failed(const QString& error);
    void cancelled();

private:
    QFuture<void> m_future;
    std::shared_ptr<std::atomic<bool>> m_cancel = std::make_shared<std::atomic<bool>>(false);
};

} // namespace hearth::app
