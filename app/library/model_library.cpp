#include "app/library/model_library.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QPromise>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QtConcurrent>

#include "app/hub/hub_files.h"
#include "app/plan/planned_model.h"
#include "app/storage/database.h"
#include "engine/gguf/gguf_type_census.h"
#include "engine/quant/dequantize.h"

namespace hearth::app {

struct ModelLibrary::Header {
    QString path;
    QString name;
    QString architecture;
    quint64 parameters = 0;
    QString quantization;
    quint32 contextLength = 0;
    quint64 sizeBytes = 0;
    qint64 modifiedMs = 0;
    QStringList unrunnableTypes;
    QString error;
};

namespace {

bool run(QSqlQuery& query)
{
    if (query.exec())
        return true;
    qWarning("Model library: %s", qPrintable(query.lastError().text()));
    return false;
}

// A list as the models table keeps it: comma-separated, never NULL.
QString storedList(const QStringList& items)
{
    return items.isEmpty() ? QStringLiteral("") : items.join(QLatin1Char(','));
}

const QString kColumns = QStringLiteral("id, path, name, architecture, parameters, quantization, context_length,"
                                        " size_bytes, modified_at, sha256, added_at, last_used_at, unrunnable_types");

LibraryModel modelFrom(const QSqlQuery& query)
{
    LibraryModel m;
    m.id = query.value(0).toLongLong();
    m.path = query.value(1).toString();
    m.name = query.value(2).toString();
    m.architecture = query.value(3).toString();
    m.parameters = query.value(4).toULongLong();
    m.quantization = query.value(5).toString();
    m.contextLength = query.value(6).toUInt();
    m.sizeBytes = query.value(7).toULongLong();
    m.modified = QDateTime::fromMSecsSinceEpoch(query.value(8).toLongLong(), Qt::UTC);
    m.sha256 = query.value(9).toString();
    m.added = QDateTime::fromMSecsSinceEpoch(query.value(10).toLongLong(), Qt::UTC);
    if (!query.value(11).isNull())
        m.lastUsed = QDateTime::fromMSecsSinceEpoch(query.value(11).toLongLong(), Qt::UTC);
    m.unrunnableTypes = query.value(12).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
    const QFileInfo file(m.path);
    if (!file.isFile())
        m.state = LibraryModel::FileState::Missing;
    else if (static_cast<quint64>(file.size()) != m.sizeBytes
        || file.lastModified().toMSecsSinceEpoch() != query.value(8).toLongLong())
        m.state = LibraryModel::FileState::Changed;
    return m;
}

// The second and later parts of a split model ("…-00002-of-00003.gguf"):
// llama.cpp loads a split model from its first part.
bool isLaterPart(const QString& fileName)
{
    static const QRegularExpression part(QStringLiteral("-(\\d{5})-of-\\d{5}\\.gguf$"));
    const auto match = part.match(fileName);
    return match.hasMatch() && match.captured(1) != QLatin1String("00001");
}

// Ollama keeps GGUF files as content-addressed blobs without an extension.
bool isGgufBlob(const QFileInfo& file)
{
    if (!file.fileName().startsWith(QLatin1String("sha256-")) || file.dir().dirName() != QLatin1String("blobs"))
        return false;
    QFile f(file.filePath());
    return f.open(QIODevice::ReadOnly) && f.read(4) == "GGUF";
}

QStringList modelFilesUnder(const QString& folder)
{
    QStringList found;
    QDirIterator it(folder, QDir::Files | QDir::Readable, QDirIterator::Subdirectories | QDirIterator::FollowSymlinks);
    while (it.hasNext()) {
        const QFileInfo file(it.next());
        const bool gguf = file.suffix().compare(QLatin1String("gguf"), Qt::CaseInsensitive) == 0;
        if ((gguf && !isLaterPart(file.fileName())) || (!gguf && file.suffix().isEmpty() && isGgufBlob(file)))
            found << file.absoluteFilePath();
    }
    found.sort();
    return found;
}

void sha256Of(QPromise<QString>& promise, const QString& path, const std::shared_ptr<std::atomic<bool>>& stop)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return;
    QCryptographicHash hash(QCryptographicHash::Sha256);
    const qint64 size = std::max<qint64>(1, file.size());
    promise.setProgressRange(0, 1000);
    QByteArray buffer(4 << 20, Qt::Uninitialized);
    qint64 done = 0;
    for (;;) {
        if (promise.isCanceled() || *stop)
            return;
        const qint64 n = file.read(buffer.data(), buffer.size());
        if (n < 0)
            return;
        if (n == 0)
            break;
        hash.addData(QByteArrayView(buffer.constData(), n));
        done += n;
        promise.setProgressValue(static_cast<int>(done * 1000 / size));
    }
    promise.addResult(QString::fromLatin1(hash.result().toHex()));
}

} // namespace

