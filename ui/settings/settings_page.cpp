#include "settings/settings_page.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QVBoxLayout>

#include "settings/language.h"
#include "settings/settings.h"

namespace hearth::ui {

SettingsPage::SettingsPage(app::Settings& settings, QWidget* parent)
    : QWidget(parent)
    , m_settings(settings)
{
    m_language = new QComboBox;
    m_language->setObjectName(QStringLiteral("language"));
    m_language->addItem(tr("System default (%1)").arg(QLocale::system().nativeLanguageName()), QString());
    for (const auto& language : app::availableLanguages())
        m_language->addItem(language.nativeName, language.code);
    m_language->setCurrentIndex(std::max(0, m_language->findData(m_settings.language())));

    auto* restartNote = new QLabel(tr("Hearth uses the new language the next time it starts."));
    restartNote->setObjectName(QStringLiteral("restartNote"));
    restartNote->setWordWrap(true);
    restartNote->setVisible(false);

    auto* form = new QFormLayout;
    form->addRow(tr("&Language:"), m_language);
    form->addRow(restartNote);
    auto* box = new QGroupBox(tr("Interface"));
    box->setLayout(form);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(box);
    layout->addStretch();

    connect(m_language, &QComboBox::currentIndexChanged, this, [this, restartNote] {
        m_settings.setLanguage(m_language->currentData().toString());
        restartNote->setVisible(true);
    });
}

} // namespace hearth::ui
