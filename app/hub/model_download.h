#pragma once

#include <QList>
#include <QString>

#include "app/hub/download_job.h"
#include "app/hub/hub_files.h"

namespace hearth::app {

class HubClient;

// The files to download for one quantization of a repository: each into
// FOLDER/<repository's name>/, the first part standing for a split model in
// the library.
QList<DownloadJob> downloadJobsFor(
    const HubClient& hub, const QString& repository, const QuantizationGroup& group, const QString& folder);

// The files of a checkpoint, into FOLDER/<repository's name>/; the folder
// stands for them all, so the queue announces it once every file is there.
QList<DownloadJob> checkpointJobsFor(
    const HubClient& hub, const QString& repository, const QList<HubFile>& files, const QString& folder);

// The bytes still to come, less what earlier runs left in .part files.
qint64 bytesStillNeeded(const QList<DownloadJob>& jobs);

// Why `jobs` cannot start in `folder` (it cannot be made, or the disk is too
// full — counting `extraBytes` more, for what will be made of them), in the
// user's words; empty when they can.
QString downloadProblem(const QList<DownloadJob>& jobs, const QString& folder, qint64 extraBytes = 0);

} // namespace hearth::app
