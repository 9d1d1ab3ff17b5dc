#pragma once

#include <stdexcept>

namespace hearth {

// A model the engine cannot run: an architecture it does not know, a tensor
// of the wrong shape or type, a missing hyper-parameter. The message names the
// file and says what is wrong.
class ModelError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace hearth