ModelLibrary::ModelLibrary(Database& database, QObject* parent)
    : QObject(parent)
    , m_database(database)
{
    // Hashes left unfinished by the last session.
    QTimer::singleShot(0, this, &ModelLibrary::hashNext);
}

ModelLibrary::~ModelLibrary()
{
    *m_stop = true;
}

QList<LibraryModel> ModelLibrary::models() const
{
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("SELECT %1 FROM models ORDER BY added_at DESC, id DESC").arg(kColumns));
    QList<LibraryModel> result;
    if (!run(query))
        return result;
    while (query.next())
        result.append(modelFrom(query));
    return result;
}

std::optional<LibraryModel> ModelLibrary::model(qint64 id) const
{
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("SELECT %1 FROM models WHERE id = ?").arg(kColumns));
    query.addBindValue(id);
    if (!run(query) || !query.next())
        return std::nullopt;
    return modelFrom(query);
}

std::optional<LibraryModel> ModelLibrary::modelAt(const QString& path) const
{
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("SELECT %1 FROM models WHERE path = ?").arg(kColumns));
    query.addBindValue(QFileInfo(path).absoluteFilePath());
    if (!run(query) || !query.next())
        return std::nullopt;
    return modelFrom(query);
}

void ModelLibrary::addFiles(const QStringList& paths)
{
    readHeaders(paths, {});
}

void ModelLibrary::scanFolder(const QString& folder)
{
    readHeaders({}, folder);
}

void ModelLibrary::setBusy(int delta)
{
    const bool was = m_busy > 0;
    m_busy += delta;
    if (was != (m_busy > 0))
        emit busyChanged(m_busy > 0);
}

