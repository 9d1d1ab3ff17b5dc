#pragma once

#include <QWidget>

#include "app/inference/local_model.h"

class QLabel;
class QLineEdit;
class QListView;
class QMenu;
class QPlainTextEdit;
class QPushButton;
class QToolButton;

namespace hearth::app {
class ChatSession;
class MachineGpus;
class ConversationListModel;
class ConversationStore;
class LocalChatBackend;
class ModelLibrary;
class RemoteChatBackend;
class Settings;
struct RemoteEndpoint;
struct ReplyStats;
struct Services;
} // namespace hearth::app

namespace hearth::ui {

class MessageView;

// The Chat area: the conversation list (search, pin, rename, delete with
// undo) beside the open conversation and its composer. Ctrl+Enter sends,
// Esc stops an answer (or leaves editing), Ctrl+K picks the model; the
// window's File menu starts a new chat (Ctrl+N).
class ChatPage : public QWidget {
    Q_OBJECT
public:
    // `settings` holds the endpoints the model picker offers besides the library.
    // `gpus`: what fits is judged against them.
    ChatPage(app::Services& services, const app::MachineGpus& gpus, app::Settings* settings = nullptr,
        QWidget* parent = nullptr);

    qint64 currentConversation() const { return m_current; }
    // For the status bar: the model, where it runs and its memory.
    QString statusText() const;
    void openConversation(qint64 id);

public slots:
    void startNewChat();
    void send();
    void stop();
    void chooseModelFile();
    void loadModel(const QString& path);
    // Answers come from this endpoint until a local model is chosen again.
    void useEndpoint(const app::RemoteEndpoint& endpoint);
    void addEndpoint();
    // Used at the next load.
    void setLoadOptions(const app::LocalModel::Options& options) { m_loadOptions = options; }
    // Hidden at once, offered back ("Undo") for a while, gone at the next start.
    void deleteConversation(qint64 id);
    void editConversationSettings();
    void exportConversation(qint64 id, bool json);
    void importConversation();

signals:
    // For the status bar: the model's state, or an answer's speed.
    void statusChanged(const QString& text);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QWidget* buildConversationList();
    void fillModelPicker(QMenu* menu);
    QWidget* buildConversation();
    void showCurrentMessages();
    void updateModelButton();
    void updateComposer();

    void showError(const QString& error);
    void showListMenu(const QPoint& position);
    void beginEditing(qint64 messageId, const QString& text);
    void endEditing();
    void onAnswerFinished(qint64 conversation, qint64 messageId, const app::ReplyStats& stats);

    app::ConversationStore& m_store;
    app::ChatSession& m_session;
    app::LocalModel& m_model;
    app::ModelLibrary* m_library = nullptr;
    app::LocalChatBackend& m_local;
    app::RemoteChatBackend& m_remote;
    app::Settings* m_settings = nullptr;
    app::LocalModel::Options m_loadOptions;
    const app::MachineGpus& m_gpus;
    app::ConversationListModel* m_listModel = nullptr;

    QLineEdit* m_search = nullptr;
    QListView* m_list = nullptr;
    QLabel* m_undoBar = nullptr;
    qint64 m_deleted = 0;
    QLabel* m_title = nullptr;
    QToolButton* m_modelButton = nullptr;
    MessageView* m_view = nullptr;
    QLabel* m_error = nullptr;
    QLabel* m_editing = nullptr;
    QPlainTextEdit* m_composer = nullptr;
    QPushButton* m_send = nullptr;
    QPushButton* m_stop = nullptr;

    qint64 m_current = 0;
    qint64 m_editedMessage = 0;
};

} // namespace hearth::ui
