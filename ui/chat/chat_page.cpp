#include "ui/chat/chat_page.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSplitter>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent>

#include "app/chat/chat_request.h"
#include "app/chat/chat_session.h"
#include "app/chat/conversation_export.h"
#include "app/chat/conversation_list_model.h"
#include "app/chat/conversation_store.h"
#include "app/chat/remote_chat_backend.h"
#include "app/inference/device_text.h"
#include "app/inference/local_model.h"
#include "app/library/model_details.h"
#include "app/library/model_library.h"
#include "app/plan/machine_fit.h"
#include "app/plan/machine_gpus.h"
#include "app/services.h"
#include "app/settings/settings.h"
#include "ui/chat/conversation_settings_dialog.h"
#include "ui/chat/endpoint_dialog.h"
#include "ui/chat/message_view.h"

namespace hearth::ui {

namespace {

// How long "Deleted … Undo" stays offered.
constexpr int kUndoMs = 10000;

} // namespace

ChatPage::ChatPage(app::Services& services, const app::MachineGpus& gpus, app::Settings* settings, QWidget* parent)
    : QWidget(parent)
    , m_store(services.store)
    , m_session(services.session)
    , m_model(services.model)
    , m_library(&services.library)
    , m_local(services.backend)
    , m_remote(services.remote)
    , m_settings(settings)
    , m_gpus(gpus)
{
    auto* splitter = new QSplitter;
    splitter->addWidget(buildConversationList());
    splitter->addWidget(buildConversation());
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({ 260, 800 });
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    auto* escape = new QAction(tr("Stop"), this);
    escape->setShortcut(QKeySequence(Qt::Key_Escape));
    escape->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(escape, &QAction::triggered, this, [this] {
        if (m_session.isGenerating())
            stop();
        else
            endEditing();
    });
    addAction(escape);
    auto* pickModel = new QAction(tr("Choose Model"), this);
    pickModel->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    connect(pickModel, &QAction::triggered, m_modelButton, &QToolButton::showMenu);
    addAction(pickModel);

    connect(&m_session, &app::ChatSession::answerUpdated, this,
        [this](qint64 conversation, qint64 messageId, const QString& answer, const QString& reasoning) {
            if (conversation == m_current)
                m_view->updateAnswer(messageId, answer, reasoning);
        });
    connect(&m_session, &app::ChatSession::answerFinished, this, &ChatPage::onAnswerFinished);
    connect(&m_session, &app::ChatSession::generatingChanged, this, &ChatPage::updateComposer);
    connect(&m_session, &app::ChatSession::failed, this, &ChatPage::showError);
    connect(&m_session, &app::ChatSession::speedUpdated, this, [this](double rate) {
        emit statusChanged(tr("%1 · writing at %2 tokens/s").arg(statusText()).arg(rate, 0, 'f', 1));
    });
    connect(&m_store, &app::ConversationStore::messagesChanged, this, [this](qint64 conversation) {
        const bool streaming = m_session.isGenerating() && m_session.generatingConversation() == conversation;
        if (conversation == m_current && !streaming)
            showCurrentMessages();
    });
    connect(&m_store, &app::ConversationStore::conversationsChanged, this, [this] {
        if (const auto c = m_store.conversation(m_current))
            m_title->setText(c->title.isEmpty() ? tr("New chat") : c->title);
        const int row = m_listModel->rowOf(m_current);
        if (row >= 0)
            m_list->setCurrentIndex(m_listModel->index(row));
    });
    connect(&m_model, &app::LocalModel::stateChanged, this, &ChatPage::updateModelButton);

    const auto conversations = m_store.list();
    if (!conversations.isEmpty())
        openConversation(conversations.first().id);
    else
        showCurrentMessages();
    updateModelButton();
    updateComposer();
}

QWidget* ChatPage::buildConversationList()
{
    auto* panel = new QWidget;
    auto* layout = new QVBoxLayout(panel);
    auto* newChat = new QPushButton(QIcon::fromTheme(QStringLiteral("document-new")), tr("New chat"));
    newChat->setToolTip(tr("Start a new conversation (Ctrl+N)"));
    connect(newChat, &QPushButton::clicked, this, &ChatPage::startNewChat);
    m_search = new QLineEdit;
    m_search->setObjectName(QStringLiteral("chatSearch"));
    m_search->setPlaceholderText(tr("Search chats"));
    m_search->setClearButtonEnabled(true);
    m_listModel = new app::ConversationListModel(m_store, this);
    connect(m_search, &QLineEdit::textChanged, m_listModel, &app::ConversationListModel::setSearch);
    m_list = new QListView;
    m_list->setObjectName(QStringLiteral("conversations"));
    m_list->setModel(m_listModel);
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    m_list->setUniformItemSizes(true);
    connect(m_list, &QListView::customContextMenuRequested, this, &ChatPage::showListMenu);
    connect(m_list, &QListView::clicked, this,
        [this](const QModelIndex& index) { openConversation(m_listModel->idAt(index.row())); });
    connect(m_list, &QListView::activated, this,
        [this](const QModelIndex& index) { openConversation(m_listModel->idAt(index.row())); });
    m_undoBar = new QLabel;
    m_undoBar->setObjectName(QStringLiteral("undoDelete"));
    m_undoBar->setWordWrap(true);
    m_undoBar->hide();
    connect(m_undoBar, &QLabel::linkActivated, this, [this] {
        m_store.restore(m_deleted);
        openConversation(m_deleted);
        m_undoBar->hide();
    });
    auto* importButton = new QPushButton(tr("Import…"));
    importButton->setToolTip(tr("Import a chat exported as JSON (OpenAI messages)"));
    connect(importButton, &QPushButton::clicked, this, &ChatPage::importConversation);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(newChat, 1);
    buttons->addWidget(importButton);
    layout->addLayout(buttons);
    layout->addWidget(m_search);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_undoBar);
    return panel;
}

