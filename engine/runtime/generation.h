#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/runtime/sampler.h"
#include "engine/text/vocabulary.h"

namespace hearth {

class JsonSchema;

// What a caller asks the engine for. The prompt is token ids: build them with
// prompt_from_text or prompt_from_conversation (runtime/prompt.h).
struct GenerationRequest {
    std::vector<TokenId> prompt;
    SamplingParams sampling;
    std::uint32_t max_tokens = 512;
    std::vector<std::string> stop; // stop strings; the reply ends before the first
    bool ignore_end_of_generation = false; // keep going past end-of-generation tokens
    // Control tokens come out as their text: harmony's channel markers
    // (text/harmony.h), which say what is reasoning and what is answer.
    bool render_special = false;
    // Read the prompt and generate nothing: the final event carries the
    // prompt's embedding, the mean of its tokens' final hidden states (after
    // the output norm), scaled to length 1.
    bool embed = false;
    // When set, the reply is JSON matching this schema: only tokens that keep
    // it so are sampled, and generation ends when the value is complete.
    std::shared_ptr<const JsonSchema> output_schema;
};

enum class FinishReason {
    Stop, // an end-of-generation token or a stop string
    Length, // max_tokens reached
    ContextFull, // the sequence filled the context window
    Cancelled,
    Error,
};
std::string_view finish_reason_name(FinishReason reason); // "stop", "length", …

struct Usage {
    std::uint32_t prompt_tokens = 0;
    std::uint32_t cached_prompt_tokens = 0; // reused from an earlier request's KV cache
    std::uint32_t completion_tokens = 0;
    double time_to_first_token_s = 0.0; // from submit to the first generated token
    double generation_s = 0.0; // from the first token to the last
};

// One callback per generated token (with the text it completes, possibly
// empty while a UTF-8 character or a possible stop string is held back),
// then a final one with `finished` set. Callbacks run on the engine's thread:
// keep them short and never call back into the engine from them.
struct GenerationEvent {
    bool finished = false;
    std::string text;
    SampledToken token; // valid when !finished
    FinishReason finish_reason = FinishReason::Stop; // valid when finished
    bool stop_string = false; // finished by one of the request's stop strings
    std::string error; // when finish_reason is Error
    Usage usage;
    std::vector<float> embedding; // with `embed`, in the final event
};
using GenerationCallback = std::function<void(const GenerationEvent&)>;

// Cancels a submitted request; safe from any thread, at any time, repeatedly.
class GenerationHandle {
public:
    GenerationHandle() = default;
    explicit GenerationHandle(std::shared_ptr<std::atomic<bool>> cancelled)
        : m_cancelled(std::move(cancelled))
    { }
    void cancel() const
    {
        if (m_cancelled)
            m_cancelled->store(true);
    }

private:
    std::shared_ptr<std::atomic<bool>> m_cancelled;
};

} // namespace hearth
