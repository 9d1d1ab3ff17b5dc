#pragma once

#include <QObject>
#include <QSettings>
#include <QString>

namespace hearth::app {

// The user's choices that outlive a session, stored with QSettings
// (~/.config/Hearth/Hearth.conf on Linux).
class Settings : public QObject {
    Q_OBJECT
public:
    explicit Settings(QObject* parent = nullptr);

    // A locale name such as "zh_CN", or empty to follow the system.
    QString language() const;
    void setLanguage(const QString& language);

signals:
    void languageChanged(const QString& language);

private:
    QSettings m_settings;
};

} // namespace hearth::app
