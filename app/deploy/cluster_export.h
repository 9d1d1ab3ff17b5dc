#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include "app/plan/plan_report.h"

namespace hearth::app {

// The files of a vLLM deployment for a plan: the launch command, a compose
// file with a health check, and nginx in front with TLS, an API-key check
// and unbuffered streaming.
struct ClusterDeployment {
    QString launchScript; // vllm-serve.sh
    QString composeFile; // docker-compose.yml
    QString nginxConfig; // nginx.conf
    QString apiKeys; // api-keys.map, one generated key
    QString readme; // README.txt: what to do next
    int tensorParallel = 1;
    int pipelineParallel = 1; // nodes, when one node's 8 GPUs are not enough
};

class ClusterExport {
    Q_DECLARE_TR_FUNCTIONS(ClusterExport)
public:
    static constexpr int kGpusPerNode = 8;
    static constexpr double kGpuMemoryUtilization = 0.90;

    // nullopt with a message when no number of the target GPUs holds the model.
    static std::optional<ClusterDeployment> make(const PlanReport& report, const QString& apiKey, QString* error);
    // Writes the files into `directory` (created if needed); returns the paths written.
    static std::optional<QStringList> write(
        const ClusterDeployment& deployment, const QString& directory, QString* error);
    static QString generateApiKey();
};

} // namespace hearth::app
