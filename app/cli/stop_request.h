#pragma once

#include <atomic>

namespace hearth::app {

// Ctrl-C (SIGINT) and SIGTERM, turned into a flag a long command polls or
// hands to the engine as its cancel flag, for as long as this object lives:
// the command stops cleanly — leaving no half-written file — instead of
// being killed mid-write. One at a time; the default handlers come back
// when it goes.
class StopRequest {
public:
    StopRequest();
    ~StopRequest();
    StopRequest(const StopRequest&) = delete;
    StopRequest& operator=(const StopRequest&) = delete;

    bool requested() const { return flag().load(); }
    // What a signal handler may touch: one flag for the process.
    static const std::atomic<bool>& flag();
};

} // namespace hearth::app
