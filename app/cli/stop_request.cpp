#include "app/cli/stop_request.h"

#include <csignal>

namespace hearth::app {

namespace {

// A signal handler may do nothing more than set a lock-free flag.
std::atomic<bool> g_stop { false };

extern "C" void requestStop(int)
{
    g_stop = true;
}

} // namespace

StopRequest::StopRequest()
{
    g_stop = false;
    std::signal(SIGINT, requestStop);
    std::signal(SIGTERM, requestStop);
}

StopRequest::~StopRequest()
{
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

const std::atomic<bool>& StopRequest::flag()
{
    return g_stop;
}

} // namespace hearth::app
