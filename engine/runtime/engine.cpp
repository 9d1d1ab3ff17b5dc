#include "engine/runtime/engine.h"
#include "engine/runtime/make_forward_pass.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>

#include "engine/grammar/json_constraint.h"
#include "engine/model/model.h"
#include "engine/runtime/stop_strings.h"
#include "engine/text/text_stream.h"

namespace hearth {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_between(Clock::time_point a, Clock::time_point b)
{
    return std::chrono::duration<double>(b - a).count();
}

std::size_t common_prefix(const std::vector<TokenId>& a, const std::vector<TokenId>& b)
{
    const auto [ia, ib] = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
    return static_cast<std::size_t>(ia - a.begin());
}

} // namespace

std::string_view finish_reason_name(FinishReason reason)
{
    switch (reason) {
    case FinishReason::Stop:
        return "stop";
    case FinishReason::Length:
        return "length";
    case FinishReason::ContextFull:
        return "context_full";
    case FinishReason::Cancelled:
        return "cancelled";
    case FinishReason::Error:
        return "error";
    }
    return "error";
}

struct Engine::Pending {
    GenerationRequest request;
    GenerationCallback callback;
    std::shared_ptr<std::atomic<bool>> cancelled;
    Clock::time_point submitted;
};

struct Engine::Sequence {
    Sequence(std::unique_ptr<Pending> p, const Tokenizer& tokenizer)
        : pending(std::move(p))
        , sampler(pending->request.sampling)
        , text(tokenizer, pending->request.render_special)
        , stops(pending->request.stop)
        , tokens(pending->request.prompt)
    {
        usage.prompt_tokens = static_cast<std::uint32_t>(tokens.size());
        if (pending->request.output_schema)
            constraint.emplace(pending->request.output_schema);
    }

    std::unique_ptr<Pending> pending;
    Sampler sampler;
    TextStream text;
    StopStrings stops;
    std::vector<TokenId> tokens; // prompt, then generated
    std::size_t processed = 0; // tokens whose keys and values are in the slot
    std::uint32_t slot = 0;
    Usage usage;
    Clock::time_point first_token;
    bool done = false;
    std::vector<double> embedding_sum; // with `embed`: the hidden states so far, summed
    std::optional<JsonConstraint> constraint; // with an output schema
};

Engine::Engine(std::shared_ptr<const Model> model, EngineOptions options)
    : Engine(std::move(model), options, make_forward_pass)
{ }

Engine::Engine(std::shared_ptr<const Model> model, EngineOptions options, const PassFactory& make_pass)
    : m_model(std::move(model))
    , m_options(options)
{
    m_context = m_options.context ? m_options.context : std::min<std::uint32_t>(m_model->trained_context(), 8192);
    m_options.max_sequences = std::max<std::uint32_t>(1, m_options.max_sequences);
    m_options.max_batch_tokens = std::max(m_options.max_batch_tokens, m_options.max_sequences);
    ForwardPassOptions pass;
    pass.context = m_context;
    pass.slot_count = m_options.max_sequences;
    pass.kv_type = m_options.kv_type;
    pass.threads = m_options.threads;
    pass.device = m_options.device;
    pass.gpu = m_options.gpu;
    pass.gpu_layers = m_options.gpu_layers;
    pass.host_memory = m_options.host_memory;
    auto choice = make_pass(*m_model, pass);
    m_forward = std::move(choice.pass);
    m_gpu_fallback = choice.fallback;
    m_slot_tokens.resize(m_options.max_sequences);
    m_slot_busy.assign(m_options.max_sequences, false);
    m_slot_last_use.assign(m_options.max_sequences, 0);
    m_logits.resize(std::size_t { m_options.max_sequences } * m_model->config().shape.vocab);
    m_thread = std::thread([this] { run(); });
}

Engine::~Engine()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

