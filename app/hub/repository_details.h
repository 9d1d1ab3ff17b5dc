#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPair>

#include <optional>
#include <vector>

#include "app/hub/hub_files.h"
#include "app/plan/machine_fit.h"
#include "engine/gguf/gguf_type_census.h"
#include "engine/model/model_shape.h"
#include "engine/plan/gpu_fit.h"

namespace hearth::app {

class HubClient;

// What Discover shows of one repository, fetched together: its GGUF files
// grouped by quantization, each with the planner's verdict for this
// machine and whether this build runs every tensor type its header lists; its card (README.md, Markdown, without the
// YAML header); and its config.json — the repository's own, else its base model's, which is where the shape of a GGUF
// repository is found.
class RepositoryDetails : public QObject {
    Q_OBJECT
public:
    struct Quantization {
        QuantizationGroup group;
        std::optional<MachineFit> fit; // once the shape is known
        // The tensor types of its files that this build cannot compute with,
        // from their headers on the hub: nullopt until every part was read,
        // empty when all of them run. `typesError`: why they could not be read.
        std::optional<QStringList> unrunnableTypes;
        QString typesError;
        // The architecture its header names when this build does not run it
        // ("gemma3"), else empty.
        QString unrunnableArchitecture;
        bool runs() const { return unrunnableTypes && unrunnableTypes->isEmpty() && unrunnableArchitecture.isEmpty(); }
        bool wontRun() const
        {
            return !unrunnableArchitecture.isEmpty() || (unrunnableTypes && !unrunnableTypes->isEmpty());
        }
    };

    explicit RepositoryDetails(HubClient& hub, QObject* parent = nullptr);

    // Starts over for `repository`; `knownShape` (from the catalog) spares
    // the config.json lookup. Answers still coming for an earlier one are dropped.
    void load(const QString& repository, const std::optional<ModelShape>& knownShape = std::nullopt);
    // The machine the verdicts are for (by default this one's memory and no
    // GPU: the caller knows the GPUs, asked off the GUI thread).
    void setMachine(std::vector<GpuSpec> gpus, quint64 memoryBytes);
    // The context the verdicts are judged at (default 4096).
    void setContext(quint32 tokens) { m_context = tokens; }

    QString repository() const { return m_repository; }
    const QList<Quantization>& quantizations() const { return m_quantizations; }
    bool filesLoaded() const { return m_filesLoaded; } // the file list has arrived
    // The checkpoint to download and convert, when the repository has one;
    // `checkpointFit` is the verdict for it converted to F16.
    const QList<HubFile>& checkpoint() const { return m_checkpoint; }
    std::optional<MachineFit> checkpointFit() const { return m_checkpointFit; }
    QString readme() const { return m_readme; }
    QByteArray config() const { return m_config; } // indented JSON; empty when none was found
    QString configSource() const { return m_configSource; } // the repository it came from
    std::optional<ModelShape> shape() const { return m_shape; }

signals:
    void filesChanged();
    void readmeChanged();
    void configChanged();
    void failed(const QString& error);

private:
    void configFound(const QByteArray& bytes, const QString& from);
    // Reads the next file's header, one file at a time: a repository lists
    // dozens of files, and the first header read makes the others cheap.
    void readNextTypes(int generation);
    void typesRead(int group, const GgufTypeCensus& census, const QString& error);
    void judge();

    HubClient& m_hub;
    int m_generation = 0;
    QString m_repository;
    QList<Quantization> m_quantizations;
    bool m_filesLoaded = false;
    QList<HubFile> m_checkpoint;
    std::optional<MachineFit> m_checkpointFit;
    QString m_readme;
    QByteArray m_config;
    QString m_configSource;
    std::optional<ModelShape> m_shape;
    // Files whose headers are still to be read, as (group, file) pairs.
    QList<QPair<int, HubFile>> m_typesToRead;
    QHash<int, QList<std::uint32_t>> m_typeIds; // per group, as its parts are read
    std::optional<GgufTypeCensus> m_firstCensus; // the template for the others
    std::vector<GpuSpec> m_gpus;
    quint64 m_memoryBytes = 0;
    quint32 m_context = 4096;
};

// README.md without its YAML front matter ("---" … "---").
QString readmeBody(const QString& markdown);

} // namespace hearth::app
