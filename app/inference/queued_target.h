#pragma once

#include <QMetaObject>
#include <QMutex>
#include <QObject>

#include <memory>
#include <utility>

namespace hearth::app {

// Calls into a QObject on its own thread from any other (the engine's) for
// as long as the object lives. The object detaches it when deleted, so
// nothing is posted to a deleted object; and nothing waits on an event loop
// that may have stopped (the API server's thread ends with answers running).
template <typename Target> class QueuedTarget {
public:
    static std::shared_ptr<QueuedTarget> attach(Target* target)
    {
        auto queued = std::shared_ptr<QueuedTarget>(new QueuedTarget(target));
        QObject::connect(target, &QObject::destroyed, [queued] { queued->detach(); });
        return queued;
    }

    // Runs call(target) on the target's thread, unless it is gone by then.
    template <typename Call> void post(Call&& call)
    {
        QMutexLocker lock(&m_mutex);
        // A target deleted after this drops the posted call with it.
        if (m_target)
            QMetaObject::invokeMethod(
                m_target, [target = m_target, call = std::forward<Call>(call)]() mutable { call(target); },
                Qt::QueuedConnection);
    }

private:
    explicit QueuedTarget(Target* target)
        : m_target(target)
    { }

    void detach()
    {
        QMutexLocker lock(&m_mutex);
        m_target = nullptr;
    }

    QMutex m_mutex;
    Target* m_target;
};

} // namespace hearth::app
