#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace hearth::app {

// A GGUF file in the library, as its header described it when it was added.
struct LibraryModel {
    enum class FileState {
        Present,
        Missing, // moved or deleted since it was added
        Changed, // another file now has its path (size or modification time differ)
    };

    qint64 id = 0;
    QString path;
    QString name; // general.name, else the file name
    QString architecture; // llama, qwen2, …
    quint64 parameters = 0;
    QString quantization; // Q4_K_M, F16, …
    quint32 contextLength = 0;
    quint64 sizeBytes = 0;
    QDateTime modified;
    QString sha256; // empty until computed
    QDateTime added;
    QDateTime lastUsed; // invalid when never loaded
    FileState state = FileState::Present;
    // Tensor types this build cannot compute with ("NVFP4", "type 57"): the
    // file is listed, and marked, but will not load. Empty for most files.
    QStringList unrunnableTypes;
};

} // namespace hearth::app
