#include "app/hub/repository_details.h"

#include <QJsonDocument>
#include <QPointer>

#include "app/hub/hub_client.h"
#include "app/hub/hub_file_types.h"
#include "app/hub/hub_model_shape.h"
#include "engine/model/model_config.h"
#include "engine/quant/dequantize.h"

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
    if (m_shape) { // verdicts already given were for another machine
        judge();
        emit filesChanged();
    }
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
    m_typesToRead.clear();
    m_typeIds.clear();
    m_firstCensus.reset();
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
            m_quantizations << Quantization { group, std::nullopt, std::nullopt, QString(), QString() };
        m_checkpoint = checkpointFiles(files);
        m_filesLoaded = true;
        judge();
        emit filesChanged();
        for (int group = 0; group < m_quantizations.size(); ++group)
            for (const HubFile& file : m_quantizations[group].group.files)
                m_typesToRead.append({ group, file });
        readNextTypes(generation);
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

void RepositoryDetails::readNextTypes(int generation)
{
    if (generation != m_generation || m_typesToRead.isEmpty())
        return;
    // Named copies: clang before 16 cannot capture a structured binding.
    const auto next = m_typesToRead.takeFirst();
    const auto group = next.first;
    readHubFileTypes(m_hub, m_repository, next.second, m_firstCensus,
        [self = QPointer(this), generation, group](const GgufTypeCensus& census, const QString& error) {
            if (!self || generation != self->m_generation)
                return;
            self->typesRead(group, census, error);
            self->readNextTypes(generation);
        });
}

void RepositoryDetails::typesRead(int group, const GgufTypeCensus& census, const QString& error)
{
    Quantization& quantization = m_quantizations[group];
    if (!error.isEmpty()) {
        // One unreadable part leaves the whole group unjudged.
        quantization.typesError = error;
        m_typesToRead.removeIf([group](const QPair<int, HubFile>& pending) { return pending.first == group; });
        emit filesChanged();
        return;
    }
    if (!m_firstCensus && census.tensor_count > 1)
        m_firstCensus = census;
    // A header read from a window around its directory does not restate the
    // architecture: the repository's first header said it.
    const std::string architecture
        = !census.architecture.empty() ? census.architecture : (m_firstCensus ? m_firstCensus->architecture : "");
    if (!architecture.empty() && !is_supported_architecture(architecture))
        quantization.unrunnableArchitecture = QString::fromStdString(architecture);
    QList<std::uint32_t>& ids = m_typeIds[group];
    for (const auto& [type, tensors] : census.tensors_by_type)
        ids.append(type);
    const bool partsLeft = std::any_of(m_typesToRead.begin(), m_typesToRead.end(),
        [group](const QPair<int, HubFile>& pending) { return pending.first == group; });
    if (partsLeft)
        return;
    QStringList names;
    for (const std::string& name : quant::unrunnable_type_names(std::span(ids.constData(), ids.size())))
        names << QString::fromStdString(name);
    quantization.unrunnableTypes = names;
    emit filesChanged();
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
    if (!m_memoryBytes)
        m_memoryBytes = systemMemoryBytes();
    for (Quantization& quantization : m_quantizations) {
        const PlanModel model
            = plannedFromGguf(*m_shape, quantization.group.totalSize, quantization.group.quantization);
        quantization.fit = fitOnThisMachine(model, m_context, m_gpus, m_memoryBytes);
    }
    if (!m_checkpoint.isEmpty()) {
        // Converted to F16: two bytes a parameter.
        const qint64 bytes = qint64(count_parameters(*m_shape).total() * 2);
        m_checkpointFit = fitOnThisMachine(
            plannedFromGguf(*m_shape, bytes, QStringLiteral("F16")), m_context, m_gpus, m_memoryBytes);
    }
}

} // namespace hearth::app
