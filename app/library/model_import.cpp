#include "app/library/model_import.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QtConcurrent>

namespace hearth::app {

namespace {

constexpr qint64 kChunk = 4 << 20;

QString tr(const char* text)
{
    return QCoreApplication::translate("ModelImport", text);
}

const QRegularExpression& splitPart()
{
    static const QRegularExpression part(
        QStringLiteral("^(.*)-(\\d{5})-of-(\\d{5})\\.gguf$"), QRegularExpression::CaseInsensitiveOption);
    return part;
}

// A file to import: where it is, and the name it is known by in the
// checksum list and under the models folder ("folder/file.gguf" for one
// found in a folder that was given).
struct Source {
    QString path;
    QString name;
    QString relative; // to the folder given ("nested/file.gguf"), as sha256sum run there names it
};

QList<Source> sourcesOf(const QStringList& given)
{
    QList<Source> sources;
    QSet<QString> seen;
    const auto add = [&](const QString& path, const QString& name, const QString& relative) {
        const QString canonical = QFileInfo(path).canonicalFilePath();
        if (seen.contains(canonical))
            return;
        seen.insert(canonical);
        sources << Source { path, name, relative };
    };
    for (const QString& item : given) {
        const QFileInfo info(item);
        if (info.isDir()) {
            const QDir root(item);
            QStringList files;
            QDirIterator it(item, { QStringLiteral("*.gguf"), QStringLiteral("*.GGUF") }, QDir::Files,
                QDirIterator::Subdirectories | QDirIterator::FollowSymlinks);
            while (it.hasNext())
                files << it.next();
            files.sort();
            for (const QString& file : files)
                add(file, QDir(root.dirName()).filePath(root.relativeFilePath(file)), root.relativeFilePath(file));
            continue;
        }
        add(item, info.fileName(), info.fileName());
        // The other parts of a split model come with its first.
        const QRegularExpressionMatch part = splitPart().match(info.fileName());
        if (part.hasMatch()) {
            const int count = part.captured(3).toInt();
            for (int n = 1; n <= count; ++n) {
                const QString sibling = QStringLiteral("%1-%2-of-%3.gguf")
                                            .arg(part.captured(1))
                                            .arg(n, 5, 10, QLatin1Char('0'))
                                            .arg(part.captured(3));
                add(info.dir().filePath(sibling), sibling, sibling);
            }
        }
    }
    return sources;
}

// Reads `from` once: into `to` when given (Copy), hashing as it goes.
// Empty on success, else the error.
QString readAndHash(const QString& from, const QString& to, QCryptographicHash& hash, const std::atomic<bool>& cancel,
    const std::function<void(qint64)>& advanced)
{
    QFile in(from);
    if (!in.open(QIODevice::ReadOnly))
        return tr("Cannot read %1: %2").arg(from, in.errorString());
    QFile out(to);
    if (!to.isEmpty() && !out.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return tr("Cannot write %1: %2").arg(to, out.errorString());
    while (!in.atEnd()) {
        if (cancel)
            return tr("The import was cancelled.");
        const QByteArray chunk = in.read(kChunk);
        if (chunk.isEmpty() && in.error() != QFileDevice::NoError)
            return tr("Cannot read %1: %2").arg(from, in.errorString());
        hash.addData(chunk);
        if (!to.isEmpty() && out.write(chunk) != chunk.size())
            return tr("Cannot write %1: %2").arg(to, out.errorString());
        advanced(chunk.size());
    }
    return {};
}

} // namespace

bool parseChecksums(const QByteArray& text, QHash<QString, QByteArray>* checksums, QString* error)
{
    static const QRegularExpression line(QStringLiteral("^([0-9a-fA-F]{64}) [ *](.+)$"));
    int number = 0;
    for (const QByteArray& raw : text.split('\n')) {
        ++number;
        const QString entry = QString::fromUtf8(raw).trimmed();
        if (entry.isEmpty() || entry.startsWith(QLatin1Char('#')))
            continue;
        const QRegularExpressionMatch match = line.match(entry);
        if (!match.hasMatch()) {
            if (error)
                *error = tr("Line %1 of the checksum list is not \"SHA-256  file name\".").arg(number);
            return false;
        }
        QString name = match.captured(2);
        name.replace(QLatin1Char('\\'), QLatin1Char('/'));
        if (name.startsWith(QStringLiteral("./")))
            name = name.mid(2);
        checksums->insert(name, match.captured(1).toLower().toLatin1());
    }
    return true;
}

ModelImport::ModelImport(QObject* parent)
    : QObject(parent)
    , m_cancel(std::make_shared<std::atomic<bool>>(false))
{ }

ModelImport::~ModelImport()
{
    cancel();
    m_future.waitForFinished();
}

void ModelImport::cancel()
{
    *m_cancel = true;
}

void ModelImport::start(const Options& options)
{
    if (isRunning())
        return;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    auto cancel = m_cancel;
    QPointer<ModelImport> self(this);
    m_future = QtConcurrent::run([options, cancel, self] {
        QList<Outcome> outcomes;
        const auto report = [&] {
            QMetaObject::invokeMethod(
                self, [self, outcomes] { emit self->finished(outcomes); }, Qt::QueuedConnection);
        };
        QHash<QString, QByteArray> checksums;
        if (!options.checksums.isEmpty()) {
            QFile list(options.checksums);
            QString error;
            if (!list.open(QIODevice::ReadOnly))
                error = tr("Cannot read %1: %2").arg(options.checksums, list.errorString());
            else
                parseChecksums(list.readAll(), &checksums, &error);
            if (!error.isEmpty()) {
                outcomes << Outcome { options.checksums, {}, {}, error };
                report();
                return;
            }
        }
        const QList<Source> sources = sourcesOf(options.sources);
        qint64 total = 0;
        for (const Source& source : sources)
            total += QFileInfo(source.path).size();
        qint64 done = 0;
        for (const Source& source : sources) {
            Outcome outcome { source.path, {}, {}, {} };
            const QString destination = QDir(options.folder).filePath(source.name);
            // In a list, a file is known by its path from the folder, or with the folder, or by its bare name.
            const QByteArray expected = checksums.value(
                source.relative, checksums.value(source.name, checksums.value(QFileInfo(source.path).fileName())));
            const auto advanced = [&](qint64 bytes) {
                done += bytes;
                QMetaObject::invokeMethod(
                    self,
                    [self, done, total, name = source.name] {
                        if (self)
                            emit self->progress(done, total, name);
                    },
                    Qt::QueuedConnection);
            };
            QCryptographicHash hash(QCryptographicHash::Sha256);
            // A file already in the models folder is only verified.
            const bool inPlace
                = QFileInfo(destination).canonicalFilePath() == QFileInfo(source.path).canonicalFilePath();
            if (!QFileInfo::exists(source.path)) {
                outcome.error = tr("%1 is missing.").arg(source.path);
            } else if (!checksums.isEmpty() && expected.isEmpty()) {
                outcome.error = tr("%1 is not in the checksum list.").arg(source.name);
            } else if (!inPlace && QFileInfo::exists(destination)) {
                outcome.error
                    = tr("%1 already exists: remove it first, or import into another folder.").arg(destination);
            } else if (!inPlace && !QDir().mkpath(QFileInfo(destination).absolutePath())) {
                outcome.error = tr("Cannot create the folder of %1.").arg(destination);
            } else if (!inPlace && options.mode == Mode::Copy) {
                const QString part = destination + QStringLiteral(".part");
                outcome.error = readAndHash(source.path, part, hash, *cancel, advanced);
                outcome.destination = destination;
                if (!outcome.error.isEmpty())
                    QFile::remove(part);
            } else {
                // Verified in place, or read to verify before it is linked.
                outcome.error = readAndHash(source.path, {}, hash, *cancel, advanced);
                outcome.destination = destination;
            }
            outcome.sha256 = hash.result().toHex();
            if (outcome.error.isEmpty() && !expected.isEmpty() && outcome.sha256 != expected) {
                outcome.error
                    = tr("%1 has SHA-256 %2, where the list says %3: it was not imported.")
                          .arg(source.name, QString::fromLatin1(outcome.sha256), QString::fromLatin1(expected));
                if (options.mode == Mode::Copy)
                    QFile::remove(destination + QStringLiteral(".part"));
            }
            if (outcome.error.isEmpty() && !QFileInfo::exists(destination)) {
                const bool placed = options.mode == Mode::Copy
                    ? QFile::rename(destination + QStringLiteral(".part"), destination)
                    : QFile::link(QFileInfo(source.path).absoluteFilePath(), destination);
                if (!placed) {
                    outcome.error = tr("Cannot create %1.").arg(destination);
                    QFile::remove(destination + QStringLiteral(".part"));
                }
            }
            if (!outcome.error.isEmpty())
                outcome.destination.clear();
            outcomes << outcome;
            if (*cancel)
                break;
        }
        report();
    });
}

QStringList ModelImport::libraryPaths(const QList<Outcome>& outcomes)
{
    QStringList paths;
    QHash<QString, int> partsArrived; // by the first part's path
    QHash<QString, int> partsExpected;
    for (const Outcome& outcome : outcomes) {
        if (!outcome.error.isEmpty())
            continue;
        const QRegularExpressionMatch part = splitPart().match(QFileInfo(outcome.destination).fileName());
        if (!part.hasMatch()) {
            paths << outcome.destination;
            continue;
        }
        const QString first
            = QFileInfo(outcome.destination)
                  .dir()
                  .filePath(QStringLiteral("%1-00001-of-%2.gguf").arg(part.captured(1), part.captured(3)));
        ++partsArrived[first];
        partsExpected[first] = part.captured(3).toInt();
    }
    for (auto it = partsArrived.begin(); it != partsArrived.end(); ++it)
        if (it.value() == partsExpected.value(it.key()))
            paths << it.key();
    paths.sort();
    return paths;
}

} // namespace hearth::app
