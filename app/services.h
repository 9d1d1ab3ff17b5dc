#pragma once

#include "app/chat/chat_session.h"
#include "app/chat/conversation_store.h"
#include "app/chat/local_chat_backend.h"
#include "app/chat/remote_chat_backend.h"
#include "app/hub/download_queue.h"
#include "app/hub/hub_client.h"
#include "app/inference/local_model.h"
#include "app/library/model_library.h"
#include "app/quant/checkpoint_conversions.h"
#include "app/server/api_key_store.h"
#include "app/server/audit_log.h"
#include "app/server/request_log_model.h"
#include "app/server/server_thread.h"
#include "app/settings/secret_store.h"

#include <QFileInfo>
#include <QNetworkAccessManager>

namespace hearth::app {

class Database;

// Hearth's long-lived objects that live in its database, made once by
// main(): the chat history, the model library, the model loaded in this
// process or an OpenAI-compatible endpoint, the chat session that
// connects them, the API server with its keys, audit log and live log, and
// the hub with the download queue, whose finished models enter the library
// (checkpoints once converted).
struct Services {
    explicit Services(Database& database)
        : store(database)
        , library(database)
        , hub(network)
        , downloads(network, database)
        , conversions(library)
        , backend(model)
        , session(store)
        , apiKeys(database)
        , audit(database)
        , server(model)
    {
        session.setBackend(&backend);
        QObject::connect(&server, &ServerThread::requestFinished, &audit, &AuditLog::record);
        QObject::connect(&server, &ServerThread::requestFinished, &requestLog, &RequestLogModel::append);
        // A GGUF file joins the library; a checkpoint's folder is converted first.
        QObject::connect(&downloads, &DownloadQueue::modelReady, &library, [this](const QString& path) {
            if (QFileInfo(path).isDir())
                conversions.convert(path);
            else
                library.addFiles({ path });
        });
    }

    ConversationStore store;
    ModelLibrary library;
    SecretStore secrets;
    QNetworkAccessManager network; // the hub's and the downloads'
    HubClient hub;
    DownloadQueue downloads;
    CheckpointConversions conversions;
    LocalModel model;
    LocalChatBackend backend;
    RemoteChatBackend remote; // the endpoint chosen in the model picker
    ChatSession session;
    ApiKeyStore apiKeys;
    AuditLog audit;
    RequestLogModel requestLog;
    ServerThread server; // last: stopped before what its answers use
};

} // namespace hearth::app
