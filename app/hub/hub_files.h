#pragma once

#include <QJsonArray>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace hearth::app {

// A model repository as the hub's search lists it.
struct HubModelSummary {
    QString id; // "Qwen/Qwen2.5-7B-Instruct-GGUF"
    qint64 downloads = 0;
    qint64 likes = 0;
    QString pipelineTag; // "text-generation"
    QString library; // "gguf", "transformers", …
    QStringList tags;
    QString lastModified; // ISO 8601
    bool gated = false;
};

// A file of a repository, with what its LFS pointer says.
struct HubFile {
    QString path;
    qint64 size = 0;
    QByteArray sha256; // hex; empty for files kept outside LFS
};

// The GGUF files of one quantization: one file, or the parts of a split one
// ("-00001-of-00003"), in order.
struct QuantizationGroup {
    QString quantization; // "Q4_K_M", "Q8_0", "F16", …; "other" when the name says none
    QList<HubFile> files;
    qint64 totalSize = 0;
};

// GET /api/models answers.
QList<HubModelSummary> parseModelSearch(const QJsonArray& models);
// GET /api/models/{repo}?blobs=true ("siblings") or /api/models/{repo}/tree/main ("path", "lfs.oid").
QList<HubFile> parseModelFiles(const QJsonValue& answer);
// The quantization a GGUF file's name states ("qwen2.5-7b-instruct-q4_k_m-00001-of-00002.gguf" → "Q4_K_M").
QString quantizationOf(const QString& fileName);
// The GGUF files grouped by quantization, smallest first.
QList<QuantizationGroup> groupByQuantization(const QList<HubFile>& files);
// What converting the repository's checkpoint needs — its safetensors and
// the JSON files beside them (config, tokenizer, index) — or nothing when
// it has no safetensors, config.json or tokenizer.json.
QList<HubFile> checkpointFiles(const QList<HubFile>& files);

} // namespace hearth::app
