#include "app/plan/plan_report.h"

#include <QJsonArray>
#include <QLocale>

#include <cmath>

#include "app/cli/terminal_text.h"
#include "engine/plan/decode_speed.h"

namespace hearth::app {
namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
const QString kDefaultTarget = QStringLiteral("RTX 4090 24GB");

QString number(std::uint64_t n)
{
    return QLocale().toString(static_cast<qulonglong>(n));
}

QString signedGiB(double gib)
{
    return (gib >= 0 ? QStringLiteral("+") : QString()) + QString::number(gib, 'f', 2);
}

} // namespace

QString formatGiB(std::uint64_t bytes)
{
    return Planner::tr("%1 GiB").arg(static_cast<double>(bytes) / kGiB, 0, 'f', 2);
}

std::optional<PlanReport> Planner::plan(const PlanRequest& request, const QList<GpuSpec>& localGpus, QString* error)
{
    PlanReport report;
    report.model = request.model;
    report.options = request.options;
    const auto memory = plan_memory(request.model.engine, request.options);
    if (!memory) {
        QStringList known;
        for (const auto& level : quant_levels())
            known << QString::fromLatin1(level.name.data(), static_cast<qsizetype>(level.name.size()));
        *error = tr("unknown quantization \"%1\"; choose one of %2")
                     .arg(QString::fromStdString(request.options.quant), known.join(QStringLiteral(", ")));
        return std::nullopt;
    }
    report.memory = *memory;
    report.seed = seed_estimate(static_cast<double>(memory->parameters),
        seed_precision_for_bits(memory->bits_per_weight), request.options.batch, request.options.context);

    for (const auto& gpu : localGpus)
        report.gpus.append({ gpu, fit_gpu(request.model.engine, request.options, gpu) });
    for (const auto& gpu : GpuCatalog::builtIn().gpus())
        report.gpus.append({ gpu, fit_gpu(request.model.engine, request.options, gpu) });

    const auto indexOf = [&](const QString& name, bool partial) {
        int found = -1;
        for (int i = 0; i < report.gpus.size(); ++i) {
            const auto gpuName = QString::fromStdString(report.gpus[i].gpu.name);
            if (gpuName.compare(name, Qt::CaseInsensitive) == 0)
                return i;
            if (partial && gpuName.contains(name, Qt::CaseInsensitive) && found < 0)
                found = i;
        }
        return found;
    };
    if (!request.targetGpu.isEmpty()) {
        report.target = indexOf(request.targetGpu, true);
        if (report.target < 0) {
            *error = tr("no GPU named \"%1\" in this machine or the catalog (see hearth plan --list)")
                         .arg(request.targetGpu);
            return std::nullopt;
        }
        report.targetReason = tr("chosen");
    } else if (!localGpus.isEmpty()) {
        report.target = 0;
        report.targetReason = tr("the GPU in this machine");
    } else {
        report.target = indexOf(kDefaultTarget, false);
        report.targetReason = tr("no GPU found in this machine; a common workstation card");
    }
    return report;
}

