#pragma once

#include <QList>
#include <QPair>
#include <QString>

#include <optional>

#include "engine/plan/memory_plan.h"

namespace hearth::app {

// What the Models area shows beside a selected model, read from its file:
// every metadata key (long arrays summarised), the chat template, and the
// shape the planner works from. Reads the header only; safe on a worker thread.
struct ModelDetails {
    QList<QPair<QString, QString>> metadata;
    QString chatTemplate;
    std::optional<PlanModel> plan;
    QString error;
};

ModelDetails readModelDetails(const QString& path);

} // namespace hearth::app
