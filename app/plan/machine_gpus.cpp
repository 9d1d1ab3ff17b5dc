#include "app/plan/machine_gpus.h"

#include <QtConcurrent>

namespace hearth::app {

MachineGpus::MachineGpus(QObject* parent)
    : MachineGpus(&MachineGpus::askDriver, parent)
{ }

MachineGpus::MachineGpus(Ask ask, QObject* parent)
    : QObject(parent)
{
    connect(&m_query, &QFutureWatcher<Snapshot>::finished, this, [this] {
        m_snapshot = m_query.result();
        m_known = true;
        emit known();
    });
    m_query.setFuture(QtConcurrent::run(std::move(ask)));
}

MachineGpus::MachineGpus(Snapshot known, QObject* parent)
    : QObject(parent)
    , m_snapshot(std::move(known))
    , m_known(true)
{ }

MachineGpus::Snapshot MachineGpus::askDriver()
{
    return { cuda_built(), local_gpus(), gpu_devices() };
}

} // namespace hearth::app