QWidget* ChatPage::buildConversation()
{
    auto* panel = new QWidget;
    auto* layout = new QVBoxLayout(panel);
    auto* header = new QHBoxLayout;
    m_title = new QLabel;
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_modelButton = new QToolButton;
    m_modelButton->setObjectName(QStringLiteral("modelButton"));
    m_modelButton->setPopupMode(QToolButton::InstantPopup);
    m_modelButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    auto* menu = new QMenu(m_modelButton);
    menu->setObjectName(QStringLiteral("modelPicker"));
    connect(menu, &QMenu::aboutToShow, this, [this, menu] { fillModelPicker(menu); });
    m_modelButton->setMenu(menu);
    auto* settingsButton = new QToolButton;
    settingsButton->setObjectName(QStringLiteral("chatSettings"));
    settingsButton->setIcon(QIcon::fromTheme(QStringLiteral("preferences-other")));
    settingsButton->setText(tr("Chat settings"));
    settingsButton->setToolTip(tr("System prompt and sampling settings of this chat"));
    settingsButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    connect(settingsButton, &QToolButton::clicked, this, &ChatPage::editConversationSettings);
    header->addWidget(m_title, 1);
    header->addWidget(settingsButton);
    header->addWidget(m_modelButton);

    m_view = new MessageView;
    m_view->setObjectName(QStringLiteral("messages"));
    connect(m_view, &MessageView::copyRequested, this,
        [](const QString& text) { QGuiApplication::clipboard()->setText(text); });
    connect(m_view, &MessageView::editRequested, this, &ChatPage::beginEditing);
    connect(m_view, &MessageView::regenerateRequested, this, [this] {
        m_error->hide();
        m_session.regenerate(m_current);
    });

    m_error = new QLabel;
    m_error->setObjectName(QStringLiteral("chatError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_error->hide();
    m_editing = new QLabel(tr("Editing an earlier question: sending replaces it and every turn after it. Esc "
                              "cancels."));
    m_editing->setWordWrap(true);
    m_editing->hide();

    auto* composerRow = new QHBoxLayout;
    m_composer = new QPlainTextEdit;
    m_composer->setObjectName(QStringLiteral("composer"));
    m_composer->setPlaceholderText(tr("Ask anything — Ctrl+Enter sends"));
    m_composer->setTabChangesFocus(true);
    m_composer->setMaximumHeight(m_composer->fontMetrics().lineSpacing() * 8);
    m_composer->installEventFilter(this);
    m_send = new QPushButton(tr("Send"));
    m_send->setObjectName(QStringLiteral("send"));
    m_send->setToolTip(tr("Send (Ctrl+Enter)"));
    connect(m_send, &QPushButton::clicked, this, &ChatPage::send);
    m_stop = new QPushButton(tr("Stop"));
    m_stop->setObjectName(QStringLiteral("stop"));
    m_stop->setToolTip(tr("Stop the answer (Esc)"));
    connect(m_stop, &QPushButton::clicked, this, &ChatPage::stop);
    auto* buttons = new QVBoxLayout;
    buttons->addWidget(m_send);
    buttons->addWidget(m_stop);
    buttons->addStretch();
    composerRow->addWidget(m_composer, 1);
    composerRow->addLayout(buttons);

    layout->addLayout(header);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_error);
    layout->addWidget(m_editing);
    layout->addLayout(composerRow);
    return panel;
}

bool ChatPage::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_composer && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && (key->modifiers() & Qt::ControlModifier)) {
            send();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ChatPage::openConversation(qint64 id)
{
    if (id == 0)
        return;
    m_current = id;
    endEditing();
    m_error->hide();
    const int row = m_listModel->rowOf(id);
    if (row >= 0)
        m_list->setCurrentIndex(m_listModel->index(row));
    showCurrentMessages();
    updateComposer();
}

void ChatPage::showCurrentMessages()
{
    const auto conversation = m_current ? m_store.conversation(m_current) : std::nullopt;
    m_title->setText(conversation && !conversation->title.isEmpty() ? conversation->title : tr("New chat"));
    m_view->setPlaceholder(m_model.state() == app::LocalModel::State::Empty
            ? tr("## Welcome to Hearth\n\nChat with a language model that runs on this computer: nothing you "
                 "write leaves it.\n\n1. **Choose a model**: press Ctrl+K, or use the model button above, "
                 "and open a GGUF file (for example one you downloaded from Hugging Face or a mirror of it).\n"
                 "2. **Ask**: type below and press Ctrl+Enter.\n\nThe Planner area tells you which models "
                 "fit this machine.")
            : tr("Ask anything below; Ctrl+Enter sends."));
    m_view->setGenerating(m_session.isGenerating() && m_session.generatingConversation() == m_current);
    m_view->showMessages(m_current ? m_store.messages(m_current) : QList<app::ChatMessage>());
}

void ChatPage::startNewChat()
{
    // An empty conversation is reused rather than piling up.
    if (m_current && m_store.conversation(m_current) && m_store.messages(m_current).isEmpty()) {
        m_composer->setFocus();
        return;
    }
    openConversation(m_store.create());
    m_composer->setFocus();
}

void ChatPage::send()
{
    const QString text = m_composer->toPlainText();
    if (text.trimmed().isEmpty() || m_session.isGenerating())
        return;
    if (!m_current || !m_store.conversation(m_current))
        openConversation(m_store.create());
    m_error->hide();
    const bool started
        = m_editedMessage ? m_session.editAndResend(m_current, m_editedMessage, text) : m_session.send(m_current, text);
    if (!started)
        return;
    m_composer->clear();
    endEditing();
    showCurrentMessages();
}

void ChatPage::stop()
{
    m_session.stop();
}

void ChatPage::chooseModelFile()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Model File"), QString(), tr("GGUF models (*.gguf);;All files (*)"));
    if (!path.isEmpty())
        loadModel(path);
}

