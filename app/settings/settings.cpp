#include "settings/settings.h"

namespace hearth::app {

namespace {
const QString kLanguageKey = QStringLiteral("ui/language");
}

Settings::Settings(QObject* parent)
    : QObject(parent)
{ }

QString Settings::language() const
{
    return m_settings.value(kLanguageKey).toString();
}

void Settings::setLanguage(const QString& language)
{
    if (language == this->language())
        return;
    m_settings.setValue(kLanguageKey, language);
    emit languageChanged(language);
}

} // namespace hearth::app
