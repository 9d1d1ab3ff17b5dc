#include "app/server/client_snippets.h"

namespace hearth::app {

ClientSnippets clientSnippets(const QString& baseUrl, const QString& model, bool needsKey)
{
    ClientSnippets snippets;
    // JSON and shell quoting: a model name is a file name, and may hold quotes.
    QString quotedModel = model;
    quotedModel.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('"'), QStringLiteral("\\\""));
    QString shellModel = quotedModel;
    shellModel.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    const QString auth = needsKey ? QStringLiteral("  -H \"Authorization: Bearer $OPENAI_API_KEY\" \\\n") : QString();
    snippets.curl = QStringLiteral("curl %1/chat/completions \\\n"
                                   "  -H \"Content-Type: application/json\" \\\n"
                                   "%2"
                                   "  -d '{\"model\": \"%3\", \"stream\": true,\n"
                                   "       \"messages\": [{\"role\": \"user\", \"content\": \"Hello!\"}]}'\n")
                        .arg(baseUrl, auth, shellModel);
    snippets.python
        = QStringLiteral("# pip install openai\n"
                         "from openai import OpenAI\n\n"
                         "client = OpenAI(base_url=\"%1\", api_key=%2)\n"
                         "stream = client.chat.completions.create(\n"
                         "    model=\"%3\",\n"
                         "    messages=[{\"role\": \"user\", \"content\": \"Hello!\"}],\n"
                         "    stream=True,\n"
                         ")\n"
                         "for chunk in stream:\n"
                         "    print(chunk.choices[0].delta.content or \"\", end=\"\", flush=True)\n")
              .arg(baseUrl,
                  needsKey ? QStringLiteral("os.environ[\"OPENAI_API_KEY\"]") : QStringLiteral("\"not-needed\""),
                  quotedModel);
    if (needsKey)
        snippets.python.replace(
            QStringLiteral("from openai import OpenAI\n"), QStringLiteral("import os\nfrom openai import OpenAI\n"));
    snippets.javascript
        = QStringLiteral("// npm install openai\n"
                         "import OpenAI from \"openai\";\n\n"
                         "const client = new OpenAI({ baseURL: \"%1\", apiKey: %2 });\n"
                         "const stream = await client.chat.completions.create({\n"
                         "  model: \"%3\",\n"
                         "  messages: [{ role: \"user\", content: \"Hello!\" }],\n"
                         "  stream: true,\n"
                         "});\n"
                         "for await (const chunk of stream)\n"
                         "  process.stdout.write(chunk.choices[0]?.delta?.content ?? \"\");\n")
              .arg(baseUrl, needsKey ? QStringLiteral("process.env.OPENAI_API_KEY") : QStringLiteral("\"not-needed\""),
                  quotedModel);
    return snippets;
}

} // namespace hearth::app