void ChatPage::loadModel(const QString& path)
{
    m_error->hide();
    m_session.setBackend(&m_local);
    m_model.load(path, m_loadOptions);
    if (m_library) {
        if (const auto known = m_library->modelAt(path))
            m_library->markUsed(known->id);
        else
            m_library->addFiles({ path });
    }
}

void ChatPage::fillModelPicker(QMenu* menu)
{
    menu->clear();
    if (m_library) {
        const auto models = m_library->models();
        QList<QPair<QAction*, QString>> pending; // actions whose verdict is still being worked out
        for (const app::LibraryModel& model : models) {
            if (model.state == app::LibraryModel::FileState::Missing)
                continue;
            const QString label = QStringLiteral("%1 · %2 · %3")
                                      .arg(model.name, model.quantization,
                                          QLocale().formattedDataSize(static_cast<qint64>(model.sizeBytes)));
            if (!model.unrunnableTypes.isEmpty()) {
                // Listed, so that the file is not a mystery, but not offered.
                QAction* action = menu->addAction(tr("%1 — will not run here (%2 weights)")
                                                      .arg(label, model.unrunnableTypes.join(QStringLiteral(", "))));
                action->setEnabled(false);
                continue;
            }
            QAction* action = menu->addAction(label, this, [this, path = model.path] { loadModel(path); });
            action->setCheckable(true);
            action->setChecked(model.path == m_model.path() && m_model.state() != app::LocalModel::State::Empty);
            pending.append({ action, model.path });
        }
        if (!pending.isEmpty())
            menu->addSeparator();
        // The planner's verdict needs each file's header: read them off this thread
        // and add the verdicts while the menu is open.
        QStringList paths;
        for (const auto& entry : pending)
            paths << entry.second;
        auto* watcher = new QFutureWatcher<QStringList>(menu);
        connect(watcher, &QFutureWatcher<QStringList>::finished, menu, [watcher, pending] {
            const QStringList verdicts = watcher->result();
            for (qsizetype i = 0; i < pending.size() && i < verdicts.size(); ++i)
                if (!verdicts[i].isEmpty())
                    pending[i].first->setText(pending[i].first->text() + QStringLiteral(" — ") + verdicts[i]);
        });
        watcher->setFuture(QtConcurrent::run([paths, context = m_loadOptions.context, gpus = m_gpus.gpus()] {
            QStringList verdicts;
            for (const QString& path : paths) {
                const auto details = app::readModelDetails(path);
                verdicts << (details.plan
                        ? app::fitOnThisMachine(*details.plan, context ? context : 4096, gpus, app::systemMemoryBytes())
                              .summary()
                        : QString());
            }
            return verdicts;
        }));
    }
    menu->addAction(tr("Open Model File…"), this, &ChatPage::chooseModelFile);
    QAction* unload = menu->addAction(tr("Unload Model"), &m_model, &app::LocalModel::unload);
    unload->setEnabled(m_model.state() != app::LocalModel::State::Empty);
    if (!m_settings)
        return;
    menu->addSection(tr("OpenAI-compatible endpoints"));
    for (const app::RemoteEndpoint& endpoint : m_settings->endpoints()) {
        QAction* action
            = menu->addAction(tr("%1 · %2 at %3").arg(endpoint.name, endpoint.model, endpoint.baseUrl.host()), this,
                [this, endpoint] { useEndpoint(endpoint); });
        action->setCheckable(true);
        action->setChecked(m_session.backend() == &m_remote && m_remote.endpoint() == endpoint);
    }
    menu->addAction(tr("Add Endpoint…"), this, &ChatPage::addEndpoint);
}