GenerationHandle Engine::submit(GenerationRequest request, GenerationCallback callback)
{
    const auto vocab = m_model->config().shape.vocab;
    if (request.prompt.empty())
        throw RequestError("the prompt is empty: give at least one token");
    for (const TokenId id : request.prompt)
        if (id < 0 || static_cast<std::uint32_t>(id) >= vocab)
            throw RequestError("token id " + std::to_string(id) + " is outside the vocabulary (0 to "
                + std::to_string(vocab - 1) + ")");
    if (request.prompt.size() >= m_context)
        throw RequestError("the prompt has " + std::to_string(request.prompt.size()) + " tokens but the context holds "
            + std::to_string(m_context) + ": shorten the prompt or load the model with a longer context");

    auto pending = std::make_unique<Pending>();
    pending->request = std::move(request);
    pending->callback = std::move(callback);
    pending->cancelled = std::make_shared<std::atomic<bool>>(false);
    pending->submitted = Clock::now();
    GenerationHandle handle(pending->cancelled);
    {
        std::lock_guard lock(m_mutex);
        m_pending.push_back(std::move(pending));
    }
    m_wake.notify_all();
    return handle;
}

EngineStats Engine::stats() const
{
    std::lock_guard lock(m_mutex);
    return { m_active_count, static_cast<std::uint32_t>(m_pending.size()), m_context, m_options.max_sequences,
        m_kv_tokens };
}

void Engine::run()
{
    for (;;) {
        std::deque<std::unique_ptr<Pending>> arrived;
        bool stopping = false; // m_stopping as read under the lock: the destructor writes it
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [&] { return m_stopping || !m_pending.empty() || !m_active.empty(); });
            stopping = m_stopping;
            if (stopping) {
                arrived = std::move(m_pending);
                m_pending.clear();
            } else {
                const std::size_t free = m_options.max_sequences - m_active.size();
                while (!m_pending.empty() && arrived.size() < free) {
                    arrived.push_back(std::move(m_pending.front()));
                    m_pending.pop_front();
                }
            }
        }
        if (stopping) {
            for (auto& sequence : m_active)
                finish(*sequence, FinishReason::Cancelled);
            for (auto& pending : arrived) {
                GenerationEvent event;
                event.finished = true;
                event.finish_reason = FinishReason::Cancelled;
                event.usage.prompt_tokens = static_cast<std::uint32_t>(pending->request.prompt.size());
                pending->callback(event);
            }
            return;
        }
        try {
            admit(arrived);
            step();
        } catch (const std::exception& e) {
            for (auto& sequence : m_active)
                finish(*sequence, FinishReason::Error, false, e.what());
        }
        std::erase_if(m_active, [](const auto& s) { return s->done; });
        std::uint64_t kv_tokens = 0;
        for (const auto& tokens : m_slot_tokens)
            kv_tokens += tokens.size();
        std::lock_guard lock(m_mutex);
        m_active_count = static_cast<std::uint32_t>(m_active.size());
        m_kv_tokens = kv_tokens;
    }
}

std::size_t Engine::usable_prefix(std::uint32_t slot, const std::vector<TokenId>& tokens) const
{
    const auto& held = m_slot_tokens[slot];
    return m_forward->reusable(
        static_cast<std::uint32_t>(held.size()), static_cast<std::uint32_t>(common_prefix(held, tokens)));
}

