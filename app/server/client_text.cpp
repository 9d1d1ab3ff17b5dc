#include "app/server/client_text.h"

namespace hearth::app {

ClientText::ClientText(const OutputRedactor& redactor, const QStringList& stops)
    : m_redactor(redactor)
{
    if (stops.isEmpty())
        return;
    std::vector<std::string> bytes;
    for (const QString& stop : stops)
        bytes.push_back(stop.toStdString());
    m_stops.emplace(std::move(bytes));
}

QString ClientText::cut(const QString& redacted)
{
    if (!m_stops)
        return redacted;
    const auto result = m_stops->push(redacted.toStdString());
    m_stopped = result.stopped;
    return QString::fromStdString(result.text);
}

QString ClientText::push(const QString& piece)
{
    if (m_stopped)
        return {};
    return cut(m_redactor.push(piece));
}

QString ClientText::finish(OutputRedactor::Ending ending)
{
    if (m_stopped)
        return {};
    QString rest = cut(m_redactor.finish(ending));
    if (m_stops && !m_stopped)
        rest += QString::fromStdString(m_stops->finish());
    return rest;
}

} // namespace hearth::app
