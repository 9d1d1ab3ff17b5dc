#pragma once

#include <QList>
#include <QObject>
#include <QStringList>

#include <atomic>
#include <memory>
#include <optional>

#include "app/library/library_model.h"

namespace hearth::app {

class Database;

// The GGUF files Hearth knows: added one by one, dropped on the window, or
// found by scanning a folder (LM Studio's and Ollama-style folders of GGUF
// files included). Headers are read and files hashed on worker threads;
// results come back as signals. A file found again at another path (same
// name and size, its old path gone) keeps its entry and history.
class ModelLibrary : public QObject {
    Q_OBJECT
public:
    explicit ModelLibrary(Database& database, QObject* parent = nullptr);
    ~ModelLibrary() override; // stops hashing

    // Most recently added first, each with its file's state checked now.
    QList<LibraryModel> models() const;
    std::optional<LibraryModel> model(qint64 id) const;
    std::optional<LibraryModel> modelAt(const QString& path) const;

    // Reads the files' headers in the background: modelAdded or addFailed for each.
    void addFiles(const QStringList& paths);
    // Every .gguf under `folder` (recursively; of a split model, the first part).
    void scanFolder(const QString& folder);
    bool isBusy() const { return m_busy > 0; }

    bool remove(qint64 id); // from the library; the file stays
    // Deletes the file from disk and removes the entry.
    bool deleteFile(qint64 id, QString* error);
    void markUsed(qint64 id);

signals:
    void modelsChanged();
    void modelAdded(qint64 id);
    void addFailed(const QString& path, const QString& error);
    void scanFinished(const QString& folder, int found);
    void busyChanged(bool busy);
    void hashProgress(qint64 id, double fraction);
    void hashComputed(qint64 id, const QString& sha256);

private:
    struct Header;
    static bool describeUnrunnable(Header& header);
    void readHeaders(const QStringList& paths, const QString& scannedFolder);
    void store(const QList<Header>& headers, const QString& scannedFolder);
    void hashNext();
    void setBusy(int delta);

    Database& m_database;
    int m_busy = 0;
    qint64 m_hashing = 0; // the model being hashed, 0 when none
    std::shared_ptr<std::atomic<bool>> m_stop = std::make_shared<std::atomic<bool>>(false);
};

} // namespace hearth::app
