#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/grammar/json_schema.h"
#include "engine/grammar/token_trie.h"

namespace hearth {

// A byte-by-byte check that text is a prefix of JSON matching a schema. The
// sampler asks it, for each candidate token, whether the token's bytes can
// come next (on a copy), and the token it chose is then fed in. Whitespace
// between values is allowed in short runs, so a model cannot stall in it.
class JsonConstraint {
public:
    explicit JsonConstraint(std::shared_ptr<const JsonSchema> schema);
    ~JsonConstraint();
    JsonConstraint(const JsonConstraint&);
    JsonConstraint& operator=(const JsonConstraint&);

    // Whether `bytes` can follow what was fed so far.
    bool accepts(std::string_view bytes) const;
    // Sets allowed[id] for every token of `trie` whose bytes can follow, in
    // one walk of the trie; false, with `allowed` incomplete, when
    // `cancelled` turned true on the way.
    bool allowed_tokens(
        const TokenTrie& trie, std::vector<char>& allowed, const std::atomic<bool>* cancelled = nullptr) const;
    // Feeds `bytes`; false (and the state unchanged) when they cannot follow.
    bool feed(std::string_view bytes);
    // The text so far is a whole value matching the schema.
    bool complete() const;

private:
    struct State;
    std::shared_ptr<const JsonSchema> m_schema;
    std::unique_ptr<State> m_state;
};

} // namespace hearth