void ChatPage::useEndpoint(const app::RemoteEndpoint& endpoint)
{
    m_error->hide();
    m_remote.setEndpoint(endpoint);
    m_session.setBackend(&m_remote);
    updateModelButton();
}

void ChatPage::addEndpoint()
{
    EndpointDialog dialog({}, this);
    if (dialog.exec() != QDialog::Accepted || !m_settings)
        return;
    auto endpoints = m_settings->endpoints();
    endpoints.append(dialog.endpoint());
    m_settings->setEndpoints(endpoints);
    useEndpoint(dialog.endpoint());
}

void ChatPage::updateModelButton()
{
    using State = app::LocalModel::State;
    if (m_session.backend() == &m_remote) {
        m_modelButton->setText(m_remote.name());
        m_modelButton->setToolTip(
            tr("Answers come from %1 (Ctrl+K to choose)").arg(m_remote.endpoint().baseUrl.toString()));
        emit statusChanged(statusText());
        updateComposer();
        return;
    }
    switch (m_model.state()) {
    case State::Empty:
        m_modelButton->setText(tr("Choose a model"));
        emit statusChanged(tr("No model loaded"));
        break;
    case State::Loading:
        m_modelButton->setText(tr("Loading %1…").arg(m_model.displayName()));
        emit statusChanged(tr("Loading %1…").arg(m_model.displayName()));
        break;
    case State::Ready:
        m_modelButton->setText(m_model.displayName());
        emit statusChanged(statusText());
        // A GPU was asked for and the CPU runs the model: say why.
        showError(m_model.deviceNote());
        break;
    case State::Failed:
        m_modelButton->setText(tr("Choose a model"));
        showError(tr("%1 could not be loaded: %2").arg(m_model.displayName(), m_model.errorString()));
        emit statusChanged(tr("No model loaded"));
        break;
    }
    m_modelButton->setToolTip(tr("The model that answers (Ctrl+K)"));
    if (m_store.messages(m_current).isEmpty())
        showCurrentMessages();
    updateComposer();
}

