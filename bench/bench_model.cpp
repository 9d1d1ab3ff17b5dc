// `hearth bench` without Qt: the same speed test (runtime/speed_test.h), for
// machines that have only the engine built (the GPU machine has no Qt), with
// the same JSON keys.
//
//   bench_model MODEL.gguf [options]
//   bench_model --synthetic llama-3.1-8b --quant q4_k_m [options]
//
//   -p N  -n N  -r N  --depth N  --threads N  --parallel N
//   --device cpu|cuda  --gpu N  --gpu-layers N  --bandwidth (measure it, and the decode's share)
//   --case P,N,DEPTH,PARALLEL (repeatable: several measurements of one
//          loaded model, one JSON line each; they replace -p -n --depth --parallel)
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/convert/synthetic_model.h"
#include "engine/cpu/simd_level.h"
#include "engine/model/model.h"
#include "engine/plan/memory_plan.h"
#include "engine/runtime/speed_test.h"

namespace {

int usage()
{
    std::cerr << "usage: bench_model (MODEL.gguf | --synthetic SHAPE --quant TYPE) [-p N] [-n N] [-r N] [--depth N]\n"
                 "                   [--threads N] [--parallel N] [--device cpu|cuda] [--gpu N] [--bandwidth]\n"
                 "shapes:";
    for (const auto& name : hearth::synthetic_shape_names())
        std::cerr << ' ' << name;
    std::cerr << '\n';
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    hearth::SpeedTestOptions options;
    std::string path, synthetic, quant_name = "q4_k_m";
    std::vector<hearth::SpeedTestOptions> cases;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (flag == "--bandwidth") {
            options.measure_bandwidth = true;
            continue;
        }
        if (flag.starts_with("-") && i + 1 >= argc)
            return usage();
        if (!flag.starts_with("-")) {
            path = flag;
            continue;
        }
        const std::string text = argv[++i];
        const auto value = static_cast<std::uint32_t>(std::strtoul(text.c_str(), nullptr, 10));
        if (flag == "-p")
            options.prompt_tokens = value;
        else if (flag == "-n")
            options.generated_tokens = value;
        else if (flag == "-r")
            options.repetitions = value;
        else if (flag == "--depth")
            options.depth = value;
        else if (flag == "--threads")
            options.threads = value;
        else if (flag == "--parallel")
            options.sequences = value;
        else if (flag == "--gpu")
            options.gpu = static_cast<int>(value);
        else if (flag == "--gpu-layers")
            options.gpu_layers = value;
        else if (flag == "--device" && (text == "cpu" || text == "cuda"))
            options.device = text == "cuda" ? hearth::ComputeDevice::Cuda : hearth::ComputeDevice::Cpu;
        else if (flag == "--synthetic")
            synthetic = text;
        else if (flag == "--quant")
            quant_name = text;
        else if (flag == "--case") {
            auto c = options;
            if (std::sscanf(text.c_str(), "%u,%u,%u,%u", &c.prompt_tokens, &c.generated_tokens, &c.depth, &c.sequences)
                != 4)
                return usage();
            cases.push_back(c);
        } else {
            std::cerr << "bench_model: unknown option " << flag << '\n';
            return usage();
        }
    }
    if (path.empty() == synthetic.empty())
        return usage();
    try {
        std::shared_ptr<const hearth::Model> model;
        std::string name = path;
        if (!synthetic.empty()) {
            const auto shape = hearth::synthetic_shape(synthetic);
            const auto quant = hearth::model_quant_from_name(quant_name);
            if (!shape || !quant)
                return usage();
            model = hearth::synthetic_model(*shape, *quant);
            name = synthetic + " " + std::string(hearth::model_quant_name(*quant)) + " (synthetic)";
        } else {
            model = hearth::Model::open(path);
        }
        if (cases.empty())
            cases.push_back(options);
        for (auto c : cases) {
            // Options given after a --case still apply to it.
            c.repetitions = options.repetitions, c.threads = options.threads, c.device = options.device;
            c.gpu = options.gpu, c.gpu_layers = options.gpu_layers, c.measure_bandwidth = options.measure_bandwidth;
            options = c;
            const auto result = hearth::measure_speed(*model, options);
            // What the planner predicts this run holds on a GPU, to compare with device_bytes.
            hearth::PlanOptions plan_options;
            plan_options.context = std::max(options.prompt_tokens, options.depth + options.generated_tokens) + 1;
            plan_options.batch = options.sequences;
            const auto& shape = model->config().shape;
            const auto plan
                = hearth::plan_memory({ shape, hearth::stored_weights(model->file(), shape) }, plan_options);
            const bool gpu = result.device.kind == hearth::ComputeDevice::Cuda;
            std::cout << nlohmann::json {
                { "model", name },
                { "pp_tok_s", result.prompt_tokens_per_s },
                { "pp_stddev", result.prompt_stddev },
                { "tg_tok_s", result.generated_tokens_per_s },
                { "tg_stddev", result.generated_stddev },
                { "prompt_tokens", options.prompt_tokens },
                { "generated_tokens", options.generated_tokens },
                { "depth", options.depth },
                { "parallel", options.sequences },
                { "threads", result.threads },
                { "device", gpu ? "cuda" : "cpu" },
                { "gpu_name", result.device.name },
                { "gpu_fallback", static_cast<int>(result.fallback) },
                { "device_bytes", result.device.device_bytes },
                { "cuda_graphs", result.device.graphs },
                { "gpu_layers", result.device.gpu_layers },
                { "kv_positions", result.device.kv_positions },
                { "planned_bytes", plan ? plan->total_bytes : 0 },
                { "simd", std::string(hearth::cpu::simd_level_name(hearth::cpu::detect_simd_level())) },
                { "step_bytes", result.step_bytes },
                { "bandwidth_bytes_s", result.bandwidth_bytes_s },
                { "bandwidth_share", result.bandwidth_share },
                { "weights_bytes", model->file().tensor_bytes() },
            } << std::endl;
        }
    } catch (const std::exception& e) {
        std::cerr << "bench_model: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
