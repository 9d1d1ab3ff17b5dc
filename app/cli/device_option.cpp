#include "app/cli/device_option.h"

#include <QCommandLineParser>
#include <QTextStream>

#include "app/cli/cli.h"
#include "engine/cuda/local_gpus.h"

namespace hearth::app {

QList<QCommandLineOption> DeviceOption::options()
{
    return {
        QCommandLineOption(QStringLiteral("device"),
            tr("Where to run: cpu, cuda (the first GPU) or cuda:N (default cpu)."), tr("device"),
            QStringLiteral("cpu")),
        QCommandLineOption(QStringLiteral("gpu-layers"),
            tr("With a GPU: how many layers it runs, the CPU the rest (default: all that fit)."), tr("N")),
    };
}

int DeviceOption::check(const QString& command, const QCommandLineParser& parser, QTextStream& err, Choice& choice)
{
    const QString value = parser.value(QStringLiteral("device"));
    if (parser.isSet(QStringLiteral("gpu-layers"))) {
        bool valid = false;
        const uint layers = parser.value(QStringLiteral("gpu-layers")).toUInt(&valid);
        if (!valid) {
            err << tr("hearth %1: --gpu-layers needs a whole number that is not negative\n").arg(command);
            return ExitUsage;
        }
        choice.gpuLayers = layers;
    }
    if (value == QLatin1String("cpu")) {
        choice.device = ComputeDevice::Cpu;
        return ExitOk;
    }
    int gpu = 0;
    bool valid = value == QLatin1String("cuda");
    if (value.startsWith(QLatin1String("cuda:")))
        gpu = value.mid(5).toInt(&valid);
    if (!valid || gpu < 0) {
        err << tr("hearth %1: --device is cpu, cuda or cuda:N\n").arg(command);
        return ExitUsage;
    }
    if (!cuda_built()) {
        err << tr("hearth %1: this build of Hearth has no GPU support; use --device cpu\n").arg(command);
        return ExitFailure;
    }
    const auto devices = gpu_devices();
    if (gpu >= static_cast<int>(devices.size())) {
        err << (devices.empty()
                ? tr("hearth %1: no GPU can be used here (no NVIDIA driver, or no GPU); use --device cpu\n")
                      .arg(command)
                : tr("hearth %1: there is no GPU %2 (this machine has %3); use --device cuda:0\n")
                      .arg(command)
                      .arg(gpu)
                      .arg(devices.size()));
        return ExitFailure;
    }
    choice.device = ComputeDevice::Cuda;
    choice.gpu = gpu;
    return ExitOk;
}

} // namespace hearth::app
