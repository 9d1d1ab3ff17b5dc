#pragma once

#include <QCoreApplication>
#include <QEventLoop>
#include <QObject>
#include <QString>
#include <QTextStream>
#include <QTimer>

#include <optional>

#include "app/cli/stop_request.h"

namespace hearth::app {

// What a command says when its job did not finish.
class JobText {
    Q_DECLARE_TR_FUNCTIONS(JobText)
public:
    static QString failed(const QString& command, const QString& error)
    {
        return tr("\nhearth %1: %2\n").arg(command, error);
    }
    static QString stopped(const QString& command)
    {
        return tr("\nhearth %1: stopped; nothing was written\n").arg(command);
    }
};

// Runs a job (one with ConvertJob's and QuantizeJob's finished, failed and
// cancelled signals) that `start` starts, until it ends; Ctrl-C cancels it.
// Says on `err` why it did not finish. The seconds it took, or nothing.
template <typename Job, typename Start>
std::optional<double> runUntilDone(Job& job, const QString& command, QTextStream& err, Start start)
{
    QEventLoop loop;
    std::optional<double> seconds;
    QObject::connect(&job, &Job::finished, &loop, [&](const QString&, double took) {
        seconds = took;
        loop.quit();
    });
    QObject::connect(&job, &Job::failed, &loop, [&](const QString& error) {
        err << JobText::failed(command, error);
        loop.quit();
    });
    QObject::connect(&job, &Job::cancelled, &loop, [&] {
        err << JobText::stopped(command);
        loop.quit();
    });
    const StopRequest stop;
    QTimer watch;
    QObject::connect(&watch, &QTimer::timeout, &job, [&job, &stop] {
        if (stop.requested())
            job.cancel();
    });
    watch.start(100);
    start();
    loop.exec();
    return seconds;
}

} // namespace hearth::app