QString ChatPage::statusText() const
{
    if (m_session.backend() == &m_remote)
        return tr("%1 at %2").arg(m_remote.endpoint().model, m_remote.endpoint().baseUrl.host());
    if (m_model.state() != app::LocalModel::State::Ready)
        return tr("No model loaded");
    const QString memory = QLocale().formattedDataSize(static_cast<qint64>(m_model.memoryBytes()));
    if (const auto device = m_model.device(); device.kind == ComputeDevice::Cuda)
        return tr("%1 on %2 · %3 of GPU memory")
            .arg(m_model.displayName(), app::DeviceText::deviceName(device), memory);
    return tr("%1 on the CPU · %2 in memory").arg(m_model.displayName(), memory);
}

void ChatPage::updateComposer()
{
    const bool generating = m_session.isGenerating();
    m_send->setEnabled(!generating);
    m_stop->setEnabled(generating);
    m_view->setGenerating(generating && m_session.generatingConversation() == m_current);
}

void ChatPage::showError(const QString& error)
{
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());
}

void ChatPage::onAnswerFinished(qint64 conversation, qint64 messageId, const app::ReplyStats& stats)
{
    if (stats.tokensPerS > 0)
        emit statusChanged(tr("%1 · last answer %2 tokens/s").arg(statusText()).arg(stats.tokensPerS, 0, 'f', 1));
    if (conversation != m_current)
        return;
    m_view->setAnswerStats(messageId, stats.toJson());
    showCurrentMessages();
}

void ChatPage::showListMenu(const QPoint& position)
{
    const QModelIndex index = m_list->indexAt(position);
    if (!index.isValid())
        return;
    const qint64 id = m_listModel->idAt(index.row());
    const bool pinned = index.data(app::ConversationListModel::PinnedRole).toBool();
    QMenu menu;
    menu.addAction(tr("Rename…"), this, [this, id, index] {
        bool ok = false;
        const QString title = QInputDialog::getText(
            this, tr("Rename Chat"), tr("Title:"), QLineEdit::Normal, index.data().toString(), &ok);
        if (ok && !title.trimmed().isEmpty())
            m_store.rename(id, title);
    });
    menu.addAction(
        pinned ? tr("Unpin") : tr("Pin to Top"), this, [this, id, pinned] { m_store.setPinned(id, !pinned); });
    menu.addAction(tr("Export as Markdown…"), this, [this, id] { exportConversation(id, false); });
    menu.addAction(tr("Export as JSON…"), this, [this, id] { exportConversation(id, true); });
    menu.addSeparator();
    menu.addAction(tr("Delete"), this, [this, id] { deleteConversation(id); });
    menu.exec(m_list->viewport()->mapToGlobal(position));
}