void Engine::admit(std::deque<std::unique_ptr<Pending>>& arrived)
{
    for (auto& pending : arrived) {
        // The free slot sharing the longest prefix; among equals the one
        // unused longest, so recent conversations stay cached.
        std::uint32_t best = 0;
        std::size_t best_prefix = 0;
        bool found = false;
        for (std::uint32_t slot = 0; slot < m_slot_busy.size(); ++slot) {
            if (m_slot_busy[slot])
                continue;
            const std::size_t prefix = usable_prefix(slot, pending->request.prompt);
            if (!found || prefix > best_prefix
                || (prefix == best_prefix && m_slot_last_use[slot] < m_slot_last_use[best])) {
                best = slot;
                best_prefix = prefix;
                found = true;
            }
        }
        auto sequence = std::make_unique<Sequence>(std::move(pending), m_model->tokenizer());
        sequence->slot = best;
        // At least the last prompt token is processed again, for its logits;
        // an embedding needs every token's hidden state, so nothing is reused.
        const std::size_t reusable = sequence->pending->request.embed ? 0 : sequence->tokens.size() - 1;
        sequence->processed = std::min(best_prefix, reusable);
        // Another slot, busy or not, may hold more of this prompt (requests
        // sharing a system prompt, a conversation continued in parallel):
        // copying its keys and values costs far less than computing them.
        std::uint32_t source = best;
        for (std::uint32_t slot = 0; slot < m_slot_tokens.size(); ++slot) {
            const std::size_t prefix = std::min(usable_prefix(slot, sequence->tokens), reusable);
            if (slot != best && prefix > sequence->processed) {
                source = slot;
                sequence->processed = prefix;
            }
        }
        if (source == best)
            m_forward->release(best, static_cast<std::uint32_t>(sequence->processed)); // what it held past the prefix
        else {
            m_forward->copy_prefix(source, best, static_cast<std::uint32_t>(sequence->processed));
            m_slot_tokens[best].assign(m_slot_tokens[source].begin(),
                m_slot_tokens[source].begin() + static_cast<std::ptrdiff_t>(sequence->processed));
        }
        sequence->usage.cached_prompt_tokens = static_cast<std::uint32_t>(sequence->processed);
        m_slot_busy[best] = true;
        m_slot_tokens[best].resize(sequence->processed);
        m_active.push_back(std::move(sequence));
    }
}

void Engine::step()
{
    for (auto& sequence : m_active)
        if (sequence->pending->cancelled->load())
            finish(*sequence, FinishReason::Cancelled);

    // Generating sequences first (one token each, for steady latency), then
    // chunks of the first `prompts` waiting prompts with what is left of the budget.
    std::vector<BatchToken> batch;
    std::vector<Sequence*> wanting_logits;
    std::vector<Sequence*> wanting_hidden; // one entry per token whose hidden state is wanted
    std::vector<std::pair<Sequence*, std::size_t>> fed;
    // Returns how many prompts it fed.
    const auto build = [&](std::size_t prompts) {
        batch.clear();
        wanting_logits.clear();
        wanting_hidden.clear();
        fed.clear();
        std::size_t prompts_fed = 0;
        std::size_t budget = m_options.max_batch_tokens;
        for (const bool generating : { true, false }) {
            for (auto& sequence : m_active) {
                if (sequence->done || budget == 0)
                    continue;
                const std::size_t remaining = sequence->tokens.size() - sequence->processed;
                if ((remaining == 1) != generating || (!generating && prompts_fed == prompts))
                    continue;
                const std::size_t count = std::min(remaining, budget);
                const bool embed = sequence->pending->request.embed;
                for (std::size_t i = 0; i < count; ++i) {
                    const std::size_t position = sequence->processed + i;
                    const bool last = position + 1 == sequence->tokens.size() && !embed;
                    batch.push_back({ sequence->tokens[position], static_cast<std::uint32_t>(position), sequence->slot,
                        last, embed });
                    if (last)
                        wanting_logits.push_back(sequence.get());
                    if (embed)
                        wanting_hidden.push_back(sequence.get());
                }
                fed.emplace_back(sequence.get(), count);
                budget -= count;
                prompts_fed += generating ? 0 : 1;
            }
        }
        return prompts_fed;
    };
    const std::size_t prompts = build(m_active.size());
    make_room(batch, build, prompts);
    if (batch.empty())
        return;

    const std::size_t hidden = m_model->config().shape.hidden;
    if (m_hidden.size() < wanting_hidden.size() * hidden)
        m_hidden.resize(wanting_hidden.size() * hidden);
    // A weight file cut short under the engine reads as zeros: nothing
    // computed from it may reach a client (throws; every sequence ends with the reason).
    m_model->file().check_intact();
    m_forward->run(batch, m_logits, m_hidden);
    m_model->file().check_intact();
    for (std::size_t i = 0; i < wanting_hidden.size(); ++i) {
        auto& sum = wanting_hidden[i]->embedding_sum;
        sum.resize(hidden, 0.0);
        for (std::size_t d = 0; d < hidden; ++d)
            sum[d] += m_hidden[i * hidden + d];
    }
    for (auto& [sequence, count] : fed) {
        auto& cached = m_slot_tokens[sequence->slot];
        cached.insert(cached.end(), sequence->tokens.begin() + static_cast<std::ptrdiff_t>(sequence->processed),
            sequence->tokens.begin() + static_cast<std::ptrdiff_t>(sequence->processed + count));
        sequence->processed += count;
        if (sequence->pending->request.embed && sequence->processed == sequence->tokens.size())
            finish_embedding(*sequence);
    }
    const std::size_t vocab = m_model->config().shape.vocab;
    for (std::size_t i = 0; i < wanting_logits.size(); ++i)
        sample(*wanting_logits[i], &m_logits[i * vocab]);
}

