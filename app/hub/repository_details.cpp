#include "hub/repository_details.h"

#include <QJsonDocument>

#include "hub/hub_client.h"
#include "hub/hub_model_shape.h"
#include "plan/local_gpus.h"

namespace hearth::app {

QString readmeBody(const QString& markdown)
{
    if (!markdown.startsWith(QStringLiteral("---")))
        return markdown;
    const qsizetype end = markdown.indexOf(QStringLiteral("\n---"), 3);
    if (end < 0)
        return markdown;
    const qsizetype next = markdown.indexOf(QLatin1Char('\n'), end + 4);
    return next < 0 ? QString() : markdown.mid(next + 1).trimmed();
}

RepositoryDetails::RepositoryDetails(HubClient& hub, QObject* parent)
    : QObject(parent)
    , m_hub(hub)
{ }

void RepositoryDetails::setMachine(std::vector<GpuSpec> gpus, quint64 memoryBytes)
{
    m_gpus = std::move(gpus);
    m_memoryBytes = memoryBytes;
}

void RepositoryDetails::load(const QString& repository, const std::optional<ModelShape>& knownShape)
{
    const int generation = ++m_generation;
    m_repository = repository;
    m_quantizations.clear();
    m_filesLoaded = false;
    m_checkpoint.clear();
    m_checkpointFit.reset();
    m_readme.clear();
    m_config.clear();
    m_configSource.clear();
    m_shape = knownShape;
    emit filesChanged();
    emit readmeChanged();
    emit configChanged();

    m_hub.listFiles(repository, [this, generation](const QList<HubFile>& files, const QString& error) {
        if (generation != m_generation)
            return;
        if (!error.isEmpty()) {
            emit failed(error);
            return;
        }
        for (const QuantizationGroup& group : groupByQuantization(files))
            m_quantizations << Quantization { group, std::nullopt };
        m_checkpoint = checkpointFiles(files);
        m_filesLoaded = true;
        judge();
        emit filesChanged();
        // Where the shape is: the repository's config.json, else its base model's.
        const bool ownConfig = std::any_of(
            files.begin(), files.end(), [](const HubFile& file) { return file.path == QStringLiteral("config.json"); });
        if (ownConfig) {
            m_hub.fetchFile(m_repository, QStringLiteral("config.json"),
                [this, generation](const QByteArray& bytes, const QString& problem) {
                    if (generation == m_generation && problem.isEmpty())
                        configFound(bytes, m_repository);
                });
            return;
        }
        m_hub.modelInfo(m_repository, [this, generation](const QJsonObject& info, const QString& problem) {
            const QString base = baseModelOf(info);
            if (generation != m_generation || !problem.isEmpty() || base.isEmpty())
                return;
            m_hub.fetchFile(base, QStringLiteral("config.json"),
                [this, generation, base](const QByteArray& bytes, const QString& missing) {
                    if (generation == m_generation && missing.isEmpty())
                        configFound(bytes, base);
                });
        });
    });
    m_hub.fetchFile(
        repository, QStringLiteral("README.md"), [this, generation](const QByteArray& bytes, const QString& error) {
            if (generation != m_generation)
                return;
            m_readme = error.isEmpty() ? readmeBody(QString::fromUtf8(bytes)) : QString();
            emit readmeChanged();
        });
}

void RepositoryDetails::configFound(const QByteArray& bytes, const QString& from)
{
    const QJsonDocument config = QJsonDocument::fromJson(bytes);
    if (!config.isObject())
        return;
    m_config = config.toJson(QJsonDocument::Indented);
    m_configSource = from;
    emit configChanged();
    if (!m_shape) {
        m_shape = shapeFromConfig(config.object());
        judge();
        emit filesChanged();
    }
}

void RepositoryDetails::judge()
{
    if (!m_shape)
        return;
    if (!m_gpus)
        setMachine(local_gpus(), systemMemoryBytes());
    for (Quantization& quantization : m_quantizations) {
        const PlanModel model
            = plannedFromGguf(*m_shape, quantization.group.totalSize, quantization.group.quantization);
        quantization.fit = fitOnThisMachine(model, m_context, *m_gpus, m_memoryBytes);
    }
    if (!m_checkpoint.isEmpty()) {
        // Converted to F16: two bytes a parameter.
        const qint64 bytes = qint64(count_parameters(*m_shape).total() * 2);
        m_checkpointFit = fitOnThisMachine(
            plannedFromGguf(*m_shape, bytes, QStringLiteral("F16")), m_context, *m_gpus, m_memoryBytes);
    }
}

} // namespace hearth::app
