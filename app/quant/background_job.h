#pragma once

#include <QFuture>
#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QtConcurrent>

#include <atomic>
#include <memory>

namespace hearth::app {

// A long task (converting, quantizing, measuring) on a worker thread with a
// cancel flag; what it reports reaches this object's thread as long as the
// object lives. Destroying the job cancels the task and waits for it.
class BackgroundJob : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    ~BackgroundJob() override
    {
        cancel();
        m_future.waitForFinished();
    }

    void cancel() { *m_cancel = true; }
    bool isRunning() const { return m_future.isRunning(); }

protected:
    // Runs work(cancel, post) on a worker thread: `cancel` is the flag for
    // the engine, post(f) calls f(job) on this object's thread.
    template <typename Job, typename Work> void runInBackground(Work work)
    {
        m_cancel = std::make_shared<std::atomic<bool>>(false);
        QPointer<Job> self(static_cast<Job*>(this));
        m_future = QtConcurrent::run([work = std::move(work), self, cancel = m_cancel] {
            const auto post = [self](auto emitter) {
                QMetaObject::invokeMethod(
                    self,
                    [self, emitter] {
                        if (self)
                            emitter(*self);
                    },
                    Qt::QueuedConnection);
            };
            work(*cancel, post);
        });
    }

private:
    QFuture<void> m_future;
    std::shared_ptr<std::atomic<bool>> m_cancel = std::make_shared<std::atomic<bool>>(false);
};

} // namespace hearth::app
