#pragma once

#include <QFutureWatcher>
#include <QObject>

#include <functional>
#include <vector>

#include "engine/cuda/local_gpus.h"

namespace hearth::app {

// The GPUs of this machine, asked of the CUDA driver once, on a worker
// thread (its first call can take seconds, and the window must not wait),
// then kept for every page that judges whether a model fits or offers a
// device. Until they are known, gpus() and devices() are empty.
class MachineGpus : public QObject {
    Q_OBJECT
public:
    struct Snapshot {
        bool cudaBuilt = false;
        std::vector<GpuSpec> gpus; // identical cards folded, for fit
        std::vector<GpuDevice> devices; // one per device, for a choice
    };
    using Ask = std::function<Snapshot()>;

    // `ask` runs on a worker thread; by default it asks the CUDA driver.
    explicit MachineGpus(QObject* parent = nullptr);
    explicit MachineGpus(Ask ask, QObject* parent = nullptr);
    // Already known (tests, or a machine described elsewhere).
    explicit MachineGpus(Snapshot known, QObject* parent = nullptr);

    bool isKnown() const { return m_known; }
    bool cudaBuilt() const { return m_snapshot.cudaBuilt; }
    const std::vector<GpuSpec>& gpus() const { return m_snapshot.gpus; }
    const std::vector<GpuDevice>& devices() const { return m_snapshot.devices; }

    // What this process's CUDA driver reports.
    static Snapshot askDriver();

signals:
    // Once, when the answer arrives.
    void known();

private:
    QFutureWatcher<Snapshot> m_query;
    Snapshot m_snapshot;
    bool m_known = false;
};

} // namespace hearth::app
