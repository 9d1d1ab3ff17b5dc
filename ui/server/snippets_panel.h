#pragma once

#include <QWidget>

class QPlainTextEdit;
class QTabWidget;

namespace hearth::ui {

// Copy-ready code for teammates: curl, Python and JavaScript with the
// official openai clients, with this server's address and model.
class SnippetsPanel : public QWidget {
    Q_OBJECT
public:
    explicit SnippetsPanel(QWidget* parent = nullptr);

    // `baseUrl` up to /v1; empty while the server is stopped.
    void setServer(const QString& baseUrl, const QString& model, bool needsKey);
    QString currentSnippet() const;

private:
    QTabWidget* m_tabs;
    QPlainTextEdit* m_curl;
    QPlainTextEdit* m_python;
    QPlainTextEdit* m_javascript;
};

} // namespace hearth::ui
