#include "app/settings/language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace hearth::app {

QList<Language> availableLanguages()
{
    return { { QStringLiteral("en"), QStringLiteral("English") },
        { QStringLiteral("zh_CN"), QStringLiteral("简体中文") } };
}

QString installTranslations(QCoreApplication& app, const QString& chosen)
{
    const QLocale locale = chosen.isEmpty() ? QLocale::system() : QLocale(chosen);
    QLocale::setDefault(locale);
    // Parented to the application: they live until the language changes again.
    const QString name = QStringLiteral("hearth-translation");
    for (auto* old : app.findChildren<QTranslator*>(name, Qt::FindDirectChildrenOnly)) {
        QCoreApplication::removeTranslator(old);
        delete old;
    }
    auto* hearth = new QTranslator(&app);
    hearth->setObjectName(name);
    if (hearth->load(locale, QStringLiteral("hearth"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(hearth);
    auto* qt = new QTranslator(&app);
    qt->setObjectName(name);
    if (qt->load(
            locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    return locale.name();
}

} // namespace hearth::app
