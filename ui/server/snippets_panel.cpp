#include "ui/server/snippets_panel.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

#include "app/server/client_snippets.h"

namespace hearth::ui {

namespace {

QPlainTextEdit* codeView(const QString& name)
{
    auto* view = new QPlainTextEdit;
    view->setObjectName(name);
    view->setReadOnly(true);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    return view;
}

} // namespace

SnippetsPanel::SnippetsPanel(QWidget* parent)
    : QWidget(parent)
    , m_tabs(new QTabWidget)
    , m_curl(codeView(QStringLiteral("curlSnippet")))
    , m_python(codeView(QStringLiteral("pythonSnippet")))
    , m_javascript(codeView(QStringLiteral("javascriptSnippet")))
{
    m_tabs->addTab(m_curl, QStringLiteral("curl"));
    m_tabs->addTab(m_python, QStringLiteral("Python"));
    m_tabs->addTab(m_javascript, QStringLiteral("JavaScript"));
    auto* copy = new QPushButton(tr("&Copy"));
    copy->setObjectName(QStringLiteral("copySnippet"));
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(currentSnippet()); });
    auto* row = new QHBoxLayout;
    row->addStretch();
    row->addWidget(copy);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addLayout(row);
    setServer({}, {}, false);
}

void SnippetsPanel::setServer(const QString& baseUrl, const QString& model, bool needsKey)
{
    if (baseUrl.isEmpty()) {
        const QString stopped = tr("Start the server to see how teammates reach it.");
        for (QPlainTextEdit* view : { m_curl, m_python, m_javascript })
            view->setPlainText(stopped);
        return;
    }
    const app::ClientSnippets snippets = app::clientSnippets(baseUrl, model.isEmpty() ? tr("MODEL") : model, needsKey);
    m_curl->setPlainText(snippets.curl);
    m_python->setPlainText(snippets.python);
    m_javascript->setPlainText(snippets.javascript);
}

QString SnippetsPanel::currentSnippet() const
{
    return qobject_cast<QPlainTextEdit*>(m_tabs->currentWidget())->toPlainText();
}

} // namespace hearth::ui
