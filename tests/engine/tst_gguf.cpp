#include "engine/gguf/gguf_file.h"
#include "engine/gguf/gguf_type_census.h"
#include "engine/gguf/gguf_writer.h"

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include <gtest/gtest.h>
#include <unistd.h>

#include "tests/support/gguf_builder.h"

using namespace hearth;
using hearth::test::Bytes;
using hearth::test::Gguf;
using hearth::test::GgufBuilder;

namespace {

GgufFile parse(const std::vector<std::byte>& bytes)
{
    return GgufFile::parse(bytes, "test.gguf");
}

// The message a parse failure gives, or "" when the bytes parsed.
std::string error_of(const std::vector<std::byte>& bytes)
{
    try {
        parse(bytes);
    } catch (const GgufError& e) {
        return e.what();
    }
    return {};
}

GgufBuilder every_value_type()
{
    GgufBuilder b;
    Bytes nested; // [[1, 2], [3]] as arrays of int32 inside an array
    nested.put<std::uint32_t>(9).put<std::uint64_t>(2);
    nested.put<std::uint32_t>(5).put<std::uint64_t>(2).put<std::int32_t>(1).put<std::int32_t>(2);
    nested.put<std::uint32_t>(5).put<std::uint64_t>(1).put<std::int32_t>(3);
    Bytes u8, i8, u16, i16, i64, f64;
    u8.put<std::uint8_t>(200);
    i8.put<std::int8_t>(-5);
    u16.put<std::uint16_t>(60000);
    i16.put<std::int16_t>(-30000);
    i64.put<std::int64_t>(-1234567890123);
    f64.put<double>(2.5);
    b.raw("t.u8", Gguf::UInt8, u8)
        .raw("t.i8", Gguf::Int8, i8)
        .raw("t.u16", Gguf::UInt16, u16)
        .raw("t.i16", Gguf::Int16, i16)
        .uint32("t.u32", 4000000000u)
        .int32("t.i32", -7)
        .float32("t.f32", 0.5f)
        .boolean("t.bool", true)
        .string("t.str", "héllo")
        .uint64("t.u64", 1ull << 40)
        .raw("t.i64", Gguf::Int64, i64)
        .raw("t.f64", Gguf::Float64, f64)
        .strings("t.strs", { "a", "bc", "" })
        .raw("t.nested", Gguf::Array, nested);
    return b;
}

} // namespace

TEST(Gguf, ReadsEveryMetadataType)
{
    const auto bytes = every_value_type().build();
    const auto file = parse(bytes);
    EXPECT_EQ(file.version(), 3u);
    EXPECT_EQ(file.metadata().size(), 14u);
    EXPECT_EQ(file.get_uint("t.u8"), 200u);
    EXPECT_EQ(file.find("t.i8")->as_int(), -5);
    EXPECT_EQ(file.get_uint("t.u16"), 60000u);
    EXPECT_EQ(file.find("t.i16")->as_int(), -30000);
    EXPECT_EQ(file.get_uint("t.u32"), 4000000000u);
    EXPECT_EQ(file.find("t.i32")->as_int(), -7);
    EXPECT_FALSE(file.get_uint("t.i32").has_value()); // negative: not an unsigned answer
    EXPECT_EQ(file.get_float("t.f32"), 0.5);
    EXPECT_EQ(file.find("t.bool")->as_bool(), true);
    EXPECT_EQ(file.get_string("t.str"), "héllo");
    EXPECT_EQ(file.get_uint("t.u64"), 1ull << 40);
    EXPECT_EQ(file.find("t.i64")->as_int(), -1234567890123);
    EXPECT_EQ(file.get_float("t.f64"), 2.5);
    EXPECT_EQ(file.find("t.strs")->strings(), (std::vector<std::string_view> { "a", "bc", "" }));

    const auto nested = file.find("t.nested")->elements();
    ASSERT_EQ(nested.size(), 2u);
    const auto first = nested[0].elements();
    ASSERT_EQ(first.size(), 2u);
    EXPECT_EQ(first[1].as_int(), 2);
    EXPECT_EQ(nested[1].elements()[0].as_int(), 3);
    EXPECT_EQ(file.find("t.nested")->to_display_string(), "[[1, 2], [3]]");
}

TEST(Gguf, ReadsVersionTwo)
{
    const auto bytes = GgufBuilder().version(2).string("general.architecture", "llama").build();
    EXPECT_EQ(parse(bytes).version(), 2u);
}

