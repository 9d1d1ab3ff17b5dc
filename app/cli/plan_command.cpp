#include "app/cli/plan_command.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include "app/cli/cli.h"
#include "app/cli/command_line.h"
#include "app/cli/terminal_text.h"
#include "app/deploy/cluster_export.h"
#include "app/plan/catalog.h"
#include "app/plan/plan_report.h"
#include "engine/cuda/local_gpus.h"

namespace hearth::app {
namespace {

QList<GpuSpec> machineGpus()
{
    QList<GpuSpec> gpus;
    for (const auto& gpu : local_gpus())
        gpus.append(gpu);
    return gpus;
}

int listCatalog(bool json, QTextStream& out)
{
    const auto& models = ModelCatalog::builtIn().models();
    const auto& gpus = GpuCatalog::builtIn().gpus();
    if (json) {
        QJsonArray modelArray, gpuArray;
        for (const auto& m : models)
            modelArray.append(QJsonObject { { QStringLiteral("id"), m.id }, { QStringLiteral("name"), m.name },
                { QStringLiteral("family"), m.family }, { QStringLiteral("hf_repo"), m.hfRepo },
                { QStringLiteral("parameters"), static_cast<qint64>(count_parameters(m.shape).total()) },
                { QStringLiteral("cluster_only"), m.clusterOnly } });
        for (const auto& g : gpus)
            gpuArray.append(QJsonObject { { QStringLiteral("name"), QString::fromStdString(g.name) },
                { QStringLiteral("capacity_bytes"), static_cast<qint64>(g.capacity_bytes) } });
        out << QJsonDocument(
            QJsonObject { { QStringLiteral("models"), modelArray }, { QStringLiteral("gpus"), gpuArray } })
                   .toJson();
        return ExitOk;
    }
    out << PlanCommand::tr("Models:\n");
    for (const auto& m : models)
        out << QStringLiteral("  ") << padLeftAligned(m.id, 32)
            << PlanCommand::tr("%1 B parameters").arg(count_parameters(m.shape).total() / 1e9, 7, 'f', 2)
            << QLatin1Char('\n');
    out << PlanCommand::tr("GPUs:\n");
    for (const auto& g : gpus)
        out << QStringLiteral("  ") << padLeftAligned(QString::fromStdString(g.name), 24) << formatGiB(g.capacity_bytes)
            << QLatin1Char('\n');
    return ExitOk;
}

bool parseCount(const QCommandLineParser& parser, const QString& name, std::uint32_t low, std::uint32_t high,
    std::uint32_t* value, QTextStream& err)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const auto parsed = parser.value(name).toUInt(&ok);
    if (!ok || parsed < low || parsed > high) {
        err << PlanCommand::tr("hearth plan: --%1 must be a whole number from %2 to %3, not \"%4\"\n")
                   .arg(name)
                   .arg(low)
                   .arg(high)
                   .arg(parser.value(name));
        return false;
    }
    *value = parsed;
    return true;
}

} // namespace

