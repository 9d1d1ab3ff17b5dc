#include "app/hub/transfer_text.h"

#include <QLocale>

namespace hearth::app {

QString TransferText::speed(double bytesPerSecond)
{
    return tr("%1/s").arg(QLocale().formattedDataSize(qint64(bytesPerSecond), 1));
}

QString TransferText::timeLeft(qint64 seconds)
{
    if (seconds < 0)
        return QStringLiteral("—");
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    if (seconds < 3600)
        return tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    return tr("%1 h %2 min").arg(seconds / 3600).arg(seconds % 3600 / 60);
}

QString TransferText::progress(qint64 received, qint64 total)
{
    const QLocale locale;
    if (total < 0)
        return locale.formattedDataSize(received, 1);
    return tr("%1 of %2").arg(locale.formattedDataSize(received, 1), locale.formattedDataSize(total, 1));
}

} // namespace hearth::app