QStringList Planner::explanations(const PlanReport& r)
{
    const auto& m = r.memory;
    const auto& s = r.model.engine.shape;
    const auto& o = r.options;
    QStringList lines;
    if (m.exact_weights)
        lines << tr(
            "Weights: the sum of the file's tensors as stored (%1 parameters, %2, %3 bits per weight on average) = %4.")
                     .arg(number(m.parameters), QString::fromStdString(m.quant))
                     .arg(m.bits_per_weight, 0, 'f', 2)
                     .arg(formatGiB(m.weights_bytes));
    else
        lines << tr("Weights: %1 parameters (counted from the shape) × %2 bits per weight (%3) ÷ 8 = %4.")
                     .arg(number(m.parameters))
                     .arg(m.bits_per_weight, 0, 'f', 2)
                     .arg(QString::fromStdString(m.quant), formatGiB(m.weights_bytes));
    if (s.is_moe()) {
        const ParameterCount counted = count_parameters(s);
        lines << tr("Experts: %1 of %2 run for each token, so a token computes with %3 of the %4 parameters; all of "
                    "them stay in memory.")
                     .arg(s.experts_used)
                     .arg(s.experts)
                     .arg(number(counted.active()), number(counted.total()));
    }
    const double kvBytes = kv_bytes_per_element(o.kv);
    const auto kvName = QString::fromLatin1(kv_type_name(o.kv).data()).toUpper();
    if (s.uses_mla())
        lines << tr(
            "KV cache: %1 layers × (%2 latent + %3 RoPE) values × %4 tokens × %5 sequences × %6 bytes (%7) = %8; "
            "multi-head latent attention caches one compressed vector per token instead of K and V per head.")
                     .arg(s.layers)
                     .arg(s.kv_lora_rank)
                     .arg(s.rope_head_dim)
                     .arg(o.context)
                     .arg(o.batch)
                     .arg(kvBytes, 0, 'g', 4)
                     .arg(kvName, formatGiB(m.kv_cache_bytes));
    else
        lines << tr("KV cache: 2 (K and V) × %1 layers × %2 KV heads × %3 dimensions × %4 tokens × %5 sequences × %6 "
                    "bytes (%7) = %8.")
                     .arg(s.layers)
                     .arg(s.kv_heads)
                     .arg(s.head_dim)
                     .arg(o.context)
                     .arg(o.batch)
                     .arg(kvBytes, 0, 'g', 4)
                     .arg(kvName, formatGiB(m.kv_cache_bytes));
    lines << tr("Compute buffers: f32 scratch for one %1-token prompt chunk (residual stream, q/k/v, FFN activations, "
                "one %2-key attention tile per head) plus one row of %3 logits per sequence = %4.")
                 .arg(m.prompt_chunk)
                 .arg(PlanConstants::kAttentionTile)
                 .arg(s.vocab)
                 .arg(formatGiB(m.compute_bytes));
    lines << tr("Runtime overhead: CUDA context, cuBLAS workspace and allocator slack, a fixed %1.")
                 .arg(formatGiB(m.overhead_bytes));
    lines << tr("Total: weights + KV cache + compute buffers + runtime overhead = %1.").arg(formatGiB(m.total_bytes));
    lines << tr("Fits: the total is within %1 % of a GPU's memory (of its free memory for GPUs in this machine); "
                "the rest stays free for the desktop and fragmentation.")
                 .arg(100 - static_cast<int>(std::lround(PlanConstants::kHeadroom * 100)));
    lines << tr(
        "Max context: the longest context, in steps of 256 tokens up to the model's %1, whose total still fits.")
                 .arg(s.max_context);
    lines << tr("Layers on GPU: when the model does not fit whole, whole layers with their KV cache go to the GPU "
                "(%1 each) and the rest, with the embeddings and output head, run on the CPU.")
                 .arg(formatGiB(m.layer_weights_bytes + (s.layers ? m.kv_cache_bytes / s.layers : 0)));
    lines << tr(
        "GPUs needed: tensor parallelism over N GPUs (vLLM's --tensor-parallel-size) divides the weights and KV heads "
        "by N "
        "and repeats the buffers and overhead on each; N is a power of two that divides the %1 attention heads.")
                 .arg(s.heads);
    lines << tr(
        "Best quantization: the most precise of F16 … Q2_K whose total fits the GPU at this context and batch.");
    const auto& target = r.targetRow().gpu;
    const DecodeSpeed speed = decode_speed_ceiling(m, s, target.bandwidth_gb_s);
    if (speed.tokens_per_s > 0)
        lines << tr("Decode speed: each token reads about %1 of the weights (%2), so %3's %4 GB/s allow at most %5 "
                    "tokens/s; engines reach 60-80 % of that.")
                     .arg(formatGiB(speed.bytes_per_token),
                         s.is_moe() ? tr("the chosen experts only") : tr("all but the embedding table"),
                         QString::fromStdString(target.name))
                     .arg(target.bandwidth_gb_s, 0, 'f', 0)
                     .arg(speed.tokens_per_s, 0, 'f', 0);
    lines << seedComparison(r);
    return lines;
}

QString Planner::seedComparison(const PlanReport& r)
{
    const auto& e = r.seed;
    const auto& m = r.memory;
    const double exactTotal = m.total_bytes / kGiB;
    return tr(
        "Quick estimate (the deployment guide's formula): %1 B parameters × %2 bytes (%3) = %4 GiB weights, "
        "+ 15 % of that per sequence per 2048 tokens for the KV cache (%5 GiB), + 10 % per sequence for activations "
        "(%6 GiB), + 2 GiB framework = %7 GiB (%8 GiB with its 20 % margin). Against the exact %9 GiB: weights %10, "
        "KV cache %11, activations and overhead %12 GiB — the guide assumes whole bytes per weight and a KV cache "
        "proportional to the weights, while the exact plan uses the model's real tensor sizes and KV shape.")
        .arg(m.parameters / 1e9, 0, 'f', 2)
        .arg(e.precision == "fp32"      ? 4.0
                : e.precision == "int8" ? 1.0
                : e.precision == "int4" ? 0.5
                                        : 2.0)
        .arg(QString::fromLatin1(e.precision.data(), static_cast<qsizetype>(e.precision.size())))
        .arg(e.weights_gib, 0, 'f', 2)
        .arg(e.kv_cache_gib, 0, 'f', 2)
        .arg(e.activations_gib, 0, 'f', 2)
        .arg(e.total_gib, 0, 'f', 2)
        .arg(e.with_margin_gib, 0, 'f', 2)
        .arg(exactTotal, 0, 'f', 2)
        .arg(signedGiB(e.weights_gib - m.weights_bytes / kGiB))
        .arg(signedGiB(e.kv_cache_gib - m.kv_cache_bytes / kGiB))
        .arg(signedGiB(e.activations_gib + e.overhead_gib - (m.compute_bytes + m.overhead_bytes) / kGiB));
}

