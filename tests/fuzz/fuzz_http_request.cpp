// libFuzzer target: any bytes a client sends, cut into pieces anywhere, are
// read into requests within the limits, or refused with a 4xx status.
// Never a crash, an over-read, a hang, or a request past a limit.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "app/http/http_request_parser.h"

namespace {

void require(bool condition)
{
    if (!condition)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 1)
        return 0;
    hearth::app::HttpLimits limits;
    limits.maxTargetBytes = 256;
    limits.maxHeaderBytes = 1024;
    limits.maxHeaders = 16;
    limits.maxBodyBytes = 4096;
    hearth::app::HttpRequestParser parser(limits);
    // The first byte sets the size of the pieces the rest arrives in.
    const std::size_t piece = 1 + data[0] % 64;
    QByteArray buffer;
    using Step = hearth::app::HttpRequestParser::Step;
    for (std::size_t at = 1; at < size; at += piece) {
        buffer.append(reinterpret_cast<const char*>(data + at), static_cast<qsizetype>(std::min(piece, size - at)));
        for (int steps = 0;; ++steps) {
            require(steps < 100000);
            const qsizetype before = buffer.size();
            const Step step = parser.read(buffer);
            if (step == Step::Failed) {
                require(parser.errorStatus() >= 400 && parser.errorStatus() < 500);
                return 0;
            }
            if (step == Step::NeedMore) {
                require(buffer.isEmpty());
                break;
            }
            if (step == Step::RequestRead) {
                const hearth::app::HttpRequest request = parser.takeRequest();
                require(request.target.size() <= limits.maxTargetBytes);
                require(request.headers.size() <= limits.maxHeaders);
                require(request.body.size() <= limits.maxBodyBytes);
                require(!request.method.isEmpty());
            } else {
                require(step == Step::HeadRead);
                require(parser.isInsideBody());
            }
            require(buffer.size() <= before);
        }
    }
    return 0;
}