TEST(Gguf, ReadsTensorDirectoryAndData)
{
    auto b = GgufBuilder().alignment(64);
    b.tensor("a", { 32, 3 }, hearth::test::kQ8_0)
        .tensor("b", { 5 }, hearth::test::kF32)
        .tensor("c", { 256, 2 }, hearth::test::kQ4_K);
    const auto bytes = b.build();
    const auto file = parse(bytes);
    EXPECT_EQ(file.alignment(), 64u);
    EXPECT_EQ(file.data_offset() % 64, 0u);
    ASSERT_EQ(file.tensors().size(), 3u);
    const auto* a = file.find_tensor("a");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->shape, (std::vector<std::uint64_t> { 32, 3 }));
    EXPECT_EQ(a->type, GgmlType::Q8_0);
    EXPECT_EQ(a->bytes, 3u * 34);
    EXPECT_EQ(file.find_tensor("b")->offset, 128u); // 102 bytes of "a", rounded up to 64
    EXPECT_EQ(file.find_tensor("c")->bytes, 2u * 144);
    EXPECT_EQ(file.tensor_bytes(), 3u * 34 + 5 * 4 + 2 * 144);
    EXPECT_EQ(file.tensor_bytes(), b.tensor_bytes());
    EXPECT_EQ(file.tensor_elements(), 96u + 5 + 512);
    const auto data = file.tensor_data(*a);
    EXPECT_EQ(data.data(), bytes.data() + file.data_offset());
    EXPECT_EQ(data.size(), 102u);
}

TEST(Gguf, OpensAFileOnDisk)
{
    const auto path = std::filesystem::temp_directory_path() / "hearth-tst-gguf-open.gguf";
    hearth::test::TinyLlama {}.builder().write(path);
    const auto file = GgufFile::open(path);
    EXPECT_EQ(file.source(), "hearth-tst-gguf-open.gguf");
    EXPECT_EQ(file.get_string("general.architecture"), "llama");
    EXPECT_EQ(file.file_size(), std::filesystem::file_size(path));
    std::filesystem::remove(path);
}

// Another program truncates a model while it is mapped: reading past the new
// end would kill the process with SIGBUS. It reads zeros instead, and the
// mapping says what happened (without the guard this test dies).
TEST(Gguf, AFileCutShortUnderItsMappingReadsZerosAndSaysSo)
{
    const auto path
        = std::filesystem::temp_directory_path() / ("hearth-tst-gguf-truncated-" + std::to_string(::getpid()) + ".bin");
    {
        std::FILE* out = std::fopen(path.c_str(), "wb");
        ASSERT_NE(out, nullptr);
        for (int i = 0; i < 256 * 1024; ++i)
            std::fputc(0x5A, out);
        std::fclose(out);
    }
    hearth::MappedFile mapped(path);
    const auto bytes = mapped.bytes();
    EXPECT_EQ(bytes[200 * 1024], std::byte { 0x5A });
    EXPECT_TRUE(mapped.damage().empty());
    std::filesystem::resize_file(path, 8 * 1024);
    // Read through volatile: the compiler may not reuse the read from before the truncation.
    const auto at = [data = static_cast<const volatile std::byte*>(bytes.data())](
                        std::size_t i) { return std::to_integer<int>(std::byte(data[i])); };
    EXPECT_EQ(at(100), 0x5A); // still in the file
    EXPECT_EQ(at(200 * 1024), 0); // gone: zeros, not SIGBUS
    EXPECT_EQ(at(256 * 1024 - 1), 0);
    const std::string damage = mapped.damage();
    EXPECT_NE(damage.find("cut short"), std::string::npos) << damage;
    EXPECT_NE(damage.find("262144 bytes when opened, 8192 now"), std::string::npos) << damage;
    std::filesystem::remove(path);
}

// A SIGBUS that is no guarded mapping's still ends the process, as it would without the guard.
TEST(GgufDeathTest, OtherBusErrorsStillEndTheProcess)
{
    const auto path
        = std::filesystem::temp_directory_path() / ("hearth-tst-gguf-guarded-" + std::to_string(::getpid()) + ".bin");
    {
        std::FILE* out = std::fopen(path.c_str(), "wb");
        ASSERT_NE(out, nullptr);
        std::fputs("x", out);
        std::fclose(out);
    }
    const hearth::MappedFile guarded(path); // the handler is installed
    EXPECT_DEATH(::raise(SIGBUS), "");
    std::filesystem::remove(path);
}

