#pragma once

#include "chat/chat_session.h"
#include "chat/conversation_store.h"
#include "chat/local_chat_backend.h"
#include "chat/remote_chat_backend.h"
#include "inference/local_model.h"
#include "library/model_library.h"

namespace hearth::app {

class Database;

// Hearth's long-lived objects that live in its database, made once by
// main(): the chat history, the model library, the model loaded in this
// process or an OpenAI-compatible endpoint, and the chat session that
// connects them.
struct Services {
    explicit Services(Database& database)
        : store(database)
        , library(database)
        , backend(model)
        , session(store)
    {
        session.setBackend(&backend);
    }

    ConversationStore store;
    ModelLibrary library;
    LocalModel model;
    LocalChatBackend backend;
    RemoteChatBackend remote; // the endpoint chosen in the model picker
    ChatSession session;
};

} // namespace hearth::app
