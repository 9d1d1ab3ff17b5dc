#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

#include "app/plan/planned_model.h"
#include "engine/plan/gpu_fit.h"
#include "engine/plan/seed_estimate.h"

namespace hearth::app {

struct GpuRow {
    GpuSpec gpu;
    GpuFit fit;
};

// Everything the planner says about one model and one set of choices: the
// exact memory plan, the deployment guide's quick estimate, and the fit on
// every GPU (this machine's first, then the catalog's).
struct PlanReport {
    PlannedModel model;
    PlanOptions options;
    MemoryPlan memory;
    SeedEstimate seed;
    QList<GpuRow> gpus;
    int target = -1; // the GPU the user plans for; index into gpus
    QString targetReason; // why that one was chosen

    const GpuRow& targetRow() const { return gpus.at(target); }
    // The model does not fit one target GPU whole, or Hearth does not run it:
    // the plan points to a cluster deployment.
    bool needsCluster() const { return model.clusterOnly || !targetRow().fit.fits; }
};

struct PlanRequest {
    PlannedModel model;
    PlanOptions options;
    QString targetGpu; // a GPU name or part of one; empty = this machine's, else RTX 4090
};

class Planner {
    Q_DECLARE_TR_FUNCTIONS(Planner)
public:
    // `localGpus` is what the machine has (local_gpus()); tests pass their own.
    static std::optional<PlanReport> plan(const PlanRequest& request, const QList<GpuSpec>& localGpus, QString* error);

    // One line per number saying how it was computed.
    static QStringList explanations(const PlanReport& report);
    // Why the quick estimate and the exact plan differ.
    static QString seedComparison(const PlanReport& report);
    static QJsonObject toJson(const PlanReport& report);
    static QString toText(const PlanReport& report);
};

QString formatGiB(std::uint64_t bytes);

} // namespace hearth::app
