#pragma once

#include <cstddef>
#include <functional>
#include <memory>

namespace hearth::cpu {

// A fork-join pool for the forward pass: run() hands the same job to every
// thread (the caller is thread 0) and returns when all have finished. Workers
// spin briefly before sleeping, because a decode step calls run() hundreds of
// times and waking sleeping threads each time would cost more than the work.
class ThreadPool {
public:
    // `threads` counts the calling thread; 0 means one per core.
    explicit ThreadPool(unsigned threads = 0);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    unsigned size() const;

    // job(thread_index, thread_count) on every thread; not re-entrant.
    void run(const std::function<void(unsigned, unsigned)>& job);

    // Splits [0, count) into contiguous ranges, one per thread, each a multiple
    // of `grain` (except the last): job(begin, end).
    void parallel_for(std::size_t count, std::size_t grain, const std::function<void(std::size_t, std::size_t)>& job);

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace hearth::cpu
