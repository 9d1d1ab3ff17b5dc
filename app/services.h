#pragma once

#include "chat/chat_session.h"
#include "chat/conversation_store.h"
#include "chat/local_chat_backend.h"
#include "chat/remote_chat_backend.h"
#include "inference/local_model.h"
#include "library/model_library.h"
#include "server/api_key_store.h"
#include "server/audit_log.h"
#include "server/request_log_model.h"
#include "server/server_thread.h"

namespace hearth::app {

class Database;

// Hearth's long-lived objects that live in its database, made once by
// main(): the chat history, the model library, the model loaded in this
// process or an OpenAI-compatible endpoint, the chat session that
// connects them, and the API server with its keys, audit log and live log.
struct Services {
    explicit Services(Database& database)
        : store(database)
        , library(database)
        , backend(model)
        , session(store)
        , apiKeys(database)
        , audit(database)
        , server(model)
    {
        session.setBackend(&backend);
        QObject::connect(&server, &ServerThread::requestFinished, &audit, &AuditLog::record);
        QObject::connect(&server, &ServerThread::requestFinished, &requestLog, &RequestLogModel::append);
    }

    ConversationStore store;
    ModelLibrary library;
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
