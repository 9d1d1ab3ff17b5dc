#pragma once

#include "chat/chat_session.h"
#include "chat/conversation_store.h"
#include "chat/local_chat_backend.h"
#include "inference/local_model.h"

namespace hearth::app {

class Database;

// The chat's long-lived objects, made once by main() around the database:
// the history, the model loaded in this process, and the session that
// connects them.
struct ChatServices {
    explicit ChatServices(Database& database)
        : store(database)
        , backend(model)
        , session(store)
    {
        session.setBackend(&backend);
    }

    ConversationStore store;
    LocalModel model;
    LocalChatBackend backend;
    ChatSession session;
};

} // namespace hearth::app
