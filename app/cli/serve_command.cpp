#include "app/cli/serve_command.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QFile>
#include <QHostAddress>
#include <QTextStream>
#include <QTimer>

#include "app/cli/cli.h"
#include "app/cli/command_line.h"
#include "app/cli/device_option.h"
#include "app/cli/stop_request.h"
#include "app/inference/local_model.h"
#include "app/server/output_redactor.h"
#include "app/server/server_thread.h"

namespace hearth::app {

int ServeCommand::run(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Serves a model as an OpenAI-compatible API (chat completions, completions, "
                                        "embeddings, models, health, metrics) until stopped with Ctrl-C."));
    parser.addPositionalArgument(QStringLiteral("model"), tr("A GGUF model file."));
    const QCommandLineOption hostOption(QStringLiteral("host"),
        tr("Address to listen on (default 127.0.0.1: this machine only)."), tr("ADDRESS"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption portOption(
        QStringLiteral("port"), tr("Port (default 8080; 0 picks a free one)."), tr("PORT"), QStringLiteral("8080"));
    const QCommandLineOption keysOption(QStringLiteral("api-key-file"),
        tr("A file of API keys, one per line (\"KEY\" or \"NAME KEY\"); clients send one as a bearer token. "
           "Required to listen beyond this machine."),
        tr("FILE"));
    const QCommandLineOption parallelOption(
        QStringLiteral("parallel"), tr("Sequences generated together (default 4)."), tr("N"), QStringLiteral("4"));
    const QCommandLineOption threadsOption(
        QStringLiteral("threads"), tr("CPU threads (default: one per core)."), tr("N"), QStringLiteral("0"));
    const QCommandLineOption contextOption(QStringLiteral("ctx"),
        tr("Context length per sequence (default: the model's, at most 8192)."), tr("N"), QStringLiteral("0"));
    const QCommandLineOption bodyOption(QStringLiteral("max-body-mb"),
        tr("Largest request body accepted, in MiB (default 8); larger ones get 413."), tr("N"), QStringLiteral("8"));
    const QCommandLineOption rpmOption(QStringLiteral("rpm"),
        tr("Requests per minute each key may send (default 0: no limit); more get 429."), tr("N"), QStringLiteral("0"));
    const QCommandLineOption tpmOption(QStringLiteral("tpm"),
        tr("Tokens per minute each key may use, prompt and answer (default 0: no limit)."), tr("N"),
        QStringLiteral("0"));
    const QCommandLineOption corsOption(QStringLiteral("cors"),
        tr("Browser origins allowed to call the API, comma-separated, or * for any (default: none)."), tr("ORIGINS"));
    const QCommandLineOption redactOption(
        QStringLiteral("redact"), tr("Replace ID, mobile, passport and card numbers in answers with [REDACTED]."));
    const QCommandLineOption queueOption(QStringLiteral("queue"),
        tr("Requests that may wait for a free sequence (default: three times --parallel); more get 503."), tr("N"));
    const QCommandLineOption quietOption(QStringLiteral("quiet"), tr("Do not print a line per request."));
    parser.addOptions({ hostOption, portOption, keysOption, parallelOption, threadsOption, contextOption, bodyOption,
        rpmOption, tpmOption, corsOption, redactOption, queueOption, quietOption });
    parser.addOptions(DeviceOption::options());
    if (const auto exitCode = CommandLine::parse(parser, QStringLiteral("serve"), args, out, err))
        return *exitCode;
    const auto positional = parser.positionalArguments();
    if (positional.size() != 1) {
        err << tr("hearth serve: expected one MODEL.gguf\n");
        return ExitUsage;
    }
    bool ok = true;
    const auto number = [&](const QCommandLineOption& option, uint max) {
        bool valid = false;
        const uint value = parser.value(option).toUInt(&valid);
        if (!valid || value > max) {
            err << tr("hearth serve: --%1 needs a whole number from 0 to %2\n").arg(option.names().last()).arg(max);
            ok = false;
        }
        return value;
    };
    const auto port = static_cast<quint16>(number(portOption, 65535));
    const uint parallel = number(parallelOption, 256);
    const uint threads = number(threadsOption, 1024);
    const uint context = number(contextOption, 1u << 20);
    const uint maxBodyMiB = number(bodyOption, 1024);
    const uint rpm = number(rpmOption, 1000000);
    const uint tpm = number(tpmOption, 1000000000);
    const uint queue = parser.isSet(queueOption) ? number(queueOption, 100000) : 3 * std::max(1u, parallel);
    const QHostAddress host(parser.value(hostOption));
    if (host.isNull()) {
        err << tr("hearth serve: --host needs an IP address, such as 127.0.0.1 or 0.0.0.0\n");
        ok = false;
    }
    if (!ok)
        return ExitUsage;
    DeviceOption::Choice device;
    if (const int refused = DeviceOption::check(QStringLiteral("serve"), parser, err, device))
        return refused;

    QList<ApiKey> keys;
    if (parser.isSet(keysOption)) {
        QFile file(parser.value(keysOption));
        if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
            err << tr("hearth serve: cannot read %1: %2\n").arg(file.fileName(), file.errorString());
            return ExitFailure;
        }
        for (const QByteArray& raw : file.readAll().split('\n')) {
            const QByteArray line = raw.simplified();
            if (line.isEmpty() || line.startsWith('#'))
                continue;
            const qsizetype space = line.lastIndexOf(' ');
            const QString name = space > 0 ? QString::fromUtf8(line.left(space)) : tr("key %1").arg(keys.size() + 1);
            ApiKey key = ApiKey::fromSecret(name, space > 0 ? line.mid(space + 1) : line);
            key.requestsPerMinute = static_cast<int>(rpm);
            key.tokensPerMinute = static_cast<int>(tpm);
            keys << key;
        }
        if (keys.isEmpty()) {
            err << tr("hearth serve: %1 holds no API key\n").arg(file.fileName());
            return ExitFailure;
        }
    }
    if (!host.isLoopback() && keys.isEmpty()) {
        err << tr("hearth serve: listening on %1 shares the model beyond this machine; give it API keys with "
                  "--api-key-file first\n")
                   .arg(host.toString());
        return ExitUsage;
    }

    LocalModel model;
    QEventLoop loading;
    QObject::connect(&model, &LocalModel::loaded, &loading, &QEventLoop::quit);
    QObject::connect(&model, &LocalModel::loadFailed, &loading, &QEventLoop::quit);
    LocalModel::Options options { context, std::max(1u, parallel), threads };
    options.device = device.device;
    options.gpu = device.gpu;
    options.gpuLayers = device.gpuLayers;
    model.load(positional.first(), options);
    loading.exec();
    if (model.state() != LocalModel::State::Ready) {
        err << tr("hearth serve: %1\n").arg(model.errorString());
        return ExitFailure;
    }

    ServerConfig config;
    config.host = host;
    config.port = port;
    config.keys = keys;
    if (parser.isSet(corsOption))
        config.corsOrigins = parser.value(corsOption).split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (parser.isSet(redactOption))
        config.redactionPatterns = OutputRedactor::defaultPatterns();
    config.maxBodyBytes = static_cast<qsizetype>(std::max(1u, maxBodyMiB)) << 20;
    // The sequences generated together and those waiting; more get 503.
    config.maxInFlight = static_cast<int>(std::max(1u, parallel) + queue);
    ServerThread server(model);
    if (!parser.isSet(quietOption))
        QObject::connect(&server, &ServerThread::requestFinished, &server, [&out](const RequestRecord& record) {
            out << QStringLiteral("%1 %2 %3 %4 %5 %6+%7 tokens %8 s\n")
                       .arg(record.time.toString(Qt::ISODate),
                           record.keyName.isEmpty()
                               ? QStringLiteral("-")
                               : QString(record.keyName).replace(QLatin1Char(' '), QLatin1Char('_')),
                           record.method, record.path)
                       .arg(record.status)
                       .arg(record.promptTokens)
                       .arg(record.completionTokens)
                       .arg(record.latencyS, 0, 'f', 3);
            out.flush();
        });
    const quint16 bound = server.start(config);
    if (!bound) {
        err << tr("hearth serve: %1\n").arg(server.errorString());
        return ExitFailure;
    }
    const QString shownHost = host.protocol() == QAbstractSocket::IPv6Protocol
        ? QStringLiteral("[%1]").arg(host.toString())
        : host.toString();
    out << tr("Serving %1 at http://%2:%3/v1 (%4); Ctrl-C stops.\n")
               .arg(model.displayName(), shownHost)
               .arg(bound)
               .arg(keys.isEmpty() ? tr("no API key needed") : tr("%n API key(s)", nullptr, keys.size()));
    out.flush();

    const StopRequest stop;
    QTimer watch;
    QObject::connect(&watch, &QTimer::timeout, QCoreApplication::instance(), [&stop] {
        if (stop.requested())
            QCoreApplication::quit();
    });
    watch.start(100);
    QCoreApplication::exec();
    err << tr("hearth serve: stopped\n");
    return ExitOk;
}

} // namespace hearth::app