QJsonObject Planner::toJson(const PlanReport& r)
{
    const auto& m = r.memory;
    QJsonObject json;
    json[QStringLiteral("model")] = r.model.id;
    json[QStringLiteral("model_name")] = r.model.displayName;
    json[QStringLiteral("architecture")] = QString::fromStdString(r.model.engine.shape.architecture);
    json[QStringLiteral("quant")] = QString::fromStdString(m.quant);
    json[QStringLiteral("exact_weights")] = m.exact_weights;
    json[QStringLiteral("parameters")] = static_cast<qint64>(m.parameters);
    // Counted from the shape: a mixture of experts' parameters one token uses.
    json[QStringLiteral("active_parameters")] = static_cast<qint64>(count_parameters(r.model.engine.shape).active());
    json[QStringLiteral("bits_per_weight")] = m.bits_per_weight;
    json[QStringLiteral("context")] = static_cast<qint64>(r.options.context);
    json[QStringLiteral("batch")] = static_cast<qint64>(r.options.batch);
    json[QStringLiteral("kv_type")] = QString::fromLatin1(kv_type_name(r.options.kv).data());
    json[QStringLiteral("weights_bytes")] = static_cast<qint64>(m.weights_bytes);
    json[QStringLiteral("kv_cache_bytes")] = static_cast<qint64>(m.kv_cache_bytes);
    json[QStringLiteral("compute_bytes")] = static_cast<qint64>(m.compute_bytes);
    json[QStringLiteral("overhead_bytes")] = static_cast<qint64>(m.overhead_bytes);
    json[QStringLiteral("total_bytes")] = static_cast<qint64>(m.total_bytes);
    json[QStringLiteral("seed_estimate_gib")] = r.seed.total_gib;
    json[QStringLiteral("seed_estimate")] = QJsonObject {
        { QStringLiteral("precision"),
            QString::fromLatin1(r.seed.precision.data(), static_cast<qsizetype>(r.seed.precision.size())) },
        { QStringLiteral("weights_gib"), r.seed.weights_gib },
        { QStringLiteral("kv_cache_gib"), r.seed.kv_cache_gib },
        { QStringLiteral("activations_gib"), r.seed.activations_gib },
        { QStringLiteral("overhead_gib"), r.seed.overhead_gib },
        { QStringLiteral("total_gib"), r.seed.total_gib },
        { QStringLiteral("with_margin_gib"), r.seed.with_margin_gib },
    };
    const auto& target = r.targetRow();
    json[QStringLiteral("target_gpu")] = QString::fromStdString(target.gpu.name);
    json[QStringLiteral("best_quant")]
        = target.fit.best_quant.empty() ? QJsonValue() : QJsonValue(QString::fromStdString(target.fit.best_quant));
    json[QStringLiteral("needs_cluster")] = r.needsCluster();
    json[QStringLiteral("cluster_only")] = r.model.clusterOnly;
    QJsonArray gpus;
    for (const auto& row : r.gpus) {
        gpus.append(QJsonObject {
            { QStringLiteral("name"), QString::fromStdString(row.gpu.name) },
            { QStringLiteral("capacity_bytes"), static_cast<qint64>(row.gpu.capacity_bytes) },
            { QStringLiteral("free_bytes"),
                row.gpu.local ? QJsonValue(static_cast<qint64>(row.gpu.free_bytes)) : QJsonValue() },
            { QStringLiteral("usable_bytes"), static_cast<qint64>(row.fit.usable_bytes) },
            { QStringLiteral("local"), row.gpu.local },
            { QStringLiteral("count"), row.gpu.count },
            { QStringLiteral("fits"), row.fit.fits },
            { QStringLiteral("max_context"), static_cast<qint64>(row.fit.max_context) },
            { QStringLiteral("layers_on_gpu"), static_cast<qint64>(row.fit.layers_on_gpu) },
            { QStringLiteral("gpus_needed"), static_cast<qint64>(row.fit.gpus_needed) },
            { QStringLiteral("best_quant"),
                row.fit.best_quant.empty() ? QJsonValue() : QJsonValue(QString::fromStdString(row.fit.best_quant)) },
        });
    }
    json[QStringLiteral("gpus")] = gpus;
    json[QStringLiteral("explanations")] = QJsonArray::fromStringList(explanations(r));
    return json;
}

