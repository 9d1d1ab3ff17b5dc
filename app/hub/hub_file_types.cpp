#include "app/hub/hub_file_types.h"

#include <QCoreApplication>

#include <algorithm>
#include <memory>

#include "app/hub/hub_client.h"

namespace hearth::app {
namespace {

constexpr qint64 kFirstBytes = 64 << 10;
constexpr qint64 kWindowMargin = 256 << 10; // either side of the sibling's directory

std::span<const std::byte> bytesOf(const QByteArray& data)
{
    return std::as_bytes(std::span(data.constData(), static_cast<std::size_t>(data.size())));
}

// One file's reading: the header so far, and the requests that extend it.
class HeaderReading : public std::enable_shared_from_this<HeaderReading> {
public:
    HeaderReading(
        HubClient& hub, QString repository, HubFile file, std::optional<GgufTypeCensus> like, HubFileTypesCallback done)
        : m_hub(hub)
        , m_repository(std::move(repository))
        , m_file(std::move(file))
        , m_like(std::move(like))
        , m_done(std::move(done))
    { }

    void start() { extend(kFirstBytes); }

private:
    // The file's size, where the listing does not say: a short answer was all of it.
    quint64 fileSize(qint64 asked) const
    {
        if (m_file.size > 0)
            return quint64(m_file.size);
        return m_header.size() < asked ? quint64(m_header.size()) : quint64(m_header.size()) + 1;
    }

    void extend(qint64 total)
    {
        if (m_file.size > 0)
            total = std::min(total, m_file.size);
        const qint64 from = m_header.size();
        m_hub.fetchRange(m_repository, m_file.path, from, total - from,
            [self = shared_from_this(), total](
                const QByteArray& bytes, const QString& error) { self->received(bytes, error, total); });
    }

    void received(const QByteArray& bytes, const QString& error, qint64 asked)
    {
        if (!error.isEmpty())
            return m_done({}, error);
        m_header += bytes;
        const auto census = census_tensor_types(bytesOf(m_header), fileSize(asked));
        switch (census.status) {
        case GgufTypeCensus::Status::Complete:
            return m_done(census, {});
        case GgufTypeCensus::Status::NotGguf:
            return m_done(census,
                QCoreApplication::translate("HubFileTypes", "%1 is not a GGUF file Hearth can read: %2")
                    .arg(m_file.path, QString::fromStdString(census.error)));
        case GgufTypeCensus::Status::NeedsMoreBytes:
            break;
        }
        if (m_header.size() < asked)
            return m_done(census,
                QCoreApplication::translate("HubFileTypes", "The hub sent only %1 bytes of %2's header.")
                    .arg(m_header.size())
                    .arg(m_file.path));
        if (asked >= kMaxHubHeaderBytes)
            return m_done(census,
                QCoreApplication::translate("HubFileTypes", "The header of %1 is longer than %2 MiB.")
                    .arg(m_file.path)
                    .arg(kMaxHubHeaderBytes >> 20));
        if (m_like && m_like->status == GgufTypeCensus::Status::Complete && census.tensor_count > 0) {
            const auto like = *m_like;
            m_like.reset(); // one try
            return readWindow(census.tensor_count, like);
        }
        extend(std::min(asked * 4, kMaxHubHeaderBytes));
    }

    void readWindow(std::uint64_t tensorCount, const GgufTypeCensus& like)
    {
        const qint64 from = std::max<qint64>(qint64(like.directory_start) - kWindowMargin, m_header.size());
        qint64 to = qint64(like.directory_end) + kWindowMargin;
        if (m_file.size > 0)
            to = std::min(to, m_file.size);
        if (to <= from)
            return extend(m_header.size() * 4);
        m_hub.fetchRange(m_repository, m_file.path, from, to - from,
            [self = shared_from_this(), from, tensorCount, like](const QByteArray& window, const QString& error) {
                if (!error.isEmpty())
                    return self->m_done({}, error);
                const auto census = census_tensor_directory(bytesOf(window), quint64(from), tensorCount, like);
                if (census.status == GgufTypeCensus::Status::Complete)
                    return self->m_done(census, {});
                self->extend(self->m_header.size() * 4); // not where it was: read the header
            });
    }

    HubClient& m_hub;
    QString m_repository;
    HubFile m_file;
    std::optional<GgufTypeCensus> m_like;
    HubFileTypesCallback m_done;
    QByteArray m_header; // the file's first bytes, as far as read
};

} // namespace

void readHubFileTypes(HubClient& hub, const QString& repository, const HubFile& file,
    const std::optional<GgufTypeCensus>& like, HubFileTypesCallback done)
{
    std::make_shared<HeaderReading>(hub, repository, file, like, std::move(done))->start();
}

} // namespace hearth::app
