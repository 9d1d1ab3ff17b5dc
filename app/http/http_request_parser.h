#pragma once

#include <QByteArray>
#include <QString>

#include <memory>

#include "app/http/http_limits.h"
#include "app/http/http_request.h"

struct http_parser;
struct http_parser_settings;

namespace hearth::app {

// Reads HTTP/1.x requests from a connection's bytes, one at a time, within
// HttpLimits. The grammar is Node's http_parser (Debian's libhttp-parser),
// which rejects what request smuggling needs (a second Content-Length,
// Content-Length with chunked); the limits and the stops between a
// request's head and body are ours.
class HttpRequestParser {
public:
    enum class Step {
        NeedMore, // every byte given is read; the request is not complete
        HeadRead, // the request line and headers are in request(); the body is not read yet
        RequestRead, // the whole request is in request(); what follows it is left in the buffer
        Failed, // the bytes are not a request we take: answer errorStatus() and close
    };

    explicit HttpRequestParser(const HttpLimits& limits);
    ~HttpRequestParser();
    HttpRequestParser(const HttpRequestParser&) = delete;
    HttpRequestParser& operator=(const HttpRequestParser&) = delete;

    // Reads from the front of `buffer` up to the next step, removing what it read.
    Step read(QByteArray& buffer);
    // Whether part of a request has been read (its head, or its body under way).
    bool isInsideRequest() const { return m_started; }
    bool isInsideBody() const { return m_headRead; }

    const HttpRequest& request() const { return m_request; }
    // The request being read, for its reader to add to (its peer, its client).
    HttpRequest& head() { return m_request; }
    // The request read; the parser then waits for the next one.
    HttpRequest takeRequest();

    int errorStatus() const { return m_errorStatus; }
    const QString& errorMessage() const { return m_errorMessage; }

private:
    static int onMessageBegin(http_parser* parser);
    static int onUrl(http_parser* parser, const char* at, size_t length);
    static int onHeaderField(http_parser* parser, const char* at, size_t length);
    static int onHeaderValue(http_parser* parser, const char* at, size_t length);
    static int onHeadersComplete(http_parser* parser);
    static int onBody(http_parser* parser, const char* at, size_t length);
    static int onMessageComplete(http_parser* parser);

    bool addHeaderBytes(size_t length);
    int fail(int status, const QString& message);

    HttpLimits m_limits;
    std::unique_ptr<http_parser> m_parser;
    std::unique_ptr<http_parser_settings> m_settings;
    HttpRequest m_request;
    qsizetype m_headerBytes = 0;
    bool m_inValue = false; // the last header bytes were a value: a new field starts a header
    bool m_started = false;
    bool m_headRead = false;
    bool m_bodyTooLarge = false; // its Content-Length says so; refused once the head is vetted
    Step m_step = Step::NeedMore;
    int m_errorStatus = 0;
    QString m_errorMessage;
};

} // namespace hearth::app