QString Planner::toText(const PlanReport& r)
{
    const auto& m = r.memory;
    QString out;
    const auto line = [&](const QString& label, const QString& value) {
        out += QStringLiteral("  ") + padLeftAligned(label, 22) + QLatin1Char(' ') + padRightAligned(value, 12)
            + QLatin1Char('\n');
    };
    out += tr("%1 · %2 · context %3 · batch %4 · KV %5\n")
               .arg(r.model.displayName, QString::fromStdString(m.quant))
               .arg(r.options.context)
               .arg(r.options.batch)
               .arg(QString::fromLatin1(kv_type_name(r.options.kv).data()));
    line(tr("Weights"), formatGiB(m.weights_bytes));
    line(tr("KV cache"), formatGiB(m.kv_cache_bytes));
    line(tr("Compute buffers"), formatGiB(m.compute_bytes));
    line(tr("Runtime overhead"), formatGiB(m.overhead_bytes));
    line(tr("Total"), formatGiB(m.total_bytes));
    line(tr("Quick estimate"), tr("%1 GiB").arg(r.seed.total_gib, 0, 'f', 2));
    out += QLatin1Char('\n');

    const auto& target = r.targetRow();
    out += tr("Target GPU: %1 (%2)\n").arg(QString::fromStdString(target.gpu.name), r.targetReason);
    out += target.fit.best_quant.empty()
        ? tr("Best quantization: none fits one GPU\n")
        : tr("Best quantization: %1\n").arg(QString::fromStdString(target.fit.best_quant));
    if (r.model.clusterOnly)
        out += tr("Hearth's engine does not run the %1 architecture: deploy this model on a vLLM cluster "
                  "(hearth plan … --export DIR).\n")
                   .arg(QString::fromStdString(r.model.engine.shape.architecture));
    else if (!target.fit.fits)
        out += target.fit.gpus_needed
            ? tr("Outgrows one %1: %2 of %3 layers fit (partial offload, slow), or serve it on %4 GPUs with vLLM "
                 "(hearth plan … --export DIR).\n")
                  .arg(QString::fromStdString(target.gpu.name))
                  .arg(target.fit.layers_on_gpu)
                  .arg(r.model.engine.shape.layers)
                  .arg(target.fit.gpus_needed)
            : tr("No tensor-parallel group of %1 (up to %2 GPUs, dividing the %3 attention heads) holds it: "
                 "choose a smaller quantization or a larger GPU.\n")
                  .arg(QString::fromStdString(target.gpu.name))
                  .arg(PlanConstants::kMaxTensorParallel)
                  .arg(r.model.engine.shape.heads);
    out += QLatin1Char('\n');

    const auto row = [&](const QStringList& cells) {
        static const int widths[] = { -24, 10, 6, 12, 8, 12, 12 }; // negative: left-aligned
        QString text = QStringLiteral(" ");
        for (int i = 0; i < cells.size(); ++i)
            text += QLatin1Char(' ')
                + (widths[i] < 0 ? padLeftAligned(cells[i], -widths[i]) : padRightAligned(cells[i], widths[i]));
        out += text + QLatin1Char('\n');
    };
    row({ tr("GPU"), tr("Memory"), tr("Fits"), tr("Max context"), tr("Layers"), tr("GPUs (TP)"), tr("Best quant") });
    for (const auto& gpu : r.gpus) {
        auto name = QString::fromStdString(gpu.gpu.name);
        if (gpu.gpu.local)
            name += tr(" (this machine)");
        row({ name, formatGiB(gpu.gpu.capacity_bytes), gpu.fit.fits ? tr("yes") : tr("no"),
            QString::number(gpu.fit.max_context),
            QStringLiteral("%1/%2").arg(gpu.fit.layers_on_gpu).arg(r.model.engine.shape.layers),
            gpu.fit.gpus_needed ? QString::number(gpu.fit.gpus_needed) : QStringLiteral("—"),
            gpu.fit.best_quant.empty() ? QStringLiteral("—") : QString::fromStdString(gpu.fit.best_quant) });
    }
    out += QLatin1Char('\n') + tr("How these numbers were computed:") + QLatin1Char('\n');
    for (const auto& text : explanations(r))
        out += QStringLiteral("  - ") + text + QLatin1Char('\n');
    return out;
}

} // namespace hearth::app
