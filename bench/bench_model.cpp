// `hearth bench` without Qt: the same speed test (runtime/speed_test.h), for
// machines that have only the engine built (the GPU machine has no Qt), with
// the same JSON keys.
//
//   bench_model MODEL.gguf [-p 512] [-n 128] [-r 3] [--threads N] [--parallel N]
#include <cstdlib>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "cpu/simd_level.h"
#include "model/model.h"
#include "runtime/speed_test.h"

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::cerr << "usage: bench_model MODEL.gguf [-p N] [-n N] [-r N] [--threads N] [--parallel N]\n";
        return 2;
    }
    hearth::SpeedTestOptions options;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const auto value = static_cast<std::uint32_t>(std::strtoul(argv[i + 1], nullptr, 10));
        if (flag == "-p")
            options.prompt_tokens = value;
        else if (flag == "-n")
            options.generated_tokens = value;
        else if (flag == "-r")
            options.repetitions = value;
        else if (flag == "--threads")
            options.threads = value;
        else if (flag == "--parallel")
            options.sequences = value;
        else {
            std::cerr << "bench_model: unknown option " << flag << '\n';
            return 2;
        }
    }
    try {
        const auto model = hearth::Model::open(argv[1]);
        const auto result = hearth::measure_speed(*model, options);
        std::cout << nlohmann::json {
            { "pp_tok_s", result.prompt_tokens_per_s },
            { "pp_stddev", result.prompt_stddev },
            { "tg_tok_s", result.generated_tokens_per_s },
            { "tg_stddev", result.generated_stddev },
            { "prompt_tokens", options.prompt_tokens },
            { "generated_tokens", options.generated_tokens },
            { "parallel", options.sequences },
            { "threads", result.threads },
            { "device", "cpu" },
            { "simd", std::string(hearth::cpu::simd_level_name(hearth::cpu::detect_simd_level())) },
        } << '\n';
    } catch (const std::exception& e) {
        std::cerr << "bench_model: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
