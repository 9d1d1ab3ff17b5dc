// libFuzzer target: any request body is either read into a request whose
// fields are in range, or refused naming the field and why. Never a crash,
// an over-read or a hang, whatever a client sends.
#include <QJsonDocument>
#include <QJsonObject>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "app/server/completion_request.h"

namespace {

void require(bool condition)
{
    if (!condition)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (!document.isObject())
        return 0;
    const QJsonObject object = document.object();
    QStringList texts;
    if (!hearth::app::readEmbeddingInput(object, texts))
        require(!texts.isEmpty() && texts.size() <= 2048 && !texts.contains(QString()));
    for (const bool chat : { true, false }) {
        hearth::app::ChatRequest request;
        const auto problem
            = chat ? hearth::app::readChatMessages(object, request) : hearth::app::readTextPrompt(object, request);
        auto wrong = hearth::app::readSamplingFields(object, request);
        if (!wrong)
            wrong = hearth::app::readLogprobFields(object, chat, request);
        if (!wrong)
            wrong = hearth::app::readResponseFormat(object, request);
        if (!wrong && chat)
            wrong = hearth::app::readTools(object, request);
        for (const auto& refusal : { problem, wrong })
            if (refusal)
                require(!refusal->param.isEmpty() && !refusal->message.isEmpty());
        if (problem || wrong)
            continue;
        require(request.sampling.temperature >= 0 && request.sampling.temperature <= 2);
        require(request.sampling.topP >= 0 && request.sampling.topP <= 1);
        require(request.sampling.maxTokens >= 1);
        require(request.stop.size() <= 4);
        require(request.topLogprobs >= -1 && request.topLogprobs <= (chat ? 20 : 5));
        require(request.presencePenalty >= -2 && request.presencePenalty <= 2);
        for (const auto& message : request.messages)
            require(message.role == QLatin1String("user") || message.role == QLatin1String("assistant"));
        require(!request.toolCallRequired || (request.outputSchema && !request.tools.isEmpty()));
        require(chat || !request.rawPrompt.isEmpty());
    }
    return 0;
}
