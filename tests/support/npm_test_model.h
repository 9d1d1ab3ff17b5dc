#pragma once

// For the Qt tests that load, serve or download a model: a random-weight
// model written with a real tokenizer from the npm test data
// ($HEARTH_TEST_DATA, made by tests/data/fetch.sh).

#include <QString>
#include <QtGlobal>

#include <filesystem>

#include "engine/text/vocabulary.h"
#include "tests/support/test_model.h"

namespace hearth::test {

// tokenizer.json of @lenml/tokenizer-NAME ("llama2", "llama3", "qwen2_5").
inline std::filesystem::path npmTokenizer(const char* name)
{
    return std::filesystem::path(qEnvironmentVariable("HEARTH_TEST_DATA").toStdString())
        / (std::string("@lenml/tokenizer-") + name) / "models/tokenizer.json";
}

// Writes the model to `path`; false (with nothing written) when
// HEARTH_TEST_DATA is not set. Throws as write_test_model does.
inline bool writeNpmTestModel(const TestModelSpec& spec, const char* tokenizer, const QString& path)
{
    if (qEnvironmentVariableIsEmpty("HEARTH_TEST_DATA"))
        return false;
    write_test_model(spec, vocabulary_from_hf(npmTokenizer(tokenizer)), path.toStdString());
    return true;
}

} // namespace hearth::test
