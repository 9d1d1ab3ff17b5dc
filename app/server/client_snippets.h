#pragma once

#include <QString>

namespace hearth::app {

// Code a teammate copies to use the server: curl, Python and JavaScript with
// the official openai clients, for `baseUrl` (up to /v1) and `model`. With
// `needsKey`, they read the key from OPENAI_API_KEY rather than embed it.
struct ClientSnippets {
    QString curl;
    QString python;
    QString javascript;
};

ClientSnippets clientSnippets(const QString& baseUrl, const QString& model, bool needsKey);

} // namespace hearth::app
