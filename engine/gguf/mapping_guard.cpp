#include "engine/gguf/mapping_guard.h"

#include <atomic>
#include <cstdint>
#include <mutex>
#include <utility>

#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

namespace hearth {
namespace {

// Process-wide, unlike everything else in the engine, because a signal
// handler can reach nothing else: the guarded ranges, and the handler that
// was there before ours.
constexpr std::uintptr_t kFree = 0, kClaimed = 1;
struct Range {
    std::atomic<std::uintptr_t> begin { kFree }; // or kClaimed while it is being filled
    std::atomic<std::size_t> size { 0 };
    std::atomic<bool> faulted { false };
};
constexpr int kRanges = 64; // open models at once, with room to spare
Range g_ranges[kRanges];
struct sigaction g_previous { };
std::uintptr_t g_page = 4096;
std::once_flag g_installed;

void on_bus_error(int signal, siginfo_t* info, void* context)
{
    const auto address = reinterpret_cast<std::uintptr_t>(info->si_addr);
    for (Range& range : g_ranges) {
        const std::uintptr_t begin = range.begin.load(std::memory_order_acquire);
        const std::size_t size = range.size.load(std::memory_order_acquire);
        if (begin == kFree || begin == kClaimed || address < begin || address >= begin + size)
            continue;
        // Zeros from the faulting page to the end of the mapping: the file
        // has lost all of that. mmap is a plain system call, safe here.
        const std::uintptr_t page = address & ~(g_page - 1);
        // NOLINTNEXTLINE(performance-no-int-to-ptr): the faulting address comes as a number
        void* zeros = ::mmap(reinterpret_cast<void*>(page), begin + size - page, PROT_READ,
            MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (zeros == MAP_FAILED)
            break;
        range.faulted.store(true, std::memory_order_release);
        return;
    }
    if ((g_previous.sa_flags & SA_SIGINFO) && g_previous.sa_sigaction) {
        g_previous.sa_sigaction(signal, info, context);
        return;
    }
    if (g_previous.sa_handler != SIG_DFL && g_previous.sa_handler != SIG_IGN) {
        g_previous.sa_handler(signal);
        return;
    }
    // The faulting instruction runs again under the old disposition (the
    // default: the process ends as it would have without us); a SIGBUS
    // sent by kill() is raised again.
    ::sigaction(signal, &g_previous, nullptr);
    if (info->si_code <= 0)
        ::raise(signal);
}

void install_handler()
{
    g_page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    struct sigaction action { };
    action.sa_sigaction = &on_bus_error;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    ::sigaction(SIGBUS, &action, &g_previous);
}

} // namespace

MappingGuard::MappingGuard(const void* data, std::size_t size)
{
    if (!data || size == 0)
        return;
    std::call_once(g_installed, install_handler);
    for (int i = 0; i < kRanges; ++i) {
        // Claimed first, filled, then published by its begin: the handler
        // reads a range's size only once its begin is an address.
        Range& range = g_ranges[i];
        std::uintptr_t expected = kFree;
        if (!range.begin.compare_exchange_strong(expected, kClaimed, std::memory_order_acq_rel))
            continue;
        range.size.store(size, std::memory_order_relaxed);
        range.faulted.store(false, std::memory_order_relaxed);
        range.begin.store(reinterpret_cast<std::uintptr_t>(data), std::memory_order_release);
        m_slot = i;
        return;
    }
}

MappingGuard::~MappingGuard()
{
    release();
}

MappingGuard::MappingGuard(MappingGuard&& other) noexcept
    : m_slot(std::exchange(other.m_slot, -1))
{ }

MappingGuard& MappingGuard::operator=(MappingGuard&& other) noexcept
{
    if (this != &other) {
        release();
        m_slot = std::exchange(other.m_slot, -1);
    }
    return *this;
}

bool MappingGuard::faulted() const
{
    return m_slot >= 0 && g_ranges[m_slot].faulted.load(std::memory_order_acquire);
}

void MappingGuard::release() noexcept
{
    if (m_slot >= 0)
        g_ranges[m_slot].begin.store(kFree, std::memory_order_release);
    m_slot = -1;
}

} // namespace hearth
