#pragma once

#include <QList>
#include <QString>

#include "hub/download_job.h"
#include "hub/hub_files.h"

namespace hearth::app {

class HubClient;

// The files to download for one quantization of a repository: each into
// FOLDER/<repository's name>/, the first part standing for a split model in
// the library.
QList<DownloadJob> downloadJobsFor(
    const HubClient& hub, const QString& repository, const QuantizationGroup& group, const QString& folder);

// The bytes still to come, less what earlier runs left in .part files.
qint64 bytesStillNeeded(const QList<DownloadJob>& jobs);

// Why `jobs` cannot start in `folder` (it cannot be made, or the disk is too
// full), in the user's words; empty when they can.
QString downloadProblem(const QList<DownloadJob>& jobs, const QString& folder);

} // namespace hearth::app