void Engine::make_room(
    const std::vector<BatchToken>& batch, const std::function<std::size_t(std::size_t)>& build, std::size_t prompts_fed)
{
    if (m_forward->can_hold(batch))
        return;
    // A paged cache whose pool the slots share is full. First what idle
    // slots keep for prefixes, least recently used first...
    std::vector<std::uint32_t> idle;
    for (std::uint32_t slot = 0; slot < m_slot_busy.size(); ++slot)
        if (!m_slot_busy[slot] && !m_slot_tokens[slot].empty())
            idle.push_back(slot);
    std::sort(idle.begin(), idle.end(), [&](auto a, auto b) { return m_slot_last_use[a] < m_slot_last_use[b]; });
    for (const std::uint32_t slot : idle) {
        m_forward->release(slot, 0);
        m_slot_tokens[slot].clear();
        if (m_forward->can_hold(batch))
            return;
    }
    // ...then prompts wait, the last admitted first; and when even the
    // generating sequences do not fit, the one holding most positions ends
    // as if its context were full, giving its blocks to the others.
    while (!m_forward->can_hold(batch) || batch.empty()) {
        if (prompts_fed > 0) {
            prompts_fed = build(prompts_fed - 1);
            if (!batch.empty())
                continue;
        }
        Sequence* holding_most = nullptr;
        for (auto& sequence : m_active)
            if (!sequence->done && (!holding_most || sequence->processed > holding_most->processed))
                holding_most = sequence.get();
        if (!holding_most)
            return;
        finish(*holding_most, FinishReason::ContextFull);
        m_forward->release(holding_most->slot, 0);
        m_slot_tokens[holding_most->slot].clear();
        prompts_fed = build(m_active.size());
    }
}

const TokenTrie& Engine::token_trie()
{
    if (!m_token_trie) {
        const Tokenizer& tokenizer = m_model->tokenizer();
        std::vector<std::string> pieces(tokenizer.vocabulary().tokens.size());
        for (std::size_t id = 0; id < pieces.size(); ++id)
            if (!tokenizer.ends_generation(static_cast<TokenId>(id)))
                pieces[id] = tokenizer.piece(static_cast<TokenId>(id));
        m_token_trie = std::make_unique<TokenTrie>(pieces);
    }
    return *m_token_trie;
}

