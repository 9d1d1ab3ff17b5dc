#include "cli/device_option.h"

#include <QTextStream>

#include "cli/cli.h"

namespace hearth::app {

QCommandLineOption DeviceOption::option()
{
    return QCommandLineOption(
        QStringLiteral("device"), tr("Where to run: cpu or cuda (default cpu)."), tr("device"), QStringLiteral("cpu"));
}

int DeviceOption::check(const QString& command, const QString& value, QTextStream& err)
{
    if (value == QLatin1String("cpu"))
        return ExitOk;
    if (value == QLatin1String("cuda")) {
        err << tr("hearth %1: the CUDA engine is not part of this version yet; use --device cpu\n").arg(command);
        return ExitFailure;
    }
    err << tr("hearth %1: --device is cpu or cuda\n").arg(command);
    return ExitUsage;
}

} // namespace hearth::app
