#include "engine/cpu/thread_pool.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace hearth::cpu {

namespace {

void cpu_relax()
{
#if defined(__x86_64__) || defined(__i386__)
    _mm_pause();
#else
    std::this_thread::yield();
#endif
}

// How long a worker spins for the next job before it sleeps. A decode step
// calls run() every few microseconds, so workers stay awake through it; a
// pool left idle sleeps after this and costs nothing.
constexpr auto kSpinTime = std::chrono::microseconds(200);

} // namespace

struct ThreadPool::State {
    unsigned size = 1;
    std::vector<std::thread> workers;

    // Bumped once per run(); workers wait for it to change. Its own cache line,
    // apart from `pending`, which every worker writes.
    alignas(64) std::atomic<std::uint64_t> generation { 0 };
    const std::function<void(unsigned, unsigned)>* job = nullptr;
    bool stopping = false;

    alignas(64) std::atomic<unsigned> pending { 0 };

    alignas(64) std::mutex mutex;
    std::condition_variable wake;
    std::atomic<unsigned> sleepers { 0 };

    void work(unsigned index)
    {
        std::uint64_t seen = 0;
        for (;;) {
            if (!wait_for_job(seen))
                return;
            seen = generation.load(std::memory_order_acquire);
            (*job)(index, size);
            pending.fetch_sub(1, std::memory_order_release);
        }
    }

    // false when the pool is shutting down.
    bool wait_for_job(std::uint64_t seen)
    {
        const auto deadline = std::chrono::steady_clock::now() + kSpinTime;
        for (unsigned spins = 1;; ++spins) {
            if (generation.load(std::memory_order_acquire) != seen)
                return !stopping;
            cpu_relax();
            if (spins % 256 == 0 && std::chrono::steady_clock::now() > deadline)
                break;
        }
        std::unique_lock lock(mutex);
        sleepers.fetch_add(1);
        wake.wait(lock, [&] { return generation.load() != seen; });
        sleepers.fetch_sub(1);
        return !stopping;
    }

    void start_generation()
    {
        // seq_cst on both sides (here and in wait_for_job) means either this
        // thread sees the sleeper or the sleeper's predicate sees the new
        // generation, so no wake-up is lost.
        generation.fetch_add(1);
        if (sleepers.load() > 0) {
            std::lock_guard lock(mutex);
            wake.notify_all();
        }
    }
};

ThreadPool::ThreadPool(unsigned threads)
    : m_state(std::make_unique<State>())
{
    if (threads == 0)
        threads = std::max(1u, std::thread::hardware_concurrency());
    m_state->size = threads;
    m_state->workers.reserve(threads - 1);
    for (unsigned i = 1; i < threads; ++i)
        m_state->workers.emplace_back([state = m_state.get(), i] { state->work(i); });
}

ThreadPool::~ThreadPool()
{
    m_state->stopping = true;
    m_state->start_generation();
    for (auto& worker : m_state->workers)
        worker.join();
}

unsigned ThreadPool::size() const
{
    return m_state->size;
}

void ThreadPool::run(const std::function<void(unsigned, unsigned)>& job)
{
    State& state = *m_state;
    if (state.size == 1) {
        job(0, 1);
        return;
    }
    state.job = &job;
    state.pending.store(state.size - 1, std::memory_order_relaxed);
    state.start_generation();
    job(0, state.size);
    for (unsigned spins = 1; state.pending.load(std::memory_order_acquire) != 0; ++spins) {
        // A worker that lost its core (the machine is busy) finishes later:
        // give the core away rather than spin against it.
        if (spins % 1024 == 0)
            std::this_thread::yield();
        else
            cpu_relax();
    }
}

void ThreadPool::parallel_for(
    std::size_t count, std::size_t grain, const std::function<void(std::size_t, std::size_t)>& job)
{
    if (count == 0)
        return;
    grain = std::max<std::size_t>(grain, 1);
    const std::size_t units = (count + grain - 1) / grain;
    if (units == 1 || size() == 1) {
        job(0, count);
        return;
    }
    run([&](unsigned thread, unsigned threads) {
        const std::size_t first = units * thread / threads;
        const std::size_t last = units * (thread + 1) / threads;
        const std::size_t begin = first * grain;
        const std::size_t end = std::min(last * grain, count);
        if (begin < end)
            job(begin, end);
    });
}

} // namespace hearth::cpu
