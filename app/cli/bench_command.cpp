#include "app/cli/bench_command.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTextStream>

#include <optional>

#include <sys/resource.h>

#include "app/cli/cli.h"
#include "app/cli/command_line.h"
#include "app/cli/device_option.h"
#include "app/cli/model_errors.h"
#include "app/inference/device_text.h"
#include "engine/convert/synthetic_model.h"
#include "engine/cpu/simd_level.h"
#include "engine/model/model.h"
#include "engine/runtime/speed_test.h"

namespace hearth::app {

namespace {

std::string joined(const std::vector<std::string>& names)
{
    std::string text;
    for (const auto& name : names)
        text += (text.empty() ? "" : ", ") + name;
    return text;
}

} // namespace

int BenchCommand::run(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Measures how fast a model reads a prompt and generates tokens on this machine, as llama-bench does."));
    parser.addPositionalArgument(QStringLiteral("model"), tr("A GGUF model file (not with --synthetic)."));
    const QCommandLineOption promptOption({ QStringLiteral("p"), QStringLiteral("prompt-tokens") },
        tr("Prompt length (default 512)."), tr("N"), QStringLiteral("512"));
    const QCommandLineOption tokensOption({ QStringLiteral("n"), QStringLiteral("tokens") },
        tr("Tokens to generate (default 128)."), tr("N"), QStringLiteral("128"));
    const QCommandLineOption repeatOption({ QStringLiteral("r"), QStringLiteral("repetitions") },
        tr("Runs of each test after a warm-up (default 3)."), tr("N"), QStringLiteral("3"));
    const QCommandLineOption depthOption({ QStringLiteral("d"), QStringLiteral("depth") },
        tr("Positions already in the cache when generation starts (default 0)."), tr("N"), QStringLiteral("0"));
    const QCommandLineOption threadsOption(
        QStringLiteral("threads"), tr("CPU threads (default: one per core)."), tr("N"), QStringLiteral("0"));
    const QCommandLineOption parallelOption(
        QStringLiteral("parallel"), tr("Sequences generated together (default 1)."), tr("N"), QStringLiteral("1"));
    const QCommandLineOption syntheticOption(QStringLiteral("synthetic"),
        tr("Instead of a file, a model of this published shape with random weights, built in memory: %1.")
            .arg(QString::fromStdString(joined(synthetic_shape_names()))),
        tr("SHAPE"));
    const QCommandLineOption quantOption(QStringLiteral("quant"),
        tr("The synthetic model's format, such as q4_k_m, q8_0 or f16 (default q4_k_m)."), tr("TYPE"),
        QStringLiteral("q4_k_m"));
    const QCommandLineOption bandwidthOption(QStringLiteral("bandwidth"),
        tr("Also measure the device's memory bandwidth and the share of it generation reaches."));
    parser.addOptions({ promptOption, tokensOption, repeatOption, depthOption, threadsOption, parallelOption,
        syntheticOption, quantOption, bandwidthOption });
    parser.addOptions(DeviceOption::options());
    parser.addOptions({
        { QStringLiteral("json"), tr("Print one JSON object.") },
    });
    if (const auto exitCode = CommandLine::parse(parser, QStringLiteral("bench"), args, out, err))
        return *exitCode;
    const auto positional = parser.positionalArguments();
    const bool synthetic = parser.isSet(syntheticOption);
    if (positional.size() != (synthetic ? 0 : 1)) {
        err << tr("hearth bench: expected one MODEL.gguf, or --synthetic SHAPE\n");
        return ExitUsage;
    }
    bool ok = true;
    const auto count = [&](const QCommandLineOption& option) {
        bool valid = false;
        const uint value = parser.value(option).toUInt(&valid);
        if (!valid) {
            err << tr("hearth bench: --%1 needs a whole number that is not negative\n").arg(option.names().last());
            ok = false;
        }
        return value;
    };
    SpeedTestOptions options;
    options.prompt_tokens = count(promptOption);
    options.generated_tokens = count(tokensOption);
    options.repetitions = count(repeatOption);
    options.depth = count(depthOption);
    options.threads = count(threadsOption);
    options.sequences = count(parallelOption);
    options.measure_bandwidth = parser.isSet(bandwidthOption);
    if (!ok)
        return ExitUsage;
    if (options.sequences == 0 || options.repetitions == 0) {
        err << tr("hearth bench: --parallel and -r need at least 1\n");
        return ExitUsage;
    }
    std::optional<ModelShape> shape;
    std::optional<ModelQuant> quant;
    if (synthetic) {
        shape = synthetic_shape(parser.value(syntheticOption).toStdString());
        quant = model_quant_from_name(parser.value(quantOption).toStdString());
        if (!shape) {
            err << tr("hearth bench: no shape called %1; these are known: %2\n")
                       .arg(parser.value(syntheticOption), QString::fromStdString(joined(synthetic_shape_names())));
            return ExitUsage;
        }
        if (!quant) {
            err << tr("hearth bench: --quant is one of f16, bf16, q8_0, q6_k, q5_k_m, q5_k_s, q4_k_m, q4_k_s, q4_0\n");
            return ExitUsage;
        }
    }
    DeviceOption::Choice device;
    if (const int refused = DeviceOption::check(QStringLiteral("bench"), parser, err, device))
        return refused;
    options.device = device.device;
    options.gpu = device.gpu;
    options.gpu_layers = device.gpuLayers;

    const QString name = synthetic
        ? tr("%1 %2 (synthetic)")
              .arg(parser.value(syntheticOption), QString::fromUtf8(std::string(model_quant_name(*quant)).c_str()))
        : positional[0];
    return runOnModelFile(QStringLiteral("bench"), name, err, [&] {
        const auto model = synthetic ? synthetic_model(*shape, *quant) : Model::open(positional[0].toStdString());
        const auto result = measure_speed(*model, options);
        // Peak resident memory: the mapped weights actually touched, the KV
        // cache and the buffers; on the CPU it should stay close to the file's size.
        rusage usage {};
        getrusage(RUSAGE_SELF, &usage);
        const double peak_bytes = static_cast<double>(usage.ru_maxrss) * 1024.0;
        const double weight_bytes = static_cast<double>(model->file().tensor_bytes());
        const bool gpu = result.device.kind == ComputeDevice::Cuda;
        const auto simd = QString::fromUtf8(std::string(cpu::simd_level_name(cpu::detect_simd_level())).c_str());
        if (parser.isSet(QStringLiteral("json"))) {
            out << QJsonDocument(
                QJsonObject {
                    { QStringLiteral("model"), name },
                    { QStringLiteral("pp_tok_s"), result.prompt_tokens_per_s },
                    { QStringLiteral("pp_stddev"), result.prompt_stddev },
                    { QStringLiteral("tg_tok_s"), result.generated_tokens_per_s },
                    { QStringLiteral("tg_stddev"), result.generated_stddev },
                    { QStringLiteral("prompt_tokens"), static_cast<int>(options.prompt_tokens) },
                    { QStringLiteral("generated_tokens"), static_cast<int>(options.generated_tokens) },
                    { QStringLiteral("depth"), static_cast<int>(options.depth) },
                    { QStringLiteral("parallel"), static_cast<int>(options.sequences) },
                    { QStringLiteral("threads"), static_cast<int>(result.threads) },
                    { QStringLiteral("device"), gpu ? QStringLiteral("cuda") : QStringLiteral("cpu") },
                    { QStringLiteral("gpu_name"), QString::fromStdString(result.device.name) },
                    { QStringLiteral("device_bytes"), static_cast<double>(result.device.device_bytes) },
                    { QStringLiteral("simd"), simd },
                    { QStringLiteral("peak_rss_bytes"), peak_bytes },
                    { QStringLiteral("weights_bytes"), weight_bytes },
                    { QStringLiteral("step_bytes"), result.step_bytes },
                    { QStringLiteral("bandwidth_bytes_s"), result.bandwidth_bytes_s },
                    { QStringLiteral("bandwidth_share"), result.bandwidth_share },
                })
                       .toJson(QJsonDocument::Compact)
                << '\n';
            return;
        }
        const std::uint32_t layers = model->config().shape.layers;
        if (gpu && result.device.gpu_layers < layers)
            out << tr("%1 on %2 (GPU %3): %4 of %5 layers, the rest on the CPU (%6 threads)\n")
                       .arg(name, DeviceText::deviceName(result.device))
                       .arg(options.gpu)
                       .arg(result.device.gpu_layers)
                       .arg(layers)
                       .arg(result.threads);
        else if (gpu)
            out << tr("%1 on %2 (GPU %3)\n").arg(name, DeviceText::deviceName(result.device)).arg(options.gpu);
        else
            out << tr("%1 on the CPU (%2 threads, %3)\n").arg(name).arg(result.threads).arg(simd);
        if (options.prompt_tokens)
            out << tr("  pp%1: %2 ± %3 tokens/s\n")
                       .arg(options.prompt_tokens)
                       .arg(result.prompt_tokens_per_s, 0, 'f', 2)
                       .arg(result.prompt_stddev, 0, 'f', 2);
        if (options.generated_tokens && options.depth)
            out << tr("  tg%1 after %2 cached positions: %3 ± %4 tokens/s\n")
                       .arg(options.generated_tokens)
                       .arg(options.depth)
                       .arg(result.generated_tokens_per_s, 0, 'f', 2)
                       .arg(result.generated_stddev, 0, 'f', 2);
        else if (options.generated_tokens)
            out << tr("  tg%1: %2 ± %3 tokens/s\n")
                       .arg(options.generated_tokens)
                       .arg(result.generated_tokens_per_s, 0, 'f', 2)
                       .arg(result.generated_stddev, 0, 'f', 2);
        if (result.bandwidth_bytes_s > 0)
            out << tr("  generation reads %1 a step: %2% of the %3/s this device reads\n")
                       .arg(QLocale::c().formattedDataSize(static_cast<qint64>(result.step_bytes)))
                       .arg(result.bandwidth_share * 100, 0, 'f', 1)
                       .arg(QLocale::c().formattedDataSize(static_cast<qint64>(result.bandwidth_bytes_s)));
        if (gpu)
            out << tr("  %1 of GPU memory for %2 of weights\n")
                       .arg(QLocale::c().formattedDataSize(static_cast<qint64>(result.device.device_bytes)))
                       .arg(QLocale::c().formattedDataSize(static_cast<qint64>(weight_bytes)));
        else
            out << tr("  peak resident memory %1 GiB for %2 GiB of weights\n")
                       .arg(peak_bytes / (1 << 30), 0, 'f', 2)
                       .arg(weight_bytes / (1 << 30), 0, 'f', 2);
    });
}

} // namespace hearth::app