// A full disk while quantizing or converting: the writer says so, and
// nothing is left under the output's name (its .partial is a link to
// /dev/full here, where every write fails with ENOSPC).
TEST(GgufWriter, AFullDiskLeavesNothingThatLooksComplete)
{
    if (!std::filesystem::exists("/dev/full"))
        GTEST_SKIP() << "this system has no /dev/full";
    const auto dir = std::filesystem::temp_directory_path() / ("hearth-tst-full-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto path = dir / "out.gguf";
    std::filesystem::create_symlink("/dev/full", dir / "out.gguf.partial");
    hearth::GgufWriter writer;
    writer.set_string("general.architecture", "llama");
    const std::vector<std::byte> weights(1 << 20, std::byte { 1 });
    writer.add_tensor("big", { 1 << 20 }, hearth::GgmlType::I8, weights);
    try {
        writer.write(path);
        FAIL() << "a write to a full disk succeeded";
    } catch (const std::system_error& e) {
        EXPECT_EQ(e.code().value(), ENOSPC) << e.what();
        EXPECT_NE(std::string(e.what()).find("out.gguf.partial"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(std::filesystem::exists(path));
    std::filesystem::remove_all(dir);
}

TEST(Gguf, MissingFileIsASystemError)
{
    EXPECT_THROW(GgufFile::open("/nonexistent/hearth/model.gguf"), std::system_error);
}

TEST(Gguf, RejectsWhatIsNotGguf)
{
    EXPECT_NE(error_of({}).find("only 0 bytes long"), std::string::npos);
    using namespace std::string_literals;
    const auto safetensors = "\x10\x00\x00\x00\x00\x00\x00\x00{\"a\":1}"s;
    std::vector<std::byte> st(safetensors.size());
    std::memcpy(st.data(), safetensors.data(), st.size());
    EXPECT_NE(error_of(st).find("does not start with \"GGUF\""), std::string::npos);
}

TEST(Gguf, RejectsUnsupportedVersions)
{
    EXPECT_NE(error_of(GgufBuilder().version(1).build()).find("version 1"), std::string::npos);
    EXPECT_NE(error_of(GgufBuilder().version(0x03000000).build()).find("big-endian"), std::string::npos);
    EXPECT_NE(error_of(GgufBuilder().version(7).build()).find("version 7"), std::string::npos);
}

TEST(Gguf, EveryTruncationFailsCleanly)
{
    auto b = every_value_type();
    b.tensor("w", { 64, 2 }, hearth::test::kF16);
    const auto whole = b.build();
    ASSERT_EQ(error_of(whole), "");
    for (std::size_t size = 0; size < whole.size(); ++size) {
        const std::vector<std::byte> cut(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(size));
        EXPECT_NE(error_of(cut), "") << "truncated to " << size << " bytes";
    }
}

TEST(Gguf, TensorPastTheEndNamesTheTensor)
{
    auto b = GgufBuilder();
    b.tensor("blk.3.attn_q.weight", { 64, 64 }, hearth::test::kF32);
    auto bytes = b.build();
    bytes.resize(bytes.size() - 100);
    const auto message = error_of(bytes);
    EXPECT_NE(message.find("test.gguf: tensor blk.3.attn_q.weight ends at byte"), std::string::npos) << message;
    EXPECT_NE(message.find("past the end of the file"), std::string::npos) << message;
    EXPECT_NE(message.find("download it again"), std::string::npos) << message;
}

TEST(Gguf, HostileCountsAreRejectedBeforeAllocating)
{
    Bytes huge_array;
    huge_array.put<std::uint32_t>(static_cast<std::uint32_t>(Gguf::UInt64)).put<std::uint64_t>(1ull << 60);
    EXPECT_NE(error_of(GgufBuilder().raw("a", Gguf::Array, huge_array).build()).find("cannot fit"), std::string::npos);

    Bytes huge_strings;
    huge_strings.put<std::uint32_t>(static_cast<std::uint32_t>(Gguf::String)).put<std::uint64_t>(~0ull);
    EXPECT_NE(
        error_of(GgufBuilder().raw("a", Gguf::Array, huge_strings).build()).find("cannot fit"), std::string::npos);

    Bytes huge_string;
    huge_string.put<std::uint64_t>(~0ull / 2);
    EXPECT_NE(
        error_of(GgufBuilder().raw("s", Gguf::String, huge_string).build()).find("string value"), std::string::npos);

    Bytes header;
    header.put<std::uint32_t>(0x46554747).put<std::uint32_t>(3).put<std::uint64_t>(~0ull).put<std::uint64_t>(0);
    EXPECT_NE(error_of(header.data()).find("tensor count"), std::string::npos);
    Bytes header2;
    header2.put<std::uint32_t>(0x46554747).put<std::uint32_t>(3).put<std::uint64_t>(0).put<std::uint64_t>(1ull << 62);
    EXPECT_NE(error_of(header2.data()).find("metadata count"), std::string::npos);
}

TEST(Gguf, DeepNestingIsBounded)
{
    Bytes deep;
    for (int i = 0; i < 100; ++i)
        deep.put<std::uint32_t>(static_cast<std::uint32_t>(Gguf::Array)).put<std::uint64_t>(1);
    deep.put<std::uint32_t>(static_cast<std::uint32_t>(Gguf::UInt8)).put<std::uint64_t>(0);
    EXPECT_NE(error_of(GgufBuilder().raw("deep", Gguf::Array, deep).build()).find("nested deeper"), std::string::npos);
}

TEST(Gguf, RejectsBadValuesAndDirectories)
{
    Bytes bad_bool;
    bad_bool.put<std::uint8_t>(7);
    EXPECT_NE(error_of(GgufBuilder().raw("b", Gguf::Bool, bad_bool).build()).find("not 0 or 1"), std::string::npos);

    Bytes any;
    any.put<std::uint32_t>(0);
    EXPECT_NE(error_of(GgufBuilder().raw("x", static_cast<Gguf>(77), any).build()).find("unknown value type 77"),
        std::string::npos);

    EXPECT_NE(error_of(GgufBuilder().uint32("k", 1).uint32("k", 2).build()).find("appears twice"), std::string::npos);
    EXPECT_NE(error_of(GgufBuilder().alignment(48).build()).find("power-of-two"), std::string::npos);
    EXPECT_NE(error_of(GgufBuilder().uint64("general.alignment", 32).build()).find("power-of-two"), std::string::npos);

    auto unknown_type = GgufBuilder();
    unknown_type.tensor("w", { 4 }, { 99, 1, 4 });
    EXPECT_NE(error_of(unknown_type.build()).find("unknown type 99"), std::string::npos);

    auto partial_block = GgufBuilder();
    partial_block.tensor("w", { 100, 2 }, hearth::test::kQ4_K);
    EXPECT_NE(error_of(partial_block.build()).find("not a multiple"), std::string::npos);

    auto twice = GgufBuilder();
    twice.tensor("w", { 4 }, hearth::test::kF32).tensor("w", { 4 }, hearth::test::kF32);
    EXPECT_NE(error_of(twice.build()).find("appears twice"), std::string::npos);
}

TEST(Gguf, RejectsImpossibleShapesAndOffsets)
{
    const auto put_tensor_file = [](std::uint32_t dims, std::vector<std::uint64_t> shape, std::uint64_t offset) {
        Bytes b;
        b.put<std::uint32_t>(0x46554747).put<std::uint32_t>(3).put<std::uint64_t>(1).put<std::uint64_t>(0);
        b.put_string("w").put<std::uint32_t>(dims);
        for (auto d : shape)
            b.put<std::uint64_t>(d);
        b.put<std::uint32_t>(0).put<std::uint64_t>(offset);
        b.pad_to(32);
        b.data().resize(b.data().size() + 64);
        return b.data();
    };
    EXPECT_EQ(error_of(put_tensor_file(1, { 16 }, 0)), "");
    EXPECT_NE(error_of(put_tensor_file(5, { 1, 1, 1, 1, 1 }, 0)).find("5 dimensions"), std::string::npos);
    EXPECT_NE(error_of(put_tensor_file(0, {}, 0)).find("0 dimensions"), std::string::npos);
    EXPECT_NE(error_of(put_tensor_file(2, { 1ull << 40, 1ull << 40 }, 0)).find("impossible shape"), std::string::npos);
    EXPECT_NE(error_of(put_tensor_file(1, { 0 }, 0)).find("impossible shape"), std::string::npos);
    EXPECT_NE(error_of(put_tensor_file(1, { 4 }, 3)).find("alignment"), std::string::npos);
    EXPECT_NE(error_of(put_tensor_file(1, { 4 }, ~0ull - 31)).find("past the end"), std::string::npos);
}

TEST(Gguf, RejectsBoolArraysWithOtherBytes)
{
    // Found by the fuzzer: a bool array element of 7 passed parsing and then
    // failed when the array was decoded.
    Bytes bools;
    bools.put<std::uint32_t>(static_cast<std::uint32_t>(Gguf::Bool))
        .put<std::uint64_t>(2)
        .put<std::uint8_t>(1)
        .put<std::uint8_t>(7);
    EXPECT_NE(error_of(GgufBuilder().raw("b", Gguf::Array, bools).build()).find("not 0 or 1"), std::string::npos);
}

// A header read from the start of a file counts each tensor type, unknown
// ids included, and says when it needs more of the file.
TEST(GgufTypeCensus, CountsTensorTypesFromAPrefix)
{
    auto b = every_value_type();
    b.string("general.architecture", "qwen2")
        .tensor("a", { 32, 3 }, hearth::test::kQ8_0)
        .tensor("b", { 5 }, hearth::test::kF32)
        .tensor("c", { 64, 2 }, { 57, 64, 20 }) // an id no build knows
        .tensor("d", { 32, 1 }, hearth::test::kQ8_0);
    const auto whole = b.build();
    const auto header = b.header().data().size();
    const auto census = census_tensor_types(std::span(whole).first(header), whole.size());
    ASSERT_EQ(census.status, GgufTypeCensus::Status::Complete) << census.error;
    EXPECT_EQ(census.architecture, "qwen2");
    const std::map<std::uint32_t, std::uint64_t> expected { { 0, 1 }, { 8, 2 }, { 57, 1 } };
    EXPECT_EQ(census.tensors_by_type, expected);

    for (std::size_t size = 0; size < header; ++size) {
        const auto cut = census_tensor_types(std::span(whole).first(size), whole.size());
        EXPECT_EQ(cut.status, GgufTypeCensus::Status::NeedsMoreBytes) << size;
        EXPECT_TRUE(cut.tensors_by_type.empty());
    }
}

TEST(GgufTypeCensus, TellsABrokenFileFromAShortPrefix)
{
    auto b = GgufBuilder();
    b.tensor("w", { 32, 1 }, hearth::test::kQ8_0);
    auto header = std::move(b.header().data());
    header.resize(header.size() - 4);
    const auto broken = census_tensor_types(header, header.size());
    EXPECT_EQ(broken.status, GgufTypeCensus::Status::NotGguf);
    EXPECT_FALSE(broken.error.empty());

    std::vector<std::byte> safetensors(64, std::byte { '{' });
    EXPECT_EQ(census_tensor_types(safetensors, 1'000'000).status, GgufTypeCensus::Status::NotGguf);
    const auto hostile = GgufBuilder().uint64("n", 1).build(); // counts patched below
    auto counts = hostile;
    counts[8] = std::byte { 0xff }; // tensor count's low byte: 255 tensors in a tiny file
    counts[15] = std::byte { 0x7f };
    EXPECT_EQ(census_tensor_types(counts, 10'000).status, GgufTypeCensus::Status::NotGguf);
}

// Another quantization of the same model is read from a window around
// where the first one's directory lay, not from its start.
TEST(GgufTypeCensus, FindsASiblingsDirectoryInAWindow)
{
    const auto model = [](std::string_view quantizer, hearth::test::TensorType weights) {
        auto b = GgufBuilder();
        b.string("general.architecture", "llama")
            .string("general.quantized_by", quantizer) // a string that differs between the files
            .string("decoy", "token_embd.weight") // the first tensor's name, inside the metadata
            .uint32("general.file_type", 7)
            .tensor("token_embd.weight", { 256, 4 }, weights)
            .tensor("output_norm.weight", { 256 }, hearth::test::kF32)
            .tensor("blk.0.attn_q.weight", { 256, 256 }, weights);
        return b;
    };
    const auto a = model("someone", hearth::test::kQ8_0).build();
    const auto a_census = census_tensor_types(a, a.size());
    ASSERT_EQ(a_census.status, GgufTypeCensus::Status::Complete);
    EXPECT_EQ(a_census.first_tensor, "token_embd.weight");
    EXPECT_EQ(a_census.tensor_count, 3u);

    const auto b = model("someone else entirely", hearth::test::kQ4_K).build();
    const std::size_t from = a_census.directory_start - 40;
    const std::size_t to = a_census.directory_end + 60;
    const auto found = census_tensor_directory(std::span(b).subspan(from, to - from), from, 3, a_census);
    ASSERT_EQ(found.status, GgufTypeCensus::Status::Complete);
    const std::map<std::uint32_t, std::uint64_t> expected { { 0, 1 }, { 12, 2 } };
    EXPECT_EQ(found.tensors_by_type, expected);
    EXPECT_EQ(found.directory_start, census_tensor_types(b, b.size()).directory_start);

    // A window that stops inside the directory, or misses its start, finds nothing.
    const auto cut = census_tensor_directory(std::span(b).subspan(from, 80), from, 3, a_census);
    EXPECT_EQ(cut.status, GgufTypeCensus::Status::NeedsMoreBytes);
    const std::size_t late = a_census.directory_start + 30;
    const auto missed = census_tensor_directory(std::span(b).subspan(late, 200), late, 3, a_census);
    EXPECT_EQ(missed.status, GgufTypeCensus::Status::NeedsMoreBytes);
}
