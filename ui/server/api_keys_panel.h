#pragma once

#include <QWidget>

class QPushButton;
class QTableView;

namespace hearth::app {
class ApiKeyStore;
}

namespace hearth::ui {

// The API keys: make one (its secret shown once, to copy), change its
// limits, revoke it.
class ApiKeysPanel : public QWidget {
    Q_OBJECT
public:
    explicit ApiKeysPanel(app::ApiKeyStore& keys, QWidget* parent = nullptr);

    void createKey();

private:
    void editLimits();
    void revokeKey();
    void updateButtons();

    app::ApiKeyStore& m_keys;
    QTableView* m_table;
    QPushButton* m_limits;
    QPushButton* m_revoke;
};

} // namespace hearth::ui