int PlanCommand::run(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Plans the memory a model needs and the GPUs it fits."));
    parser.addOptions({
        { QStringLiteral("model"), tr("A GGUF file, or a catalog id (see --list)."), tr("FILE|ID") },
        { QStringLiteral("quant"),
            tr("Quantization: F16, BF16, Q8_0, Q6_K, Q5_K_M, Q4_K_M, Q4_0, … (default: Q4_K_M, or as stored in a "
               "file)."),
            tr("Q") },
        { QStringLiteral("ctx"), tr("Context length in tokens (default: 8192, or less when the model is shorter)."),
            tr("N") },
        { QStringLiteral("batch"), tr("Sequences decoded in parallel (default: 1)."), tr("N") },
        { QStringLiteral("kv"), tr("KV cache type: f16 or q8_0 (default: f16)."), tr("TYPE") },
        { QStringLiteral("gpu"), tr("The GPU to plan for, or part of its name (default: this machine's)."),
            tr("NAME") },
        { QStringLiteral("export"),
            tr("Write a vLLM cluster deployment (launch script, compose file, nginx) into DIR."), tr("DIR") },
        { QStringLiteral("list"), tr("List the catalog's models and GPUs.") },
        { QStringLiteral("json"), tr("Print one JSON object.") },
    });
    if (const auto exitCode = CommandLine::parse(parser, QStringLiteral("plan"), args, out, err))
        return *exitCode;
    if (!parser.positionalArguments().isEmpty()) {
        err << tr("hearth plan: unexpected argument \"%1\"\n").arg(parser.positionalArguments().first());
        return ExitUsage;
    }
    const bool json = parser.isSet(QStringLiteral("json"));
    if (parser.isSet(QStringLiteral("list")))
        return listCatalog(json, out);
    if (!parser.isSet(QStringLiteral("model"))) {
        err << tr("hearth plan: --model is required (a GGUF file or a catalog id; see --list)\n");
        return ExitUsage;
    }

    PlanRequest request;
    QString error;
    const auto model = resolvePlannedModel(parser.value(QStringLiteral("model")), &error);
    if (!model) {
        err << QStringLiteral("hearth plan: ") << error << QLatin1Char('\n');
        return ExitFailure;
    }
    request.model = *model;
    const auto maxContext = model->engine.shape.max_context;
    request.options.context = maxContext ? std::min<std::uint32_t>(8192, maxContext) : 8192;
    request.options.quant = model->filePath.isEmpty() ? "Q4_K_M" : "";
    if (parser.isSet(QStringLiteral("quant"))) {
        const auto quant = parser.value(QStringLiteral("quant"));
        if (!find_quant_level(quant.toStdString())) {
            err << tr("hearth plan: unknown quantization \"%1\"\n").arg(quant);
            return ExitUsage;
        }
        request.options.quant = quant.toStdString();
    }
    if (!parseCount(parser, QStringLiteral("ctx"), 1, 1u << 24, &request.options.context, err)
        || !parseCount(parser, QStringLiteral("batch"), 1, 4096, &request.options.batch, err))
        return ExitUsage;
    if (parser.isSet(QStringLiteral("kv"))) {
        const auto kv = kv_type_from_name(parser.value(QStringLiteral("kv")).toStdString());
        if (!kv) {
            err << tr("hearth plan: --kv must be f16 or q8_0, not \"%1\"\n").arg(parser.value(QStringLiteral("kv")));
            return ExitUsage;
        }
        request.options.kv = *kv;
    }
    request.targetGpu = parser.value(QStringLiteral("gpu"));

    const auto report = Planner::plan(request, machineGpus(), &error);
    if (!report) {
        err << QStringLiteral("hearth plan: ") << error << QLatin1Char('\n');
        return ExitFailure;
    }

    QJsonObject exported;
    if (parser.isSet(QStringLiteral("export"))) {
        const auto deployment = ClusterExport::make(*report, ClusterExport::generateApiKey(), &error);
        const auto files = deployment
            ? ClusterExport::write(*deployment, parser.value(QStringLiteral("export")), &error)
            : std::nullopt;
        if (!files) {
            err << QStringLiteral("hearth plan: ") << error << QLatin1Char('\n');
            return ExitFailure;
        }
        exported = { { QStringLiteral("dir"), parser.value(QStringLiteral("export")) },
            { QStringLiteral("files"), QJsonArray::fromStringList(*files) },
            { QStringLiteral("tensor_parallel_size"), deployment->tensorParallel },
            { QStringLiteral("pipeline_parallel_size"), deployment->pipelineParallel } };
    }

    if (json) {
        auto object = Planner::toJson(*report);
        if (!exported.isEmpty())
            object[QStringLiteral("export")] = exported;
        out << QJsonDocument(object).toJson();
    } else {
        out << Planner::toText(*report);
        if (!exported.isEmpty()) {
            out << QLatin1Char('\n') << tr("Cluster deployment written:") << QLatin1Char('\n');
            for (const auto& file : exported.value(QStringLiteral("files")).toArray())
                out << QStringLiteral("  ") << file.toString() << QLatin1Char('\n');
        }
    }
    return ExitOk;
}

} // namespace hearth::app
