#pragma once

#include <QByteArray>
#include <QFuture>
#include <QHash>
#include <QList>
#include <QObject>
#include <QStringList>

#include <atomic>
#include <memory>

namespace hearth::app {

// Models carried in without a network — from a USB disk, a share, another
// machine: GGUF files, or folders of them, are verified against an optional
// sha256sum list and copied (through a .part file, renamed once verified)
// or linked into the models folder. Runs on a worker thread; the library
// entry is the caller's to make, from libraryPaths().
class ModelImport : public QObject {
    Q_OBJECT
public:
    enum class Mode { Copy, Link };
    struct Options {
        QStringList sources; // files or folders; a split model's first part brings the others
        QString checksums; // a sha256sum file; empty: none (files are still hashed)
        Mode mode = Mode::Copy;
        QString folder; // where they go: the models folder
    };
    struct Outcome {
        QString source;
        QString destination; // empty when it failed
        QByteArray sha256; // hex
        QString error; // empty when it worked
    };

    explicit ModelImport(QObject* parent = nullptr);
    ~ModelImport() override; // cancels and waits

    void start(const Options& options);
    void cancel();
    bool isRunning() const { return m_future.isRunning(); }

    // The files the library should list from a finished import: a single
    // file, or the first part of a split model every part of which arrived.
    static QStringList libraryPaths(const QList<Outcome>& outcomes);

signals:
    void progress(qint64 bytesDone, qint64 bytesTotal, const QString& file);
    void finished(const QList<hearth::app::ModelImport::Outcome>& outcomes);

private:
    QFuture<void> m_future;
    std::shared_ptr<std::atomic<bool>> m_cancel;
};

// A sha256sum list ("<64 hex>  name" or "<64 hex> *name", # comments), by
// name as written there. false, with `error` naming the line, when a line is
// neither.
bool parseChecksums(const QByteArray& text, QHash<QString, QByteArray>* checksums, QString* error);

} // namespace hearth::app