void Engine::sample(Sequence& sequence, const float* logits)
{
    const std::size_t vocab = m_model->config().shape.vocab;
    const auto& request = sequence.pending->request;
    const Tokenizer& tokenizer = m_model->tokenizer();
    std::function<bool(TokenId)> allowed;
    if (sequence.constraint) {
        // A token may come when its text keeps the JSON valid; the end only
        // when the value is complete. The sampler asks best first, and the
        // best few hundred usually have enough; past them, every token is
        // judged in one walk of the vocabulary's trie: 5 ms instead of 2.8 s
        // a step for a 512-value enum over Qwen's 152k tokens.
        constexpr int checked_one_by_one = 256;
        allowed = [this, &sequence, &tokenizer, asked = 0, mask = std::vector<char>()](TokenId id) mutable {
            if (tokenizer.ends_generation(id))
                return sequence.constraint->complete();
            if (++asked > checked_one_by_one) {
                if (mask.empty()
                    && !sequence.constraint->allowed_tokens(token_trie(), mask, sequence.pending->cancelled.get()))
                    mask.assign(tokenizer.vocabulary().tokens.size(), 0); // cancelled: the step ends
                return static_cast<std::size_t>(id) < mask.size() && mask[static_cast<std::size_t>(id)] != 0;
            }
            const std::string piece = tokenizer.piece(id);
            return !piece.empty() && sequence.constraint->accepts(piece);
        };
    }
    auto choice = sequence.sampler.sample(std::span(logits, vocab), sequence.tokens, allowed);
    if (sequence.pending->cancelled->load()) {
        finish(sequence, FinishReason::Cancelled);
        return;
    }
    if (choice.token < 0) {
        finish(sequence, FinishReason::Error, true, "no token of this model's vocabulary can continue the JSON output");
        return;
    }
    if (sequence.constraint && !tokenizer.ends_generation(choice.token))
        sequence.constraint->feed(tokenizer.piece(choice.token));
    const auto now = Clock::now();
    if (sequence.usage.completion_tokens == 0) {
        sequence.first_token = now;
        sequence.usage.time_to_first_token_s = seconds_between(sequence.pending->submitted, now);
    }
    ++sequence.usage.completion_tokens;
    sequence.usage.generation_s = seconds_between(sequence.first_token, now);

    const bool end = !request.ignore_end_of_generation && m_model->tokenizer().ends_generation(choice.token);
    GenerationEvent event;
    event.token = std::move(choice);
    bool stopped = end;
    if (!end) {
        auto result = sequence.stops.push(sequence.text.push(event.token.token));
        event.text = std::move(result.text);
        stopped = result.stopped;
    }
    event.usage = sequence.usage;
    sequence.pending->callback(event);
    sequence.tokens.push_back(event.token.token);

    if (stopped) {
        finish(sequence, FinishReason::Stop, /*flush=*/end);
    } else if (sequence.usage.completion_tokens >= request.max_tokens) {
        finish(sequence, FinishReason::Length);
    } else if (sequence.tokens.size() > m_context) {
        finish(sequence, FinishReason::ContextFull);
    }
}

void Engine::finish_embedding(Sequence& sequence)
{
    sequence.done = true;
    GenerationEvent event;
    event.finished = true;
    event.finish_reason = FinishReason::Stop;
    double norm = 0.0;
    for (const double value : sequence.embedding_sum)
        norm += value * value;
    norm = std::sqrt(norm);
    event.embedding.reserve(sequence.embedding_sum.size());
    for (const double value : sequence.embedding_sum)
        event.embedding.push_back(static_cast<float>(norm > 0 ? value / norm : 0.0));
    sequence.usage.time_to_first_token_s = seconds_between(sequence.pending->submitted, Clock::now());
    event.usage = sequence.usage;
    m_slot_busy[sequence.slot] = false;
    m_slot_last_use[sequence.slot] = ++m_clock;
    sequence.pending->callback(event);
}

void Engine::finish(Sequence& sequence, FinishReason reason, bool flush, std::string error)
{
    if (sequence.done)
        return;
    sequence.done = true;
    GenerationEvent event;
    event.finished = true;
    event.finish_reason = reason;
    // Only a stop string ends with Stop and leaves the held-back text unflushed.
    event.stop_string = reason == FinishReason::Stop && !flush;
    event.error = std::move(error);
    if (flush) {
        auto tail = sequence.stops.push(sequence.text.finish());
        event.text = std::move(tail.text) + (tail.stopped ? std::string() : sequence.stops.finish());
    }
    event.usage = sequence.usage;
    m_slot_busy[sequence.slot] = false;
    m_slot_last_use[sequence.slot] = ++m_clock;
    sequence.pending->callback(event);
}

} // namespace hearth
