#include "app/quant/checkpoint_conversions.h"

#include "app/library/model_library.h"
#include "app/quant/convert_job.h"

namespace hearth::app {

CheckpointConversions::CheckpointConversions(ModelLibrary& library, QObject* parent)
    : QObject(parent)
    , m_library(library)
    , m_job(new ConvertJob(this))
{
    connect(m_job, &ConvertJob::finished, this, [this](const QString& model) {
        m_library.addFiles({ model });
        emit converted(m_current, model);
        m_current.clear();
        next();
    });
    connect(m_job, &ConvertJob::failed, this, [this](const QString& error) {
        emit failed(m_current, error);
        m_current.clear();
        next();
    });
    connect(m_job, &ConvertJob::cancelled, this, [this] {
        m_current.clear();
        next();
    });
}

void CheckpointConversions::convert(const QString& folder)
{
    if (folder == m_current || m_waiting.contains(folder))
        return;
    m_waiting << folder;
    if (m_current.isEmpty())
        next();
}

void CheckpointConversions::next()
{
    if (m_waiting.isEmpty())
        return;
    m_current = m_waiting.takeFirst();
    emit started(m_current);
    m_job->start({ m_current, ConvertJob::defaultOutput(m_current, GgmlType::F16), GgmlType::F16 });
}

} // namespace hearth::app
