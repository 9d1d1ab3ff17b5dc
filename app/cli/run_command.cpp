#include "app/cli/run_command.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <condition_variable>
#include <csignal>
#include <iostream>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "app/cli/cli.h"
#include "app/cli/command_line.h"
#include "app/cli/device_option.h"
#include "app/cli/model_errors.h"
#include "engine/model/model.h"
#include "engine/runtime/engine.h"
#include "engine/runtime/prompt.h"
#include "engine/text/harmony.h"

namespace hearth::app {
namespace {

// Set by Ctrl-C; the waiting loop turns it into a cancel of the answer.
volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void on_interrupt(int)
{
    g_interrupted = 1;
}

struct Answer {
    std::vector<TokenId> ids;
    std::string text;
    QJsonArray top;
    FinishReason finish = FinishReason::Stop;
    std::string error;
    Usage usage;
};

// Submits one request and waits for its end, streaming text to `stream`
// when given; Ctrl-C cancels the answer, not the program.
Answer generate(Engine& engine, GenerationRequest request, QTextStream* stream)
{
    std::mutex mutex;
    std::condition_variable done_signal;
    bool done = false;
    std::vector<std::string> arrived;
    Answer answer;
    // Harmony's channels (gpt-oss) as <think>…</think> and the answer.
    HarmonyTranscoder transcoder;
    const bool harmony = request.render_special;
    const auto handle = engine.submit(std::move(request), [&](const GenerationEvent& arrived_event) {
        GenerationEvent event = arrived_event;
        if (harmony) {
            event.text = transcoder.push(event.text);
            if (event.finished)
                event.text += transcoder.finish();
        }
        std::lock_guard lock(mutex);
        if (!event.finished) {
            answer.ids.push_back(event.token.token);
            QJsonArray step;
            for (const auto& candidate : event.token.top)
                step.append(QJsonArray { candidate.token, candidate.logprob - event.token.top.front().logprob });
            answer.top.append(step);
        } else {
            answer.finish = event.finish_reason;
            answer.error = event.error;
            done = true;
        }
        answer.text += event.text;
        answer.usage = event.usage;
        arrived.push_back(event.text);
        done_signal.notify_all();
    });

    g_interrupted = 0;
    std::unique_lock lock(mutex);
    for (;;) {
        done_signal.wait_for(lock, std::chrono::milliseconds(50), [&] { return done || !arrived.empty(); });
        if (stream) {
            for (const auto& piece : arrived)
                *stream << QString::fromUtf8(piece.data(), static_cast<qsizetype>(piece.size()));
            stream->flush();
        }
        arrived.clear();
        if (done)
            break;
        if (g_interrupted)
            handle.cancel();
    }
    return answer;
}

QString statistics(const Usage& usage)
{
    const double rate = usage.generation_s > 0 && usage.completion_tokens > 1
        ? (usage.completion_tokens - 1) / usage.generation_s
        : 0.0;
    return RunCommand::tr("[%1 prompt tokens (%2 reused), %3 generated, %4 tok/s, first token after %5 s]")
        .arg(usage.prompt_tokens)
        .arg(usage.cached_prompt_tokens)
        .arg(usage.completion_tokens)
        .arg(rate, 0, 'f', 1)
        .arg(usage.time_to_first_token_s, 0, 'f', 2);
}

int chat(Engine& engine, const GenerationRequest& settings, QTextStream& out, QTextStream& err)
{
    const auto& tokenizer = engine.model().tokenizer();
    nlohmann::ordered_json messages = nlohmann::ordered_json::array();
    std::string system;
    err << RunCommand::tr("Chatting with %1. /system TEXT sets the system prompt, /reset starts over, /exit "
                          "quits; Ctrl-C stops an answer.\n")
               .arg(QString::fromUtf8(engine.model().file().source().c_str()));
    err.flush();
    for (;;) {
        out << "> ";
        out.flush();
        std::string line;
        if (!std::getline(std::cin, line) || line == "/exit")
            break;
        if (line == "/reset") {
            messages = nlohmann::ordered_json::array();
            err << RunCommand::tr("(conversation cleared)\n");
            err.flush();
            continue;
        }
        if (line.starts_with("/system")) {
            system = line.size() > 8 ? line.substr(8) : std::string();
            messages = nlohmann::ordered_json::array();
            err << RunCommand::tr("(system prompt set; conversation cleared)\n");
            err.flush();
            continue;
        }
        if (line.empty())
            continue;
        messages.push_back({ { "role", "user" }, { "content", line } });
        nlohmann::ordered_json conversation = nlohmann::ordered_json::array();
        if (!system.empty())
            conversation.push_back({ { "role", "system" }, { "content", system } });
        for (const auto& message : messages)
            conversation.push_back(message);

        GenerationRequest request = settings;
        try {
            request.prompt = prompt_from_conversation(tokenizer, conversation);
            const auto answer = generate(engine, std::move(request), &out);
            out << '\n';
            if (answer.finish == FinishReason::Cancelled)
                err << RunCommand::tr("(stopped)\n");
            err << statistics(answer.usage) << '\n';
            err.flush();
            // Without its thinking, which harmony's template refuses in the content.
            const auto thought = answer.text.find("</think>");
            messages.push_back({ { "role", "assistant" },
                { "content",
                    settings.render_special && thought != std::string::npos ? answer.text.substr(thought + 8)
                                                                            : answer.text } });
        } catch (const std::exception& e) {
            messages.erase(messages.end() - 1);
            err << RunCommand::tr("hearth run: %1\n").arg(QString::fromUtf8(e.what()));
            err.flush();
        }
    }
    return ExitOk;
}

} // namespace

int RunCommand::run(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Generates text with a model: one answer to a prompt, or a chat."));
    parser.addPositionalArgument(QStringLiteral("model"), tr("A GGUF model file."));
    const QCommandLineOption promptOption({ QStringLiteral("p"), QStringLiteral("prompt") },
        tr("Answer this prompt and exit (a raw prompt; BOS as the model asks)."), tr("text"));
    const QCommandLineOption tokensOption({ QStringLiteral("n"), QStringLiteral("tokens") },
        tr("Generate at most N tokens (default 256)."), tr("N"), QStringLiteral("256"));
    const QCommandLineOption tempOption(
        QStringLiteral("temp"), tr("Sampling temperature; 0 is greedy (default 0.8)."), tr("T"), QStringLiteral("0.8"));
    const QCommandLineOption topPOption(
        QStringLiteral("top-p"), tr("Nucleus sampling threshold (default 0.95)."), tr("P"), QStringLiteral("0.95"));
    const QCommandLineOption topKOption(QStringLiteral("top-k"),
        tr("Sample among the K most likely tokens (default 40)."), tr("K"), QStringLiteral("40"));
    const QCommandLineOption seedOption(
        QStringLiteral("seed"), tr("Random seed: the same seed gives the same answer."), tr("S"), QStringLiteral("0"));
    const QCommandLineOption ctxOption(
        QStringLiteral("ctx"), tr("Context length in tokens (default: the model's, at most 8192)."), tr("N"));
    const QCommandLineOption threadsOption(
        QStringLiteral("threads"), tr("CPU threads (default: one per core)."), tr("N"), QStringLiteral("0"));
    parser.addOptions(
        { promptOption, tokensOption, tempOption, topPOption, topKOption, seedOption, ctxOption, threadsOption });
    parser.addOptions(DeviceOption::options());
    parser.addOptions({
        { QStringLiteral("chat"), tr("Apply the model's chat template to the prompt.") },
        { QStringLiteral("json"), tr("With -p: print one JSON object (ids, text, top logits per step).") },
    });
    if (const auto exitCode = CommandLine::parse(parser, QStringLiteral("run"), args, out, err))
        return *exitCode;
    const auto positional = parser.positionalArguments();
    if (positional.size() != 1) {
        err << tr("hearth run: expected one MODEL.gguf\n");
        return ExitUsage;
    }

    bool ok = true;
    const auto number = [&](const QCommandLineOption& option) {
        bool valid = false;
        const double value = parser.value(option).toDouble(&valid);
        if (!valid || value < 0) {
            err << tr("hearth run: --%1 needs a number that is not negative\n").arg(option.names().last());
            ok = false;
        }
        return value;
    };
    GenerationRequest settings;
    settings.max_tokens = static_cast<std::uint32_t>(number(tokensOption));
    settings.sampling.temperature = static_cast<float>(number(tempOption));
    settings.sampling.top_p = static_cast<float>(number(topPOption));
    settings.sampling.top_k = static_cast<std::uint32_t>(number(topKOption));
    settings.sampling.seed = static_cast<std::uint64_t>(number(seedOption));
    EngineOptions options;
    options.max_sequences = 1;
    options.threads = static_cast<unsigned>(number(threadsOption));
    if (parser.isSet(ctxOption))
        options.context = static_cast<std::uint32_t>(number(ctxOption));
    if (!ok)
        return ExitUsage;
    DeviceOption::Choice device;
    if (const int refused = DeviceOption::check(QStringLiteral("run"), parser, err, device))
        return refused;
    options.device = device.device;
    options.gpu = device.gpu;
    options.gpu_layers = device.gpuLayers;

    int status = ExitOk;
    const int loaded = runOnModelFile(QStringLiteral("run"), positional[0], err, [&] {
        const auto model = Model::open(positional[0].toStdString());
        Engine engine(model, options);
        std::signal(SIGINT, on_interrupt);
        const bool harmony = speaks_harmony(model->tokenizer().vocabulary());
        if (!parser.isSet(promptOption)) {
            settings.render_special = harmony;
            status = chat(engine, settings, out, err);
            return;
        }
        const auto text = parser.value(promptOption).toStdString();
        GenerationRequest request = settings;
        if (parser.isSet(QStringLiteral("chat"))) {
            request.prompt = prompt_from_conversation(
                model->tokenizer(), nlohmann::ordered_json::array({ { { "role", "user" }, { "content", text } } }));
            request.render_special = harmony;
        } else
            request.prompt = prompt_from_text(model->tokenizer(), text);
        const bool json = parser.isSet(QStringLiteral("json"));
        if (json)
            request.sampling.top_logprobs = 10;
        const auto prompt_ids = request.prompt;
        const auto answer = generate(engine, std::move(request), json ? nullptr : &out);
        if (answer.finish == FinishReason::Error) {
            err << tr("hearth run: %1\n").arg(QString::fromUtf8(answer.error.c_str()));
            status = ExitFailure;
            return;
        }
        if (json) {
            QJsonArray promptArray, idArray;
            for (const auto id : prompt_ids)
                promptArray.append(id);
            for (const auto id : answer.ids)
                idArray.append(id);
            const auto& u = answer.usage;
            out << QJsonDocument(QJsonObject {
                                     { QStringLiteral("prompt_ids"), promptArray },
                                     { QStringLiteral("ids"), idArray },
                                     { QStringLiteral("text"), QString::fromUtf8(answer.text.c_str()) },
                                     { QStringLiteral("finish_reason"),
                                         QString::fromUtf8(std::string(finish_reason_name(answer.finish)).c_str()) },
                                     { QStringLiteral("top"), answer.top },
                                     { QStringLiteral("prompt_tokens"), static_cast<int>(u.prompt_tokens) },
                                     { QStringLiteral("completion_tokens"), static_cast<int>(u.completion_tokens) },
                                     { QStringLiteral("time_to_first_token_s"), u.time_to_first_token_s },
                                     { QStringLiteral("generation_s"), u.generation_s },
                                 })
                       .toJson(QJsonDocument::Compact)
                << '\n';
        } else {
            out << '\n';
            out.flush();
            err << statistics(answer.usage) << '\n';
        }
    });
    return loaded == ExitOk ? status : loaded;
}

} // namespace hearth::app
