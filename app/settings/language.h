#pragma once

#include <QList>
#include <QString>

class QCoreApplication;

namespace hearth::app {

struct Language {
    QString code; // "zh_CN"; empty for "follow the system"
    QString nativeName; // as its speakers write it
};

// The languages Hearth is translated into (English is the source).
QList<Language> availableLanguages();

// Loads Hearth's and Qt's translations for `chosen`, or for the system
// locale when `chosen` is empty. Returns the locale name in use.
QString installTranslations(QCoreApplication& app, const QString& chosen);

} // namespace hearth::app