void ChatPage::deleteConversation(qint64 id)
{
    const auto conversation = m_store.conversation(id);
    if (!conversation)
        return;
    if (m_session.isGenerating() && m_session.generatingConversation() == id)
        m_session.stop();
    m_store.remove(id);
    m_deleted = id;
    m_undoBar->setText(
        tr("Deleted “%1”. <a href=\"undo\">Undo</a>")
            .arg((conversation->title.isEmpty() ? tr("New chat") : conversation->title).toHtmlEscaped()));
    m_undoBar->show();
    QTimer::singleShot(kUndoMs, m_undoBar, [this, id] {
        if (m_deleted == id)
            m_undoBar->hide();
    });
    if (id == m_current) {
        m_current = 0;
        const auto rest = m_store.list(m_search->text());
        if (!rest.isEmpty())
            openConversation(rest.first().id);
        else
            showCurrentMessages();
    }
}

void ChatPage::editConversationSettings()
{
    if (!m_current || !m_store.conversation(m_current))
        openConversation(m_store.create());
    const auto conversation = m_store.conversation(m_current);
    if (!conversation)
        return;
    const app::ChatSampling sampling = conversation->sampling.isEmpty()
        ? m_session.defaultSampling()
        : app::ChatSampling::fromJson(conversation->sampling);
    ConversationSettingsDialog dialog(conversation->systemPrompt, sampling, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_store.setSystemPrompt(m_current, dialog.systemPrompt());
    m_store.setSampling(m_current, dialog.sampling().toJson());
}

void ChatPage::exportConversation(qint64 id, bool json)
{
    const auto conversation = m_store.conversation(id);
    if (!conversation)
        return;
    QString name = conversation->title.isEmpty() ? tr("chat") : conversation->title;
    name.replace(QRegularExpression(QStringLiteral("[/\\\\:*?\"<>|]")), QStringLiteral("_"));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Chat"),
        name + (json ? QStringLiteral(".json") : QStringLiteral(".md")),
        json ? tr("JSON (*.json)") : tr("Markdown (*.md)"));
    if (path.isEmpty())
        return;
    const auto messages = m_store.messages(id);
    QSaveFile file(path);
    const QByteArray bytes = json ? app::conversationToJson(*conversation, messages)
                                  : app::conversationToMarkdown(*conversation, messages).toUtf8();
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        QMessageBox::warning(this, tr("Export Chat"), tr("Cannot write %1: %2").arg(path, file.errorString()));
}

void ChatPage::importConversation()
{
    const QString path
        = QFileDialog::getOpenFileName(this, tr("Import Chat"), QString(), tr("JSON (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showError(tr("Cannot read %1: %2").arg(path, file.errorString()));
        return;
    }
    const auto imported = app::conversationFromJson(file.readAll());
    if (!imported.error.isEmpty()) {
        showError(tr("%1 cannot be imported: %2").arg(path, imported.error));
        return;
    }
    openConversation(app::addImportedConversation(m_store, imported));
}

void ChatPage::beginEditing(qint64 messageId, const QString& text)
{
    if (m_session.isGenerating())
        return;
    m_editedMessage = messageId;
    m_composer->setPlainText(text);
    m_composer->setFocus();
    m_editing->show();
}

void ChatPage::endEditing()
{
    if (!m_editedMessage)
        return;
    m_editedMessage = 0;
    m_editing->hide();
    m_composer->clear();
}

} // namespace hearth::ui
