#include "app/hub/hub_files.h"

#include <QJsonObject>
#include <QMap>
#include <QRegularExpression>

#include <algorithm>

namespace hearth::app {

QList<HubModelSummary> parseModelSearch(const QJsonArray& models)
{
    QList<HubModelSummary> result;
    for (const QJsonValue& value : models) {
        const QJsonObject model = value.toObject();
        HubModelSummary summary;
        summary.id = model.value(QStringLiteral("id")).toString(model.value(QStringLiteral("modelId")).toString());
        if (summary.id.isEmpty())
            continue;
        summary.downloads = model.value(QStringLiteral("downloads")).toInteger();
        summary.likes = model.value(QStringLiteral("likes")).toInteger();
        summary.pipelineTag = model.value(QStringLiteral("pipeline_tag")).toString();
        summary.library = model.value(QStringLiteral("library_name")).toString();
        for (const QJsonValue& tag : model.value(QStringLiteral("tags")).toArray())
            summary.tags << tag.toString();
        summary.lastModified = model.value(QStringLiteral("lastModified")).toString();
        // "gated" is false, "auto" or "manual".
        const QJsonValue gated = model.value(QStringLiteral("gated"));
        summary.gated = gated.isString() || gated.toBool();
        result << summary;
    }
    return result;
}

QList<HubFile> parseModelFiles(const QJsonValue& answer)
{
    QList<HubFile> files;
    const QJsonArray entries
        = answer.isArray() ? answer.toArray() : answer.toObject().value(QStringLiteral("siblings")).toArray();
    for (const QJsonValue& value : entries) {
        const QJsonObject entry = value.toObject();
        if (entry.value(QStringLiteral("type")).toString() == QLatin1String("directory"))
            continue;
        HubFile file;
        file.path = entry.value(QStringLiteral("rfilename")).toString(entry.value(QStringLiteral("path")).toString());
        if (file.path.isEmpty())
            continue;
        const QJsonObject lfs = entry.value(QStringLiteral("lfs")).toObject();
        file.size = lfs.isEmpty()
            ? entry.value(QStringLiteral("size")).toInteger()
            : lfs.value(QStringLiteral("size")).toInteger(entry.value(QStringLiteral("size")).toInteger());
        // The tree API calls the LFS hash "oid", the model API "sha256".
        file.sha256
            = lfs.value(QStringLiteral("sha256")).toString(lfs.value(QStringLiteral("oid")).toString()).toLatin1();
        files << file;
    }
    return files;
}

QString quantizationOf(const QString& fileName)
{
    // Longest names first: Q4_K_M before Q4_K, IQ4_XS before Q4.
    static const QRegularExpression pattern(
        QStringLiteral(
            "(?:^|[-._])((?:IQ[1-4]_(?:XXS|XS|S|M|NL)|Q[2-8]_K_(?:XL|L|M|S)|Q[2-8]_K|Q[4-8]_[01]|Q8_0|TQ[12]_0|"
            "MXFP4|NVFP4|BF16|F16|F32|FP16|FP32))(?=[-._]|$)"),
        QRegularExpression::CaseInsensitiveOption);
    const QString base = fileName.section(QLatin1Char('/'), -1);
    const auto match = pattern.match(base);
    if (!match.hasMatch())
        return QStringLiteral("other");
    QString quant = match.captured(1).toUpper();
    if (quant == QLatin1String("FP16"))
        quant = QStringLiteral("F16");
    if (quant == QLatin1String("FP32"))
        quant = QStringLiteral("F32");
    return quant;
}

QList<QuantizationGroup> groupByQuantization(const QList<HubFile>& files)
{
    static const QRegularExpression part(QStringLiteral("-(\\d{5})-of-(\\d{5})\\.gguf$"));
    QMap<QString, QuantizationGroup> groups;
    for (const HubFile& file : files) {
        if (!file.path.endsWith(QLatin1String(".gguf"), Qt::CaseInsensitive))
            continue;
        // A split file's parts belong together; different models in one
        // repository (their own names) stay apart.
        QString stem = file.path;
        stem.remove(part);
        const QString quant = quantizationOf(file.path);
        const QString key = stem; // a file, or the parts of one
        QuantizationGroup& group = groups[key];
        group.quantization = quant;
        group.files << file;
        group.totalSize += file.size;
    }
    QList<QuantizationGroup> result = groups.values();
    for (QuantizationGroup& group : result)
        std::sort(
            group.files.begin(), group.files.end(), [](const HubFile& a, const HubFile& b) { return a.path < b.path; });
    std::sort(result.begin(), result.end(),
        [](const QuantizationGroup& a, const QuantizationGroup& b) { return a.totalSize < b.totalSize; });
    return result;
}

QList<HubFile> checkpointFiles(const QList<HubFile>& files)
{
    static const QStringList wanted { QStringLiteral("config.json"), QStringLiteral("tokenizer.json"),
        QStringLiteral("tokenizer_config.json"), QStringLiteral("generation_config.json"),
        QStringLiteral("special_tokens_map.json"), QStringLiteral("model.safetensors.index.json") };
    QList<HubFile> checkpoint;
    bool weights = false;
    for (const HubFile& file : files) {
        if (file.path.contains(QLatin1Char('/')))
            continue; // the top folder only: subfolders hold other formats (onnx/, original/)
        const bool safetensors = file.path.endsWith(QLatin1String(".safetensors"));
        weights = weights || safetensors;
        if (safetensors || wanted.contains(file.path))
            checkpoint << file;
    }
    const auto has = [&](const char* name) {
        return std::any_of(checkpoint.begin(), checkpoint.end(),
            [name](const HubFile& file) { return file.path == QLatin1String(name); });
    };
    if (!weights || !has("config.json") || !has("tokenizer.json"))
        return {};
    return checkpoint;
}

} // namespace hearth::app
