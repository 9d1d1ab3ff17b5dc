#include "app/http/http_request_parser.h"

#include <http_parser.h>

#include <algorithm>

namespace hearth::app {

namespace {

HttpRequestParser& owner(http_parser* parser)
{
    return *static_cast<HttpRequestParser*>(parser->data);
}

} // namespace

HttpRequestParser::HttpRequestParser(const HttpLimits& limits)
    : m_limits(limits)
    , m_parser(std::make_unique<http_parser>())
    , m_settings(std::make_unique<http_parser_settings>())
{
    http_parser_init(m_parser.get(), HTTP_REQUEST);
    m_parser->data = this;
    http_parser_settings_init(m_settings.get());
    m_settings->on_message_begin = &HttpRequestParser::onMessageBegin;
    m_settings->on_url = &HttpRequestParser::onUrl;
    m_settings->on_header_field = &HttpRequestParser::onHeaderField;
    m_settings->on_header_value = &HttpRequestParser::onHeaderValue;
    m_settings->on_headers_complete = &HttpRequestParser::onHeadersComplete;
    m_settings->on_body = &HttpRequestParser::onBody;
    m_settings->on_message_complete = &HttpRequestParser::onMessageComplete;
}

HttpRequestParser::~HttpRequestParser() = default;

HttpRequestParser::Step HttpRequestParser::read(QByteArray& buffer)
{
    if (m_errorStatus != 0)
        return Step::Failed;
    if (m_bodyTooLarge) {
        // Said after the head was vetted: a client without a key learns nothing of the limits.
        fail(413,
            QStringLiteral("The request body has %1 bytes; this server takes at most %2")
                .arg(m_parser->content_length)
                .arg(m_limits.maxBodyBytes));
        return Step::Failed;
    }
    if (HTTP_PARSER_ERRNO(m_parser.get()) == HPE_PAUSED)
        http_parser_pause(m_parser.get(), 0);
    m_step = Step::NeedMore;
    // In slices, so that a path or header past our limits is caught by our
    // callbacks (called at the end of each slice) before the parser's own,
    // larger, limit on a whole head.
    constexpr qsizetype slice = 4096;
    qsizetype consumed = 0;
    auto error = HPE_OK;
    while (consumed < buffer.size() && m_step == Step::NeedMore && error == HPE_OK) {
        // No bytes would tell the parser the connection ended: never called with none.
        const qsizetype length = std::min(slice, buffer.size() - consumed);
        consumed += static_cast<qsizetype>(
            http_parser_execute(m_parser.get(), m_settings.get(), buffer.constData() + consumed, length));
        error = HTTP_PARSER_ERRNO(m_parser.get());
    }
    buffer.remove(0, consumed);
    if (error == HPE_PAUSED && m_errorStatus == 0)
        return m_step;
    if (error != HPE_OK || m_errorStatus != 0) {
        if (m_errorStatus == 0)
            fail(error == HPE_HEADER_OVERFLOW ? 431 : 400,
                QStringLiteral("Malformed HTTP request: %1").arg(QLatin1String(http_errno_description(error))));
        return Step::Failed;
    }
    return m_step;
}

HttpRequest HttpRequestParser::takeRequest()
{
    HttpRequest request = std::move(m_request);
    m_request = {};
    m_headerBytes = 0;
    m_inValue = false;
    m_started = false;
    m_headRead = false;
    return request;
}

int HttpRequestParser::fail(int status, const QString& message)
{
    m_errorStatus = status;
    m_errorMessage = message;
    // Stops the parser with an error from every callback (on_headers_complete
    // takes 1 and 2 to mean "no body").
    return -1;
}

bool HttpRequestParser::addHeaderBytes(size_t length)
{
    m_headerBytes += static_cast<qsizetype>(length);
    return m_headerBytes <= m_limits.maxHeaderBytes;
}

int HttpRequestParser::onMessageBegin(http_parser* parser)
{
    owner(parser).m_started = true;
    return 0;
}

int HttpRequestParser::onUrl(http_parser* parser, const char* at, size_t length)
{
    auto& self = owner(parser);
    self.m_request.target.append(at, static_cast<qsizetype>(length));
    if (self.m_request.target.size() > self.m_limits.maxTargetBytes)
        return self.fail(414,
            QStringLiteral("The request's path and query are longer than %1 bytes").arg(self.m_limits.maxTargetBytes));
    return 0;
}

int HttpRequestParser::onHeaderField(http_parser* parser, const char* at, size_t length)
{
    auto& self = owner(parser);
    auto& headers = self.m_request.headers;
    if (headers.isEmpty() || self.m_inValue) {
        if (headers.size() >= self.m_limits.maxHeaders)
            return self.fail(431, QStringLiteral("The request has more than %1 headers").arg(self.m_limits.maxHeaders));
        headers.emplaceBack();
        self.m_inValue = false;
    }
    headers.last().first.append(at, static_cast<qsizetype>(length));
    if (!self.addHeaderBytes(length))
        return self.fail(
            431, QStringLiteral("The request's headers are larger than %1 bytes").arg(self.m_limits.maxHeaderBytes));
    return 0;
}

int HttpRequestParser::onHeaderValue(http_parser* parser, const char* at, size_t length)
{
    auto& self = owner(parser);
    self.m_inValue = true;
    self.m_request.headers.last().second.append(at, static_cast<qsizetype>(length));
    if (!self.addHeaderBytes(length))
        return self.fail(
            431, QStringLiteral("The request's headers are larger than %1 bytes").arg(self.m_limits.maxHeaderBytes));
    return 0;
}

int HttpRequestParser::onHeadersComplete(http_parser* parser)
{
    auto& self = owner(parser);
    HttpRequest& request = self.m_request;
    request.method = http_method_str(static_cast<http_method>(parser->method));
    request.versionMinor = parser->http_minor;
    // An upgrade (to a WebSocket, say) is not spoken here: its answer ends the connection.
    request.keepAlive = http_should_keep_alive(parser) != 0 && parser->upgrade == 0;
    request.url = QUrl::fromEncoded(request.target);
    self.m_bodyTooLarge = (parser->flags & F_CONTENTLENGTH) != 0
        && parser->content_length > static_cast<uint64_t>(self.m_limits.maxBodyBytes);
    self.m_headRead = true;
    self.m_step = Step::HeadRead;
    http_parser_pause(parser, 1);
    return 0;
}

int HttpRequestParser::onBody(http_parser* parser, const char* at, size_t length)
{
    auto& self = owner(parser);
    if (self.m_request.body.size() + static_cast<qsizetype>(length) > self.m_limits.maxBodyBytes)
        return self.fail(413,
            QStringLiteral("The request body is larger than this server takes (%1 bytes)")
                .arg(self.m_limits.maxBodyBytes));
    self.m_request.body.append(at, static_cast<qsizetype>(length));
    return 0;
}

int HttpRequestParser::onMessageComplete(http_parser* parser)
{
    auto& self = owner(parser);
    self.m_step = Step::RequestRead;
    // What follows (a pipelined request) waits until this one is answered.
    http_parser_pause(parser, 1);
    return 0;
}

} // namespace hearth::app