// A file the engine refuses only for a tensor type no build of it knows
// (newer than this one): still listed, marked, so that the library says
// what it is instead of losing it. False when the file is broken otherwise.
bool ModelLibrary::describeUnrunnable(Header& header)
{
    QFile file(header.path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const uchar* bytes = file.map(0, file.size());
    if (!bytes)
        return false;
    const auto census = census_tensor_types(
        std::as_bytes(std::span(bytes, static_cast<std::size_t>(file.size()))), quint64(file.size()));
    std::vector<std::uint32_t> types;
    for (const auto& [type, tensors] : census.tensors_by_type)
        types.push_back(type);
    for (const std::string& type : quant::unrunnable_type_names(types))
        header.unrunnableTypes << QString::fromStdString(type);
    if (census.status != GgufTypeCensus::Status::Complete || header.unrunnableTypes.isEmpty())
        return false;
    const QFileInfo info(header.path);
    header.name = info.completeBaseName();
    header.architecture = QString::fromStdString(census.architecture);
    header.quantization = quantizationOf(info.fileName());
    header.sizeBytes = static_cast<quint64>(info.size());
    header.modifiedMs = info.lastModified().toMSecsSinceEpoch();
    return true;
}

void ModelLibrary::readHeaders(const QStringList& paths, const QString& scannedFolder)
{
    setBusy(+1);
    auto* watcher = new QFutureWatcher<QList<Header>>(this);
    connect(watcher, &QFutureWatcher<QList<Header>>::finished, this, [this, watcher, scannedFolder] {
        watcher->deleteLater();
        store(watcher->result(), scannedFolder);
        setBusy(-1);
    });
    watcher->setFuture(QtConcurrent::run([paths, scannedFolder] {
        QList<Header> headers;
        for (const QString& path : scannedFolder.isEmpty() ? paths : modelFilesUnder(scannedFolder)) {
            Header header;
            const QFileInfo file(path);
            header.path = file.absoluteFilePath();
            QString error;
            const auto planned = openModelFile(header.path, &error);
            if (!planned) {
                if (!describeUnrunnable(header))
                    header.error = error;
                headers.append(header);
                continue;
            }
            header.unrunnableTypes = planned->unrunnableTypes;
            header.name = planned->displayName;
            header.architecture = QString::fromStdString(planned->engine.shape.architecture);
            header.contextLength = planned->engine.shape.max_context;
            if (planned->engine.stored) {
                header.parameters = planned->engine.stored->parameters;
                header.quantization = QString::fromStdString(planned->engine.stored->quantization);
            }
            header.sizeBytes = static_cast<quint64>(file.size());
            header.modifiedMs = file.lastModified().toMSecsSinceEpoch();
            headers.append(header);
        }
        return headers;
    }));
}

void ModelLibrary::store(const QList<Header>& headers, const QString& scannedFolder)
{
    int found = 0;
    QSqlDatabase db = m_database.connection();
    // Entries whose files vanished, looked up once for the whole batch (each
    // check stats every file); one claimed by a header is not offered again.
    QList<LibraryModel> missing = models();
    missing.removeIf([](const LibraryModel& m) { return m.state != LibraryModel::FileState::Missing; });
    for (const Header& header : headers) {
        if (!header.error.isEmpty()) {
            emit addFailed(header.path, header.error);
            continue;
        }
        ++found;
        qint64 id = 0;
        if (const auto existing = modelAt(header.path)) {
            id = existing->id;
        } else {
            // The same file at a new place: its old path is gone, name and size agree.
            const auto moved = std::find_if(missing.begin(), missing.end(), [&header](const LibraryModel& known) {
                return known.sizeBytes == header.sizeBytes
                    && QFileInfo(known.path).fileName() == QFileInfo(header.path).fileName();
            });
            if (moved != missing.end()) {
                id = moved->id;
                missing.erase(moved);
            }
        }
        QSqlQuery query(db);
        if (id) {
            query.prepare(QStringLiteral(
                "UPDATE models SET path = ?, name = ?, architecture = ?, parameters = ?, quantization = ?,"
                " context_length = ?, sha256 = CASE WHEN size_bytes = ? AND modified_at = ? THEN sha256 ELSE '' END,"
                " size_bytes = ?, modified_at = ?, unrunnable_types = ? WHERE id = ?"));
            query.addBindValue(header.path);
            query.addBindValue(header.name);
            query.addBindValue(header.architecture);
            query.addBindValue(header.parameters);
            query.addBindValue(header.quantization);
            query.addBindValue(header.contextLength);
            query.addBindValue(header.sizeBytes);
            query.addBindValue(header.modifiedMs);
            query.addBindValue(header.sizeBytes);
            query.addBindValue(header.modifiedMs);
            query.addBindValue(storedList(header.unrunnableTypes));
            query.addBindValue(id);
            run(query);
        } else {
            query.prepare(QStringLiteral(
                "INSERT INTO models (path, name, architecture, parameters, quantization, context_length, size_bytes,"
                " modified_at, added_at, unrunnable_types) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
            query.addBindValue(header.path);
            query.addBindValue(header.name);
            query.addBindValue(header.architecture);
            query.addBindValue(header.parameters);
            query.addBindValue(header.quantization);
            query.addBindValue(header.contextLength);
            query.addBindValue(header.sizeBytes);
            query.addBindValue(header.modifiedMs);
            query.addBindValue(QDateTime::currentMSecsSinceEpoch());
            query.addBindValue(storedList(header.unrunnableTypes));
            if (!run(query))
                continue;
            id = query.lastInsertId().toLongLong();
        }
        emit modelAdded(id);
    }
    emit modelsChanged();
    if (!scannedFolder.isEmpty())
        emit scanFinished(scannedFolder, found);
    hashNext();
}

void ModelLibrary::hashNext()
{
    if (m_hashing)
        return;
    for (const LibraryModel& model : models()) {
        if (!model.sha256.isEmpty() || model.state != LibraryModel::FileState::Present)
            continue;
        m_hashing = model.id;
        auto* watcher = new QFutureWatcher<QString>(this);
        const qint64 id = model.id;
        connect(watcher, &QFutureWatcher<QString>::progressValueChanged, this,
            [this, id](int value) { emit hashProgress(id, value / 1000.0); });
        connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, id] {
            watcher->deleteLater();
            m_hashing = 0;
            const QString sha256 = watcher->future().resultCount() ? watcher->result() : QString();
            if (sha256.isEmpty())
                return;
            QSqlQuery query(m_database.connection());
            query.prepare(QStringLiteral("UPDATE models SET sha256 = ? WHERE id = ?"));
            query.addBindValue(sha256);
            query.addBindValue(id);
            run(query);
            emit hashComputed(id, sha256);
            hashNext();
        });
        watcher->setFuture(QtConcurrent::run(sha256Of, model.path, m_stop));
        return;
    }
}

bool ModelLibrary::remove(qint64 id)
{
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("DELETE FROM models WHERE id = ?"));
    query.addBindValue(id);
    if (!run(query) || query.numRowsAffected() != 1)
        return false;
    emit modelsChanged();
    return true;
}

bool ModelLibrary::deleteFile(qint64 id, QString* error)
{
    const auto model = this->model(id);
    if (!model)
        return false;
    // Deleted, not moved to the trash: Qt's trash on Linux can resolve to the
    // working directory where it finds no trash folder for the file's mount
    // (containers, some network mounts), which would only move the gigabytes.
    if (QFileInfo::exists(model->path) && !QFile::remove(model->path)) {
        *error = tr("Cannot delete %1: check that it is not read-only.").arg(model->path);
        return false;
    }
    return remove(id);
}

void ModelLibrary::markUsed(qint64 id)
{
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("UPDATE models SET last_used_at = ? WHERE id = ?"));
    query.addBindValue(QDateTime::currentMSecsSinceEpoch());
    query.addBindValue(id);
    if (run(query))
        emit modelsChanged();
}

} // namespace hearth::app
