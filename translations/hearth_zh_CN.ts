<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BenchCommand</name>
    <message>
        <source>Measures how fast a model reads a prompt and generates tokens on this machine, as llama-bench does.</source>
        <translation>像 llama-bench 一样，测量模型在本机上读取提示词和生成 token 的速度。</translation>
    </message>
    <message>
        <source>Prompt length (default 512).</source>
        <translation>提示词长度（默认 512）。</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>Tokens to generate (default 128).</source>
        <translation>要生成的 token 数（默认 128）。</translation>
    </message>
    <message>
        <source>Runs of each test after a warm-up (default 3).</source>
        <translation>预热之后每项测试运行的次数（默认 3）。</translation>
    </message>
    <message>
        <source>CPU threads (default: one per core).</source>
        <translation>CPU 线程数（默认每个核心一个）。</translation>
    </message>
    <message>
        <source>Sequences generated together (default 1).</source>
        <translation>同时生成的序列数（默认 1）。</translation>
    </message>
    <message>
        <source>Print one JSON object.</source>
        <translation>输出一个 JSON 对象。</translation>
    </message>
    <message>
        <source>hearth bench: --%1 needs a whole number that is not negative
</source>
        <translation>hearth bench：--%1 需要一个非负整数
</translation>
    </message>
    <message>
        <source>hearth bench: --parallel and -r need at least 1
</source>
        <translation>hearth bench：--parallel 和 -r 至少为 1
</translation>
    </message>
    <message>
        <source>%1 on the CPU (%2 threads, %3)
</source>
        <translation>%1 在 CPU 上（%2 个线程，%3）
</translation>
    </message>
    <message>
        <source>  pp%1: %2 ± %3 tokens/s
</source>
        <translation>  pp%1：%2 ± %3 token/秒
</translation>
    </message>
    <message>
        <source>  tg%1: %2 ± %3 tokens/s
</source>
        <translation>  tg%1：%2 ± %3 token/秒
</translation>
    </message>
    <message>
        <source>  peak resident memory %1 GiB for %2 GiB of weights
</source>
        <translation>  峰值常驻内存 %1 GiB（权重 %2 GiB）
</translation>
    </message>
    <message>
        <source>A GGUF model file (not with --synthetic).</source>
        <translation>一个 GGUF 模型文件（不与 --synthetic 同用）。</translation>
    </message>
    <message>
        <source>Positions already in the cache when generation starts (default 0).</source>
        <translation>开始生成时缓存中已有的位置数（默认 0）。</translation>
    </message>
    <message>
        <source>Instead of a file, a model of this published shape with random weights, built in memory: %1.</source>
        <translation>不用文件，而是在内存中构建一个该公开结构、随机权重的模型：%1。</translation>
    </message>
    <message>
        <source>SHAPE</source>
        <translation>结构</translation>
    </message>
    <message>
        <source>The synthetic model&apos;s format, such as q4_k_m, q8_0 or f16 (default q4_k_m).</source>
        <translation>合成模型的格式，如 q4_k_m、q8_0 或 f16（默认 q4_k_m）。</translation>
    </message>
    <message>
        <source>TYPE</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Also measure the device&apos;s memory bandwidth and the share of it generation reaches.</source>
        <translation>同时测量设备的内存带宽，以及生成达到其中的比例。</translation>
    </message>
    <message>
        <source>hearth bench: expected one MODEL.gguf, or --synthetic SHAPE
</source>
        <translation>hearth bench：需要一个 MODEL.gguf，或 --synthetic 结构
</translation>
    </message>
    <message>
        <source>hearth bench: no shape called %1; these are known: %2
</source>
        <translation>hearth bench：没有名为 %1 的结构；已知的有：%2
</translation>
    </message>
    <message>
        <source>hearth bench: --quant is one of f16, bf16, q8_0, q6_k, q5_k_m, q5_k_s, q4_k_m, q4_k_s, q4_0
</source>
        <translation>hearth bench：--quant 须为 f16、bf16、q8_0、q6_k、q5_k_m、q5_k_s、q4_k_m、q4_k_s、q4_0 之一
</translation>
    </message>
    <message>
        <source>%1 %2 (synthetic)</source>
        <translation>%1 %2（合成）</translation>
    </message>
    <message>
        <source>%1 on %2 (GPU %3)
</source>
        <translation>%1 在 %2 上（GPU %3）
</translation>
    </message>
    <message>
        <source>  tg%1 after %2 cached positions: %3 ± %4 tokens/s
</source>
        <translation>  已缓存 %2 个位置后的 tg%1：%3 ± %4 词元/秒
</translation>
    </message>
    <message>
        <source>  generation reads %1 a step: %2% of the %3/s this device reads
</source>
        <translation>  生成每步读取 %1：为本设备读取速度 %3/秒 的 %2%
</translation>
    </message>
    <message>
        <source>  %1 of GPU memory for %2 of weights
</source>
        <translation>  %2 权重占用 %1 显存
</translation>
    </message>
    <message>
        <source>%1 on %2 (GPU %3): %4 of %5 layers, the rest on the CPU (%6 threads)
</source>
        <translation>%1 在 %2 上（GPU %3）：%5 层中的 %4 层，其余在 CPU 上（%6 个线程）
</translation>
    </message>
</context>
<context>
    <name>Catalog</name>
    <message>
        <source>catalog is not valid JSON: %1</source>
        <translation>目录不是有效的 JSON：%1</translation>
    </message>
    <message>
        <source>catalog has no &quot;%1&quot; list</source>
        <translation>目录中没有“%1”列表</translation>
    </message>
    <message>
        <source>catalog entry &quot;%1&quot; lacks its id, layers, hidden size, heads, KV heads or vocabulary</source>
        <translation>目录条目“%1”缺少 id、层数、隐藏层维度、注意力头数、KV 头数或词表大小</translation>
    </message>
    <message>
        <source>GPU catalog entry lacks a name or capacity_mib</source>
        <translation>GPU 目录条目缺少名称或 capacity_mib</translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <source>hearth: unknown command &quot;%1&quot;

</source>
        <translation>hearth：未知命令“%1”

</translation>
    </message>
    <message>
        <source>Usage: hearth [COMMAND] [OPTIONS]

Host large language models privately on this workstation.
Without a command, Hearth opens its main window.

Commands:
  plan      how much memory a model needs, and which GPUs it fits
  tokenize  the token ids and pieces of a text, with a model&apos;s tokenizer
  template  the prompt a model&apos;s chat template makes of a conversation
  run       generate text with a model: one answer, or a chat in the terminal
  bench     how fast a model reads prompts and generates on this machine
  serve     share a model as an OpenAI-compatible API
  loadtest  measure an OpenAI-compatible server under load
  pull      download a model from the hub into the library
  import    bring model files from a disk or a share into the library
  convert   a Hugging Face checkpoint (safetensors) to a GGUF file
  quantize  write a model in another quantization (Q4_K_M, Q8_0, …)
  imatrix   an importance matrix from a calibration text, for quantize
  eval      what a quantization cost: perplexity and KL divergence
  list      the models in the library
  rm        remove a model from the library and its file from disk

Options:
  -h, --help     show this help
  -v, --version  show Hearth&apos;s version

Run &quot;hearth COMMAND --help&quot; for a command&apos;s options.
</source>
        <translation>用法：hearth [COMMAND] [OPTIONS]

在本工作站上私有化部署大语言模型。
不带命令运行时，Hearth 会打开主窗口。

命令：
  plan      模型需要多少显存，以及哪些 GPU 装得下
  tokenize  用模型的分词器显示一段文本的 token ID 和片段
  template  模型的聊天模板根据对话生成的提示词
  run       用模型生成文本：回答一次，或在终端里聊天
  bench     模型在本机上读取提示词和生成的速度
  serve     将模型共享为 OpenAI 兼容的 API
  loadtest  对 OpenAI 兼容的服务器做压力测试
  pull      从模型仓库下载模型到模型库
  import    把磁盘或共享目录中的模型文件导入模型库
  convert   把 Hugging Face 检查点（safetensors）转换为 GGUF 文件
  quantize  把模型写成另一种量化（Q4_K_M、Q8_0 等）
  imatrix   由校准文本计算重要性矩阵，供量化使用
  eval      量化的代价：困惑度与 KL 散度
  list      模型库中的模型
  rm        从模型库中移除模型，并删除其文件

选项：
  -h, --help     显示此帮助
  -v, --version  显示 Hearth 的版本

运行 &quot;hearth COMMAND --help&quot; 查看命令的选项。
</translation>
    </message>
</context>
<context>
    <name>ClusterExport</name>
    <message>
        <source>vLLM&apos;s GGUF support is experimental; pass --tokenizer with the original hub repository.</source>
        <translation>vLLM 对 GGUF 的支持尚属实验性质；请通过 --tokenizer 指定原始的 Hub 仓库。</translation>
    </message>
    <message>
        <source>FP8 weights, quantized by vLLM at load time (Ada, Hopper or newer GPUs).</source>
        <translation>FP8 权重，由 vLLM 在加载时量化（需要 Ada、Hopper 或更新架构的 GPU）。</translation>
    </message>
    <message>
        <source>4-bit AWQ checkpoint published by the model&apos;s authors.</source>
        <translation>由模型作者发布的 4 位 AWQ 检查点。</translation>
    </message>
    <message>
        <source>Replace the model with a 4-bit AWQ or GPTQ checkpoint of %1.</source>
        <translation>请将模型替换为 %1 的 4 位 AWQ 或 GPTQ 检查点。</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source># Generated by Hearth for %1 (%2), context %3, %4 parallel sequences,
# on %5 × %6: tensor parallel %7, pipeline parallel %8.
</source>
        <translation># 由 Hearth 为 %1（%2）生成，上下文 %3，并发序列 %4 个，
# 运行于 %5 × %6：张量并行 %7，流水线并行 %8。
</translation>
    </message>
    <message>
        <source># One line per key: &quot;Bearer &lt;key&gt;&quot; 1;  — add a line for each team, reload nginx.
</source>
        <translation># 每个密钥一行：&quot;Bearer &lt;key&gt;&quot; 1;  —— 每个团队添加一行，然后重新加载 nginx。
</translation>
    </message>
    <message>
        <source>Cluster deployment of %1 generated by Hearth.

Needs: %2 × %3 (tensor parallel %4%5), the NVIDIA container toolkit, Docker Compose.

1. Put a TLS certificate and key at ssl/server.crt and ssl/server.key.
2. docker compose up -d   (the first start downloads the model; set HF_ENDPOINT for a mirror)
3. curl -k https://HOST/v1/models -H &quot;Authorization: Bearer $(sed -n &apos;s/^&quot;Bearer \(.*\)&quot; 1;/\1/p&apos; api-keys.map)&quot;

vllm-serve.sh runs the same server without Docker. api-keys.map holds the API keys nginx accepts.
</source>
        <translation>由 Hearth 生成的 %1 集群部署。

需要：%2 × %3（张量并行 %4%5）、NVIDIA Container Toolkit、Docker Compose。

1. 将 TLS 证书和私钥分别放到 ssl/server.crt 和 ssl/server.key。
2. docker compose up -d   （首次启动时会下载模型；如需使用镜像站，请设置 HF_ENDPOINT）
3. curl -k https://HOST/v1/models -H &quot;Authorization: Bearer $(sed -n &apos;s/^&quot;Bearer \(.*\)&quot; 1;/\1/p&apos; api-keys.map)&quot;

vllm-serve.sh 可在不使用 Docker 的情况下运行同一服务器。api-keys.map 存放 nginx 接受的 API 密钥。
</translation>
    </message>
    <message>
        <source>, pipeline parallel %1 across nodes joined by Ray</source>
        <translation>，并在由 Ray 连接的多个节点间进行流水线并行 %1</translation>
    </message>
    <message>
        <source>cannot create the folder %1</source>
        <translation>无法创建文件夹 %1</translation>
    </message>
    <message>
        <source>no tensor-parallel group of %1 (up to %2 GPUs, dividing the %3 attention heads) holds %4: choose a smaller quantization or a larger GPU</source>
        <translation>没有任何 %1 张量并行组（最多 %2 块 GPU，且能整除 %3 个注意力头）能容纳 %4：请选择更小的量化或更大的 GPU</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>Show this help.</source>
        <translation>显示此帮助。</translation>
    </message>
    <message>
        <source>hearth %1: --%2 needs a whole number that is not negative
</source>
        <translation>hearth %1：--%2 需要一个非负整数
</translation>
    </message>
</context>
<context>
    <name>ConvertCommand</name>
    <message>
        <source>Converts a Hugging Face checkpoint (Llama, Mistral, Qwen2, Qwen3, Phi-3; safetensors) to a GGUF file, and adds it to the library.</source>
        <translation>把 Hugging Face 检查点（Llama、Mistral、Qwen2、Qwen3、Phi-3；safetensors）转换为 GGUF 文件，并加入模型库。</translation>
    </message>
    <message>
        <source>The checkpoint&apos;s folder (config.json, *.safetensors, tokenizer.json, tokenizer_config.json).</source>
        <translation>检查点所在文件夹（config.json、*.safetensors、tokenizer.json、tokenizer_config.json）。</translation>
    </message>
    <message>
        <source>The GGUF file to write (default: beside the folder, named after it).</source>
        <translation>要写入的 GGUF 文件（默认：放在该文件夹旁边，以文件夹命名）。</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>f16 (default), bf16 or f32: the matrices&apos; type.</source>
        <translation>f16（默认）、bf16 或 f32：矩阵的类型。</translation>
    </message>
    <message>
        <source>TYPE</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Print one JSON object.</source>
        <translation>输出一个 JSON 对象。</translation>
    </message>
    <message>
        <source>hearth convert: expected one checkpoint FOLDER
</source>
        <translation>hearth convert：需要一个检查点 FOLDER
</translation>
    </message>
    <message>
        <source>hearth convert: --type is f16, bf16 or f32; quantize the result for fewer bits
</source>
        <translation>hearth convert：--type 只能是 f16、bf16 或 f32；如需更少位数，请对结果进行量化
</translation>
    </message>
    <message>
        <source>hearth convert: %1 is not a folder
</source>
        <translation>hearth convert：%1 不是文件夹
</translation>
    </message>
    <message>
        <source>hearth convert: written, but not added to the library: %1
</source>
        <translation>hearth convert：已写入，但未能加入模型库：%1
</translation>
    </message>
    <message>
        <source>Wrote %1 (%2) in %3 s
</source>
        <translation>已写入 %1（%2），用时 %3 秒
</translation>
    </message>
</context>
<context>
    <name>Database</name>
    <message>
        <source>Cannot create the folder of %1.</source>
        <translation>无法创建 %1 所在的文件夹。</translation>
    </message>
    <message>
        <source>SQLite is not available: install Qt&apos;s SQLite driver.</source>
        <translation>SQLite 不可用：请安装 Qt 的 SQLite 驱动。</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>%1 is not a Hearth database: %2</source>
        <translation>%1 不是 Hearth 数据库：%2</translation>
    </message>
    <message>
        <source>%1 was written by a newer Hearth (schema version %2, this one knows %3): update Hearth to open it.</source>
        <translation>%1 由更新版本的 Hearth 写入（架构版本 %2，当前版本只支持到 %3）：请更新 Hearth 后再打开。</translation>
    </message>
    <message>
        <source>Cannot update %1 to schema version %2: %3</source>
        <translation>无法将 %1 升级到架构版本 %2：%3</translation>
    </message>
    <message>
        <source>%1 is in use by another Hearth (or another program) that is writing to it: close it, or try again in a moment.</source>
        <translation>%1 正被另一个 Hearth（或其他程序）写入：请关闭它，或稍后重试。</translation>
    </message>
    <message>
        <source>%1 is damaged (%2). Hearth can keep it aside for recovery and start a fresh history.</source>
        <translation>%1 已损坏（%2）。Hearth 可以将其另存以便恢复，并开始新的历史记录。</translation>
    </message>
    <message>
        <source>Cannot move %1 aside to %2.</source>
        <translation>无法将 %1 移至 %2。</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
</context>
<context>
    <name>DeviceOption</name>
    <message>
        <source>device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Where to run: cpu, cuda (the first GPU) or cuda:N (default cpu).</source>
        <translation>在何处运行：cpu、cuda（第一块 GPU）或 cuda:N（默认 cpu）。</translation>
    </message>
    <message>
        <source>hearth %1: --device is cpu, cuda or cuda:N
</source>
        <translation>hearth %1：--device 须为 cpu、cuda 或 cuda:N
</translation>
    </message>
    <message>
        <source>hearth %1: this build of Hearth has no GPU support; use --device cpu
</source>
        <translation>hearth %1：此版本的 Hearth 不支持 GPU；请使用 --device cpu
</translation>
    </message>
    <message>
        <source>hearth %1: no GPU can be used here (no NVIDIA driver, or no GPU); use --device cpu
</source>
        <translation>hearth %1：此处没有可用的 GPU（没有 NVIDIA 驱动或没有 GPU）；请使用 --device cpu
</translation>
    </message>
    <message>
        <source>hearth %1: there is no GPU %2 (this machine has %3); use --device cuda:0
</source>
        <translation>hearth %1：没有 GPU %2（本机有 %3 块）；请使用 --device cuda:0
</translation>
    </message>
    <message>
        <source>With a GPU: how many layers it runs, the CPU the rest (default: all that fit).</source>
        <translation>使用 GPU 时：GPU 运行多少层，其余由 CPU 运行（默认：能放下的全部）。</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>hearth %1: --gpu-layers needs a whole number that is not negative
</source>
        <translation>hearth %1：--gpu-layers 需要一个非负整数
</translation>
    </message>
</context>
<context>
    <name>DeviceText</name>
    <message>
        <source>the CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>This build of Hearth has no GPU support: the model runs on the CPU.</source>
        <translation>此版本的 Hearth 不支持 GPU：模型在 CPU 上运行。</translation>
    </message>
    <message>
        <source>GPU %1 cannot be used (no NVIDIA driver, or no GPU with that number): the model runs on the CPU.</source>
        <translation>无法使用 GPU %1（没有 NVIDIA 驱动，或没有该编号的 GPU）：模型在 CPU 上运行。</translation>
    </message>
    <message>
        <source>The GPU engine does not run this model&apos;s shape or weight formats yet: it runs on the CPU.</source>
        <translation>GPU 引擎尚不支持此模型的结构或权重格式：模型在 CPU 上运行。</translation>
    </message>
    <message>
        <source>The model does not fit on the GPU: it needs %1 and %2 is free. Choose a shorter context or fewer parallel sequences, a smaller quantization, or the CPU (Settings → Engine).</source>
        <translation>模型放不进 GPU：需要 %1，可用 %2。请选择更短的上下文或更少的并行序列、更小的量化，或改用 CPU（设置 → 引擎）。</translation>
    </message>
    <message>
        <source>The model needs %1 of GPU memory and %2 is free: it runs on the CPU.</source>
        <translation>模型需要 %1 显存，可用 %2：改在 CPU 上运行。</translation>
    </message>
</context>
<context>
    <name>EvalCommand</name>
    <message>
        <source>Measures what a quantization cost: perplexity on a text and, against the original, the KL divergence of the next-token distributions.</source>
        <translation>衡量量化的代价：在一段文本上的困惑度，以及与原模型相比下一个 token 分布的 KL 散度。</translation>
    </message>
    <message>
        <source>The GGUF model to measure.</source>
        <translation>要衡量的 GGUF 模型。</translation>
    </message>
    <message>
        <source>A plain-text file to score (a few thousand tokens or more).</source>
        <translation>用于评分的纯文本文件（几千个 token 或更多）。</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>The original model (the same one at more bits) to compare the next-token distributions with.</source>
        <translation>原模型（同一模型的更高位数版本），用于比较下一个 token 的分布。</translation>
    </message>
    <message>
        <source>Tokens a chunk (default 512); the second half of each is scored.</source>
        <translation>每块的 token 数（默认 512）；只对每块的后半部分评分。</translation>
    </message>
    <message>
        <source>Score at most this many chunks (default: the whole text).</source>
        <translation>最多评分的块数（默认：整段文本）。</translation>
    </message>
    <message>
        <source>CPU threads (default: one per core).</source>
        <translation>CPU 线程数（默认每个核心一个）。</translation>
    </message>
    <message>
        <source>Print one JSON object.</source>
        <translation>输出一个 JSON 对象。</translation>
    </message>
    <message>
        <source>hearth eval: expected MODEL.gguf and --text FILE
</source>
        <translation>hearth eval：需要 MODEL.gguf 和 --text FILE
</translation>
    </message>
    <message>
        <source>hearth eval: cannot read %1: %2
</source>
        <translation>hearth eval：无法读取 %1：%2
</translation>
    </message>
    <message>
        <source>Perplexity %1 ± %2 over %3 tokens (%4 chunks)
</source>
        <translation>困惑度 %1 ± %2，共 %3 个 token（%4 块）
</translation>
    </message>
    <message>
        <source>KL divergence from the reference %1 (99th percentile %2); same top token %3 %
</source>
        <translation>与参照模型的 KL 散度 %1（第 99 百分位 %2）；首选 token 相同 %3%
</translation>
    </message>
    <message>
        <source>%1 on disk, %2 tokens/s generated here (%3)
</source>
        <translation>磁盘占用 %1，本机生成速度 %2 token/秒（%3）
</translation>
    </message>
    <message>
        <source>on the CPU</source>
        <translation>在 CPU 上</translation>
    </message>
    <message>
        <source>on %1</source>
        <translation>在 %1 上</translation>
    </message>
</context>
<context>
    <name>HubFileTypes</name>
    <message>
        <source>%1 is not a GGUF file Hearth can read: %2</source>
        <translation>%1 不是 Hearth 能读取的 GGUF 文件：%2</translation>
    </message>
    <message>
        <source>The hub sent only %1 bytes of %2&apos;s header.</source>
        <translation>模型中心只发送了 %2 文件头的 %1 字节。</translation>
    </message>
    <message>
        <source>The header of %1 is longer than %2 MiB.</source>
        <translation>%1 的文件头超过 %2 MiB。</translation>
    </message>
</context>
<context>
    <name>HubModelShape</name>
    <message>
        <source>config.json lacks hidden_size, num_hidden_layers, num_attention_heads or vocab_size.</source>
        <translation>config.json 缺少 hidden_size、num_hidden_layers、num_attention_heads 或 vocab_size。</translation>
    </message>
</context>
<context>
    <name>ImatrixCommand</name>
    <message>
        <source>Computes an importance matrix from a calibration text: how much each input column of each weight matrix matters, for hearth quantize --imatrix.</source>
        <translation>由校准文本计算重要性矩阵：每个权重矩阵的每个输入列有多重要，供 hearth quantize --imatrix 使用。</translation>
    </message>
    <message>
        <source>The GGUF model (F16, BF16 or F32 is best).</source>
        <translation>GGUF 模型（最好是 F16、BF16 或 F32）。</translation>
    </message>
    <message>
        <source>A plain-text file like what the model will be used for (a few thousand tokens or more).</source>
        <translation>与模型用途相近的纯文本文件（几千个 token 或更多）。</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Where to write it (default: MODEL.imatrix.gguf beside the model).</source>
        <translation>写入位置（默认：模型旁的 MODEL.imatrix.gguf）。</translation>
    </message>
    <message>
        <source>Tokens a chunk (default 512).</source>
        <translation>每块的 token 数（默认 512）。</translation>
    </message>
    <message>
        <source>At most this many chunks (default: the whole text).</source>
        <translation>最多的块数（默认：整段文本）。</translation>
    </message>
    <message>
        <source>Print one JSON object.</source>
        <translation>输出一个 JSON 对象。</translation>
    </message>
    <message>
        <source>hearth imatrix: expected MODEL.gguf and --text FILE
</source>
        <translation>hearth imatrix：需要 MODEL.gguf 和 --text FILE
</translation>
    </message>
    <message>
        <source>hearth imatrix: cannot read %1: %2
</source>
        <translation>hearth imatrix：无法读取 %1：%2
</translation>
    </message>
    <message>
        <source>Wrote %1: %2 matrices from %3 chunks
</source>
        <translation>已写入 %1：%2 个矩阵，来自 %3 块
</translation>
    </message>
</context>
<context>
    <name>ImportCommand</name>
    <message>
        <source>Brings GGUF files, or folders of them, into the models folder without a network: verified, copied or linked, and added to the library.</source>
        <translation>无需网络，把 GGUF 文件或包含它们的文件夹导入模型文件夹：校验后复制或链接，并加入模型库。</translation>
    </message>
    <message>
        <source>GGUF files or folders (a USB disk, a share).</source>
        <translation>GGUF 文件或文件夹（U 盘、共享目录）。</translation>
    </message>
    <message>
        <source>A sha256sum list (&quot;SHA-256  file name&quot; per line); files not in it, or that differ, are refused.</source>
        <translation>sha256sum 校验清单（每行“SHA-256  文件名”）；不在清单中或校验不符的文件会被拒绝。</translation>
    </message>
    <message>
        <source>LIST</source>
        <translation>清单</translation>
    </message>
    <message>
        <source>Link the files where they are instead of copying them.</source>
        <translation>在原位置链接文件，而不复制。</translation>
    </message>
    <message>
        <source>Where to put them (default: the models folder of the settings).</source>
        <translation>存放位置（默认：设置中的模型文件夹）。</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>Print one JSON object.</source>
        <translation>输出一个 JSON 对象。</translation>
    </message>
    <message>
        <source>hearth import: expected at least one PATH
</source>
        <translation>hearth import：至少需要一个 PATH
</translation>
    </message>
    <message>
        <source>hearth import: %1
</source>
        <translation>hearth import：%1
</translation>
    </message>
    <message>
        <source>Imported %1 (SHA-256 %2)
</source>
        <translation>已导入 %1（SHA-256 %2）
</translation>
    </message>
    <message>
        <source>hearth import: no GGUF files in %1
</source>
        <translation>hearth import：%1 中没有 GGUF 文件
</translation>
    </message>
    <message>
        <source>hearth import: the file is here but not in the library: %1
</source>
        <translation>hearth import：文件已就位，但未能加入模型库：%1
</translation>
    </message>
</context>
<context>
    <name>JobText</name>
    <message>
        <source>
hearth %1: %2
</source>
        <translation>
hearth %1：%2
</translation>
    </message>
    <message>
        <source>
hearth %1: stopped; nothing was written
</source>
        <translation>
hearth %1：已停止；未写入任何文件
</translation>
    </message>
</context>
<context>
    <name>LibraryAdditions</name>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>LibraryCommand</name>
    <message>
        <source>Lists the models in Hearth&apos;s library.</source>
        <translation>列出 Hearth 模型库中的模型。</translation>
    </message>
    <message>
        <source>Print one JSON object.</source>
        <translation>输出一个 JSON 对象。</translation>
    </message>
    <message>
        <source>hearth list: %1
</source>
        <translation>hearth list：%1
</translation>
    </message>
    <message>
        <source>The library is empty: open a GGUF file in Hearth, or download one.
</source>
        <translation>模型库为空：请在 Hearth 中打开一个 GGUF 文件，或下载一个。
</translation>
    </message>
    <message>
        <source> (file missing)</source>
        <translation>（文件缺失）</translation>
    </message>
    <message>
        <source> (file changed)</source>
        <translation>（文件已变化）</translation>
    </message>
    <message>
        <source>Removes a model from Hearth&apos;s library and deletes its file.</source>
        <translation>从 Hearth 模型库中移除模型并删除其文件。</translation>
    </message>
    <message>
        <source>The model&apos;s id, path or name (as hearth list shows).</source>
        <translation>模型的 ID、路径或名称（如 hearth list 所示）。</translation>
    </message>
    <message>
        <source>Only forget the model; leave its file on disk.</source>
        <translation>只从模型库中移除，保留磁盘上的文件。</translation>
    </message>
    <message>
        <source>hearth rm: expected one MODEL
</source>
        <translation>hearth rm：需要一个 MODEL
</translation>
    </message>
    <message>
        <source>hearth rm: %1
</source>
        <translation>hearth rm：%1
</translation>
    </message>
    <message>
        <source>hearth rm: no model &quot;%1&quot; in the library (see hearth list)
</source>
        <translation>hearth rm：模型库中没有“%1”（参见 hearth list）
</translation>
    </message>
    <message numerus="yes">
        <source>hearth rm: &quot;%1&quot; names %n models; give the id:
</source>
        <translation>
            <numerusform>hearth rm：“%1”对应 %n 个模型；请给出 ID：
</numerusform>
        </translation>
    </message>
    <message>
        <source>Removed %1 from the library; the file stays at %2
</source>
        <translation>已从模型库中移除 %1；文件仍在 %2
</translation>
    </message>
    <message>
        <source>Deleted %1 (%2)
</source>
        <translation>已删除 %1（%2）
</translation>
    </message>
    <message>
        <source> (will not run here: %1 weights)</source>
        <translation>（无法在此运行：%1 权重）</translation>
    </message>
</context>
<context>
    <name>LoadtestCommand</name>
    <message>
        <source>Measures an OpenAI-compatible server under load: streamed chat completions, several at a time, with their latency, time to first token and tokens/s.</source>
        <translation>对 OpenAI 兼容的服务器做压力测试：同时发送多个流式聊天补全请求，测量延迟、首 token 时间和每秒 token 数。</translation>
    </message>
    <message>
        <source>The server&apos;s API address, such as http://127.0.0.1:8080/v1.</source>
        <translation>服务器的 API 地址，例如 http://127.0.0.1:8080/v1。</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>The model name the server expects.</source>
        <translation>服务器所用的模型名称。</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>Requests at a time (default 10).</source>
        <translation>同时发送的请求数（默认 10）。</translation>
    </message>
    <message>
        <source>C</source>
        <translation>C</translation>
    </message>
    <message>
        <source>Requests in all (default 100).</source>
        <translation>请求总数（默认 100）。</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>Sent as a bearer token (default: $OPENAI_API_KEY, if set).</source>
        <translation>作为 Bearer 令牌发送（默认：已设置时使用 $OPENAI_API_KEY）。</translation>
    </message>
    <message>
        <source>KEY</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Longest answer per request, in tokens (default 200).</source>
        <translation>每个请求最长的回答，以 token 计（默认 200）。</translation>
    </message>
    <message>
        <source>The question every request asks (default: the deployment guide&apos;s).</source>
        <translation>每个请求提出的问题（默认：部署指南中的问题）。</translation>
    </message>
    <message>
        <source>TEXT</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Print one JSON object.</source>
        <translation>输出一个 JSON 对象。</translation>
    </message>
    <message>
        <source>hearth loadtest: --%1 needs a whole number from 1 to %2
</source>
        <translation>hearth loadtest：--%1 需要 1 到 %2 之间的整数
</translation>
    </message>
    <message>
        <source>hearth loadtest: --url needs the server&apos;s address, such as http://127.0.0.1:8080/v1
</source>
        <translation>hearth loadtest：--url 需要服务器地址，例如 http://127.0.0.1:8080/v1
</translation>
    </message>
    <message>
        <source>hearth loadtest: --model needs the model name the server expects
</source>
        <translation>hearth loadtest：--model 需要服务器所用的模型名称
</translation>
    </message>
    <message>
        <source>Requests:             %1 (%2 at a time)
</source>
        <translation>请求数：         %1（同时 %2 个）
</translation>
    </message>
    <message>
        <source>Succeeded:            %1
</source>
        <translation>成功：           %1
</translation>
    </message>
    <message>
        <source>Error rate:           %1 %
</source>
        <translation>错误率：         %1 %
</translation>
    </message>
    <message>
        <source>Throughput:           %1 requests/s
</source>
        <translation>吞吐量：         %1 请求/秒
</translation>
    </message>
    <message>
        <source>Latency mean:         %1
</source>
        <translation>平均延迟：       %1
</translation>
    </message>
    <message>
        <source>Latency p50:          %1
</source>
        <translation>延迟 p50：       %1
</translation>
    </message>
    <message>
        <source>Latency p95:          %1
</source>
        <translation>延迟 p95：       %1
</translation>
    </message>
    <message>
        <source>Time to first token:  %1
</source>
        <translation>首 token 时间：  %1
</translation>
    </message>
    <message>
        <source>Tokens/s per request: %1
</source>
        <translation>每请求 token/秒：%1
</translation>
    </message>
    <message>
        <source>Tokens/s in all:      %1
</source>
        <translation>总 token/秒：    %1
</translation>
    </message>
    <message>
        <source>First error:          %1
</source>
        <translation>首个错误：       %1
</translation>
    </message>
    <message>
        <source>%1 of %2 requests done</source>
        <translation>已完成 %1 / %2 个请求</translation>
    </message>
</context>
<context>
    <name>MachineFit</name>
    <message>
        <source>Fits %1: %2 of %3 GiB</source>
        <translation>可放入 %1：需要 %2 GiB，可用 %3 GiB</translation>
    </message>
    <message>
        <source>Partial offload: %1 of %2 layers on %3, the rest on the CPU</source>
        <translation>部分卸载：%2 层中的 %1 层在 %3 上，其余在 CPU 上</translation>
    </message>
    <message>
        <source>Runs on the CPU: %1 of %2 GiB of RAM</source>
        <translation>在 CPU 上运行：占用 %2 GiB 内存中的 %1 GiB</translation>
    </message>
    <message>
        <source>Does not fit: needs %1 GiB, this machine has %2 GiB (try a smaller quantization)</source>
        <translation>放不下：需要 %1 GiB，本机只有 %2 GiB（请尝试更小的量化）</translation>
    </message>
</context>
<context>
    <name>ModelDownload</name>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
    <message>
        <source>This needs %1 but %2 has %3 free.</source>
        <translation>需要 %1，但 %2 只有 %3 可用空间。</translation>
    </message>
</context>
<context>
    <name>NetworkProxy</name>
    <message>
        <source>Give the proxy as http://host:port.</source>
        <translation>请以 http://主机:端口 的形式填写代理。</translation>
    </message>
    <message>
        <source>The proxy&apos;s address starts with http:// or socks5://.</source>
        <translation>代理地址须以 http:// 或 socks5:// 开头。</translation>
    </message>
    <message>
        <source>The proxy&apos;s address needs a port, such as :3128.</source>
        <translation>代理地址需要端口，例如 :3128。</translation>
    </message>
</context>
<context>
    <name>PlanCommand</name>
    <message>
        <source>Models:
</source>
        <translation>模型：
</translation>
    </message>
    <message>
        <source>GPUs:
</source>
        <translation>GPU：
</translation>
    </message>
    <message>
        <source>hearth plan: --%1 must be a whole number from %2 to %3, not &quot;%4&quot;
</source>
        <translation>hearth plan：--%1 必须是 %2 到 %3 之间的整数，而不是“%4”
</translation>
    </message>
    <message>
        <source>Plans the memory a model needs and the GPUs it fits.</source>
        <translation>估算模型所需的显存，以及哪些 GPU 装得下该模型。</translation>
    </message>
    <message>
        <source>A GGUF file, or a catalog id (see --list).</source>
        <translation>GGUF 文件，或目录中的模型 ID（参见 --list）。</translation>
    </message>
    <message>
        <source>FILE|ID</source>
        <translation>FILE|ID</translation>
    </message>
    <message>
        <source>Quantization: F16, BF16, Q8_0, Q6_K, Q5_K_M, Q4_K_M, Q4_0, … (default: Q4_K_M, or as stored in a file).</source>
        <translation>量化类型：F16、BF16、Q8_0、Q6_K、Q5_K_M、Q4_K_M、Q4_0 等（默认：Q4_K_M，或文件中存储的量化类型）。</translation>
    </message>
    <message>
        <source>Q</source>
        <translation>Q</translation>
    </message>
    <message>
        <source>Context length in tokens (default: 8192, or less when the model is shorter).</source>
        <translation>上下文长度，以 token 计（默认：8192；若模型支持的上下文更短，则取其上限）。</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>Sequences decoded in parallel (default: 1).</source>
        <translation>并行解码的序列数（默认：1）。</translation>
    </message>
    <message>
        <source>KV cache type: f16 or q8_0 (default: f16).</source>
        <translation>KV 缓存类型：f16 或 q8_0（默认：f16）。</translation>
    </message>
    <message>
        <source>TYPE</source>
        <translation>TYPE</translation>
    </message>
    <message>
        <source>The GPU to plan for, or part of its name (default: this machine&apos;s).</source>
        <translation>要规划的 GPU，或其名称的一部分（默认：本机的 GPU）。</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>Write a vLLM cluster deployment (launch script, compose file, nginx) into DIR.</source>
        <translation>将 vLLM 集群部署（启动脚本、compose 文件、nginx 配置）写入 DIR。</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>DIR</translation>
    </message>
    <message>
        <source>List the catalog&apos;s models and GPUs.</source>
        <translation>列出目录中的模型和 GPU。</translation>
    </message>
    <message>
        <source>Print one JSON object.</source>
        <translation>输出单个 JSON 对象。</translation>
    </message>
    <message>
        <source>hearth plan: unexpected argument &quot;%1&quot;
</source>
        <translation>hearth plan：意外的参数“%1”
</translation>
    </message>
    <message>
        <source>hearth plan: --model is required (a GGUF file or a catalog id; see --list)
</source>
        <translation>hearth plan：必须指定 --model（GGUF 文件或目录中的模型 ID；参见 --list）
</translation>
    </message>
    <message>
        <source>hearth plan: unknown quantization &quot;%1&quot;
</source>
        <translation>hearth plan：未知的量化类型“%1”
</translation>
    </message>
    <message>
        <source>hearth plan: --kv must be f16 or q8_0, not &quot;%1&quot;
</source>
        <translation>hearth plan：--kv 必须是 f16 或 q8_0，而不是“%1”
</translation>
    </message>
    <message>
        <source>Cluster deployment written:</source>
        <translation>已写入集群部署：</translation>
    </message>
    <message>
        <source>%1 B parameters</source>
        <translation>%1 B 参数</translation>
    </message>
</context>
<context>
    <name>PlannedModel</name>
    <message>
        <source>%1: no such file, and not a model in the catalog (see hearth plan --list)</source>
        <translation>%1：文件不存在，也不是目录中的模型（参见 hearth plan --list）</translation>
    </message>
</context>
<context>
    <name>Planner</name>
    <message>
        <source>%1 GiB</source>
        <translation>%1 GiB</translation>
    </message>
    <message>
        <source>unknown quantization &quot;%1&quot;; choose one of %2</source>
        <translation>未知的量化类型“%1”；请从以下类型中选择：%2</translation>
    </message>
    <message>
        <source>no GPU named &quot;%1&quot; in this machine or the catalog (see hearth plan --list)</source>
        <translation>本机和目录中均没有名为“%1”的 GPU（参见 hearth plan --list）</translation>
    </message>
    <message>
        <source>chosen</source>
        <translation>已指定</translation>
    </message>
    <message>
        <source>the GPU in this machine</source>
        <translation>本机的 GPU</translation>
    </message>
    <message>
        <source>no GPU found in this machine; a common workstation card</source>
        <translation>本机未检测到 GPU；使用一款常见的工作站显卡</translation>
    </message>
    <message>
        <source>Weights: the sum of the file&apos;s tensors as stored (%1 parameters, %2, %3 bits per weight on average) = %4.</source>
        <translation>权重：文件中所存储张量的大小之和（%1 个参数，%2，平均每个权重 %3 位）= %4。</translation>
    </message>
    <message>
        <source>Weights: %1 parameters (counted from the shape) × %2 bits per weight (%3) ÷ 8 = %4.</source>
        <translation>权重：%1 个参数（根据模型结构计算）× 每个权重 %2 位（%3）÷ 8 = %4。</translation>
    </message>
    <message>
        <source>KV cache: %1 layers × (%2 latent + %3 RoPE) values × %4 tokens × %5 sequences × %6 bytes (%7) = %8; multi-head latent attention caches one compressed vector per token instead of K and V per head.</source>
        <translation>KV 缓存：%1 层 ×（%2 个潜在值 + %3 个 RoPE 值）× %4 个 token × %5 个序列 × %6 字节（%7）= %8；多头潜在注意力（MLA）为每个 token 缓存一个压缩向量，而不是为每个头分别缓存 K 和 V。</translation>
    </message>
    <message>
        <source>KV cache: 2 (K and V) × %1 layers × %2 KV heads × %3 dimensions × %4 tokens × %5 sequences × %6 bytes (%7) = %8.</source>
        <translation>KV 缓存：2（K 和 V）× %1 层 × %2 个 KV 头 × %3 维 × %4 个 token × %5 个序列 × %6 字节（%7）= %8。</translation>
    </message>
    <message>
        <source>Compute buffers: f32 scratch for one %1-token prompt chunk (residual stream, q/k/v, FFN activations, one %2-key attention tile per head) plus one row of %3 logits per sequence = %4.</source>
        <translation>计算缓冲区：一个 %1 token 提示词分块所需的 f32 临时空间（残差流、q/k/v、FFN 激活值、每个头一个 %2 键的注意力分块），加上每个序列一行 %3 个 logits = %4。</translation>
    </message>
    <message>
        <source>Runtime overhead: CUDA context, cuBLAS workspace and allocator slack, a fixed %1.</source>
        <translation>运行时开销：CUDA 上下文、cuBLAS 工作区及分配器冗余空间，固定为 %1。</translation>
    </message>
    <message>
        <source>Total: weights + KV cache + compute buffers + runtime overhead = %1.</source>
        <translation>总计：权重 + KV 缓存 + 计算缓冲区 + 运行时开销 = %1。</translation>
    </message>
    <message>
        <source>Fits: the total is within %1 % of a GPU&apos;s memory (of its free memory for GPUs in this machine); the rest stays free for the desktop and fragmentation.</source>
        <translation>装得下：总量不超过 GPU 显存的 %1%（对于本机的 GPU，按其空闲显存计算）；其余部分留给桌面环境和内存碎片。</translation>
    </message>
    <message>
        <source>Max context: the longest context, in steps of 256 tokens up to the model&apos;s %1, whose total still fits.</source>
        <translation>最大上下文：以 256 个 token 为步长、不超过模型上限 %1 的前提下，总量仍装得下的最长上下文。</translation>
    </message>
    <message>
        <source>Layers on GPU: when the model does not fit whole, whole layers with their KV cache go to the GPU (%1 each) and the rest, with the embeddings and output head, run on the CPU.</source>
        <translation>GPU 上的层数：当模型无法整体装入时，将完整的层连同其 KV 缓存放到 GPU 上（每层 %1），其余层连同嵌入层和输出头在 CPU 上运行。</translation>
    </message>
    <message>
        <source>GPUs needed: tensor parallelism over N GPUs (vLLM&apos;s --tensor-parallel-size) divides the weights and KV heads by N and repeats the buffers and overhead on each; N is a power of two that divides the %1 attention heads.</source>
        <translation>所需 GPU 数：在 N 个 GPU 上进行张量并行（vLLM 的 --tensor-parallel-size）时，权重和 KV 头按 N 均分，而缓冲区和开销在每个 GPU 上各占一份；N 为 2 的幂，且能整除 %1 个注意力头。</translation>
    </message>
    <message>
        <source>Best quantization: the most precise of F16 … Q2_K whose total fits the GPU at this context and batch.</source>
        <translation>最佳量化：在 F16 … Q2_K 中，按当前上下文和批大小计算总量仍能装入该 GPU 的精度最高者。</translation>
    </message>
    <message>
        <source>Quick estimate (the deployment guide&apos;s formula): %1 B parameters × %2 bytes (%3) = %4 GiB weights, + 15 % of that per sequence per 2048 tokens for the KV cache (%5 GiB), + 10 % per sequence for activations (%6 GiB), + 2 GiB framework = %7 GiB (%8 GiB with its 20 % margin). Against the exact %9 GiB: weights %10, KV cache %11, activations and overhead %12 GiB — the guide assumes whole bytes per weight and a KV cache proportional to the weights, while the exact plan uses the model&apos;s real tensor sizes and KV shape.</source>
        <translation>快速估算（部署指南中的公式）：%1 B 参数 × %2 字节（%3）= %4 GiB 权重，+ KV 缓存按每个序列每 2048 个 token 取权重的 15%（%5 GiB），+ 激活值按每个序列取 10%（%6 GiB），+ 框架 2 GiB = %7 GiB（计入指南的 20% 余量后为 %8 GiB）。与精确值 %9 GiB 对比：权重 %10，KV 缓存 %11，激活值与开销 %12 GiB —— 该指南假定每个权重占整数字节、KV 缓存与权重成正比，而精确规划使用模型的实际张量大小和 KV 形状。</translation>
    </message>
    <message>
        <source>%1 · %2 · context %3 · batch %4 · KV %5
</source>
        <translation>%1 · %2 · 上下文 %3 · 批大小 %4 · KV %5
</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation>KV 缓存</translation>
    </message>
    <message>
        <source>Compute buffers</source>
        <translation>计算缓冲区</translation>
    </message>
    <message>
        <source>Runtime overhead</source>
        <translation>运行时开销</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总计</translation>
    </message>
    <message>
        <source>Quick estimate</source>
        <translation>快速估算</translation>
    </message>
    <message>
        <source>Target GPU: %1 (%2)
</source>
        <translation>目标 GPU：%1（%2）
</translation>
    </message>
    <message>
        <source>Best quantization: none fits one GPU
</source>
        <translation>最佳量化：无（单个 GPU 均装不下）
</translation>
    </message>
    <message>
        <source>Best quantization: %1
</source>
        <translation>最佳量化：%1
</translation>
    </message>
    <message>
        <source>Outgrows one %1: %2 of %3 layers fit (partial offload, slow), or serve it on %4 GPUs with vLLM (hearth plan … --export DIR).
</source>
        <translation>单个 %1 装不下：%3 层中可装入 %2 层（部分卸载，速度较慢），或使用 vLLM 在 %4 个 GPU 上提供服务（hearth plan … --export DIR）。
</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>显存</translation>
    </message>
    <message>
        <source>Fits</source>
        <translation>装得下</translation>
    </message>
    <message>
        <source>Max context</source>
        <translation>最大上下文</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <source>GPUs (TP)</source>
        <translation>GPU 数（TP）</translation>
    </message>
    <message>
        <source>Best quant</source>
        <translation>最佳量化</translation>
    </message>
    <message>
        <source> (this machine)</source>
        <translation>（本机）</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>How these numbers were computed:</source>
        <translation>这些数值的计算方法：</translation>
    </message>
    <message>
        <source>No tensor-parallel group of %1 (up to %2 GPUs, dividing the %3 attention heads) holds it: choose a smaller quantization or a larger GPU.
</source>
        <translation>没有任何 %1 张量并行组（最多 %2 块 GPU，且能整除 %3 个注意力头）能容纳此模型：请选择更小的量化或更大的 GPU。
</translation>
    </message>
    <message>
        <source>Experts: %1 of %2 run for each token, so a token computes with %3 of the %4 parameters; all of them stay in memory.</source>
        <translation>专家：每个 token 运行 %2 个专家中的 %1 个，因此一个 token 只用到 %4 个参数中的 %3 个；全部参数都留在内存中。</translation>
    </message>
    <message>
        <source>Hearth&apos;s engine does not run the %1 architecture: deploy this model on a vLLM cluster (hearth plan … --export DIR).
</source>
        <translation>Hearth 的引擎不运行 %1 架构：请在 vLLM 集群上部署此模型（hearth plan … --export DIR）。
</translation>
    </message>
    <message>
        <source>Decode speed: each token reads about %1 of the weights (%2), so %3&apos;s %4 GB/s allow at most %5 tokens/s; engines reach 60-80 % of that.</source>
        <translation>解码速度：每个 token 大约读取 %1 的权重（%2），因此 %3 的 %4 GB/s 带宽最多支持每秒 %5 个 token；实际引擎可达其 60-80 %。</translation>
    </message>
    <message>
        <source>the chosen experts only</source>
        <translation>仅选中的专家</translation>
    </message>
    <message>
        <source>all but the embedding table</source>
        <translation>除词嵌入表外的全部权重</translation>
    </message>
</context>
<context>
    <name>PullCommand</name>
    <message>
        <source>Downloads a model&apos;s GGUF file from the hub (or $HF_ENDPOINT), resumable and verified, and adds it to the library.</source>
        <translation>从模型仓库（或 $HF_ENDPOINT）下载模型的 GGUF 文件，可断点续传并经过校验，然后加入模型库。</translation>
    </message>
    <message>
        <source>A repository and, after a colon, a quantization: Qwen/Qwen2.5-7B-Instruct-GGUF:Q4_K_M</source>
        <translation>仓库名，冒号后为量化类型：Qwen/Qwen2.5-7B-Instruct-GGUF:Q4_K_M</translation>
    </message>
    <message>
        <source>Where to put it (default: the models folder of the settings).</source>
        <translation>保存位置（默认：设置中的模型文件夹）。</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>DIR</translation>
    </message>
    <message>
        <source>Print one JSON object.</source>
        <translation>输出一个 JSON 对象。</translation>
    </message>
    <message>
        <source>hearth pull: expected one REPO[:QUANT]
</source>
        <translation>hearth pull：需要一个 REPO[:QUANT]
</translation>
    </message>
    <message>
        <source>hearth pull: &quot;%1&quot; is not a repository such as Qwen/Qwen2.5-7B-Instruct-GGUF
</source>
        <translation>hearth pull：“%1”不是仓库名，例如 Qwen/Qwen2.5-7B-Instruct-GGUF
</translation>
    </message>
    <message>
        <source>hearth pull: %1
</source>
        <translation>hearth pull：%1
</translation>
    </message>
    <message>
        <source>hearth pull: %1 has no %2 file; it has: %3
</source>
        <translation>hearth pull：%1 没有 %2 文件；可用的有：%3
</translation>
    </message>
    <message>
        <source>no GGUF files</source>
        <translation>没有 GGUF 文件</translation>
    </message>
    <message>
        <source>Downloaded %1 to %2
</source>
        <translation>已将 %1 下载到 %2
</translation>
    </message>
    <message>
        <source>Downloading %1 (%2) from %3
</source>
        <translation>正在从 %3 下载 %1（%2）
</translation>
    </message>
    <message>
        <source>hearth pull: %1: %2
</source>
        <translation>hearth pull：%1：%2
</translation>
    </message>
    <message>
        <source>hearth pull: the file is here but not in the library: %1
</source>
        <translation>hearth pull：文件已下载，但未能加入模型库：%1
</translation>
    </message>
</context>
<context>
    <name>QuantizeCommand</name>
    <message>
        <source>Writes a GGUF model in another quantization, keeping some tensors at more bits as llama.cpp&apos;s mixes do, and adds it to the library.</source>
        <translation>把 GGUF 模型写成另一种量化（像 llama.cpp 的混合方案一样让部分张量保留更多位数），并加入模型库。</translation>
    </message>
    <message>
        <source>The GGUF model to quantize (F32, F16, BF16 or quantized).</source>
        <translation>要量化的 GGUF 模型（F32、F16、BF16 或已量化）。</translation>
    </message>
    <message>
        <source>Where to write it.</source>
        <translation>写入位置。</translation>
    </message>
    <message>
        <source>One of %1.</source>
        <translation>以下之一：%1。</translation>
    </message>
    <message>
        <source>CPU threads (default: one per core).</source>
        <translation>CPU 线程数（默认每个核心一个）。</translation>
    </message>
    <message>
        <source>Print one JSON object.</source>
        <translation>输出一个 JSON 对象。</translation>
    </message>
    <message>
        <source>hearth quantize: expected IN.gguf OUT.gguf TYPE
</source>
        <translation>hearth quantize：需要 IN.gguf OUT.gguf TYPE
</translation>
    </message>
    <message>
        <source>hearth quantize: &quot;%1&quot; is not a type Hearth writes; choose one of %2
</source>
        <translation>hearth quantize：Hearth 不支持写出“%1”；请从以下选择：%2
</translation>
    </message>
    <message>
        <source>hearth quantize: --threads needs a whole number that is not negative
</source>
        <translation>hearth quantize：--threads 需要一个非负整数
</translation>
    </message>
    <message>
        <source>hearth quantize: %1 does not exist
</source>
        <translation>hearth quantize：%1 不存在
</translation>
    </message>
    <message>
        <source>hearth quantize: the output would overwrite the input
</source>
        <translation>hearth quantize：输出会覆盖输入文件
</translation>
    </message>
    <message>
        <source>hearth quantize: written, but not added to the library: %1
</source>
        <translation>hearth quantize：已写入，但未能加入模型库：%1
</translation>
    </message>
    <message>
        <source>Wrote %1: %2 (from %3) in %4 s
</source>
        <translation>已写入 %1：%2（原 %3），用时 %4 秒
</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>An importance matrix (hearth imatrix, or llama.cpp&apos;s GGUF imatrix): every type spends its precision where the activations are; IQ1_S to IQ3_XXS need one.</source>
        <translation>重要性矩阵（hearth imatrix 生成，或 llama.cpp 的 GGUF imatrix）：每种类型都把精度留给激活值大的位置；IQ1_S 到 IQ3_XXS 必须提供。</translation>
    </message>
    <message>
        <source>hearth quantize: %1
</source>
        <translation>hearth quantize：%1
</translation>
    </message>
</context>
<context>
    <name>RunCommand</name>
    <message>
        <source>[%1 prompt tokens (%2 reused), %3 generated, %4 tok/s, first token after %5 s]</source>
        <translation>[提示词 %1 个 token（复用 %2 个），生成 %3 个，%4 token/秒，首个 token 用时 %5 秒]</translation>
    </message>
    <message>
        <source>Chatting with %1. /system TEXT sets the system prompt, /reset starts over, /exit quits; Ctrl-C stops an answer.
</source>
        <translation>正在与 %1 聊天。/system 文本 设置系统提示词，/reset 重新开始，/exit 退出；Ctrl-C 停止当前回答。
</translation>
    </message>
    <message>
        <source>(conversation cleared)
</source>
        <translation>（对话已清空）
</translation>
    </message>
    <message>
        <source>(system prompt set; conversation cleared)
</source>
        <translation>（已设置系统提示词；对话已清空）
</translation>
    </message>
    <message>
        <source>(stopped)
</source>
        <translation>（已停止）
</translation>
    </message>
    <message>
        <source>hearth run: %1
</source>
        <translation>hearth run：%1
</translation>
    </message>
    <message>
        <source>Generates text with a model: one answer to a prompt, or a chat.</source>
        <translation>用模型生成文本：回答一个提示词，或进行聊天。</translation>
    </message>
    <message>
        <source>A GGUF model file.</source>
        <translation>一个 GGUF 模型文件。</translation>
    </message>
    <message>
        <source>Answer this prompt and exit (a raw prompt; BOS as the model asks).</source>
        <translation>回答这个提示词后退出（原始提示词；按模型的要求添加 BOS）。</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Generate at most N tokens (default 256).</source>
        <translation>最多生成 N 个 token（默认 256）。</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>Sampling temperature; 0 is greedy (default 0.8).</source>
        <translation>采样温度；0 为贪心解码（默认 0.8）。</translation>
    </message>
    <message>
        <source>T</source>
        <translation>T</translation>
    </message>
    <message>
        <source>Nucleus sampling threshold (default 0.95).</source>
        <translation>核采样（top-p）阈值（默认 0.95）。</translation>
    </message>
    <message>
        <source>P</source>
        <translation>P</translation>
    </message>
    <message>
        <source>Sample among the K most likely tokens (default 40).</source>
        <translation>只在最可能的 K 个 token 中采样（默认 40）。</translation>
    </message>
    <message>
        <source>K</source>
        <translation>K</translation>
    </message>
    <message>
        <source>Random seed: the same seed gives the same answer.</source>
        <translation>随机种子：相同的种子给出相同的回答。</translation>
    </message>
    <message>
        <source>S</source>
        <translation>S</translation>
    </message>
    <message>
        <source>Context length in tokens (default: the model&apos;s, at most 8192).</source>
        <translation>上下文长度（token 数；默认取模型的值，最多 8192）。</translation>
    </message>
    <message>
        <source>CPU threads (default: one per core).</source>
        <translation>CPU 线程数（默认每个核心一个）。</translation>
    </message>
    <message>
        <source>Apply the model&apos;s chat template to the prompt.</source>
        <translation>对提示词套用模型的聊天模板。</translation>
    </message>
    <message>
        <source>With -p: print one JSON object (ids, text, top logits per step).</source>
        <translation>与 -p 一起使用：输出一个 JSON 对象（ID、文本、每一步的最高 logit）。</translation>
    </message>
    <message>
        <source>hearth run: expected one MODEL.gguf
</source>
        <translation>hearth run：需要一个 MODEL.gguf
</translation>
    </message>
    <message>
        <source>hearth run: --%1 needs a number that is not negative
</source>
        <translation>hearth run：--%1 需要一个非负数
</translation>
    </message>
</context>
<context>
    <name>ServeCommand</name>
    <message>
        <source>A GGUF model file.</source>
        <translation>一个 GGUF 模型文件。</translation>
    </message>
    <message>
        <source>Address to listen on (default 127.0.0.1: this machine only).</source>
        <translation>监听地址（默认 127.0.0.1：仅本机）。</translation>
    </message>
    <message>
        <source>ADDRESS</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Port (default 8080; 0 picks a free one).</source>
        <translation>端口（默认 8080；0 表示自动选择空闲端口）。</translation>
    </message>
    <message>
        <source>PORT</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Sequences generated together (default 4).</source>
        <translation>同时生成的序列数（默认 4）。</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>CPU threads (default: one per core).</source>
        <translation>CPU 线程数（默认每个核心一个）。</translation>
    </message>
    <message>
        <source>Context length per sequence (default: the model&apos;s, at most 8192).</source>
        <translation>每个序列的上下文长度（默认使用模型自身的值，最多 8192）。</translation>
    </message>
    <message>
        <source>hearth serve: expected one MODEL.gguf
</source>
        <translation>hearth serve：需要一个 MODEL.gguf
</translation>
    </message>
    <message>
        <source>hearth serve: --%1 needs a whole number from 0 to %2
</source>
        <translation>hearth serve：--%1 需要 0 到 %2 之间的整数
</translation>
    </message>
    <message>
        <source>hearth serve: --host needs an IP address, such as 127.0.0.1 or 0.0.0.0
</source>
        <translation>hearth serve：--host 需要一个 IP 地址，例如 127.0.0.1 或 0.0.0.0
</translation>
    </message>
    <message>
        <source>hearth serve: cannot read %1: %2
</source>
        <translation>hearth serve：无法读取 %1：%2
</translation>
    </message>
    <message>
        <source>hearth serve: %1 holds no API key
</source>
        <translation>hearth serve：%1 中没有 API 密钥
</translation>
    </message>
    <message>
        <source>hearth serve: listening on %1 shares the model beyond this machine; give it API keys with --api-key-file first
</source>
        <translation>hearth serve：在 %1 上监听会把模型共享到本机之外；请先用 --api-key-file 提供 API 密钥
</translation>
    </message>
    <message>
        <source>hearth serve: %1
</source>
        <translation>hearth serve：%1
</translation>
    </message>
    <message>
        <source>Serving %1 at http://%2:%3/v1 (%4); Ctrl-C stops.
</source>
        <translation>正在 http://%2:%3/v1 上提供 %1（%4）；按 Ctrl-C 停止。
</translation>
    </message>
    <message>
        <source>no API key needed</source>
        <translation>无需 API 密钥</translation>
    </message>
    <message numerus="yes">
        <source>%n API key(s)</source>
        <translation>
            <numerusform>%n 个 API 密钥</numerusform>
        </translation>
    </message>
    <message>
        <source>hearth serve: stopped
</source>
        <translation>hearth serve：已停止
</translation>
    </message>
    <message>
        <source>Largest request body accepted, in MiB (default 8); larger ones get 413.</source>
        <translation>可接受的最大请求体（MiB，默认 8）；更大的请求返回 413。</translation>
    </message>
    <message>
        <source>A file of API keys, one per line (&quot;KEY&quot; or &quot;NAME KEY&quot;); clients send one as a bearer token. Required to listen beyond this machine.</source>
        <translation>API 密钥文件，每行一个（&quot;KEY&quot; 或 &quot;NAME KEY&quot;）；客户端以 Bearer 令牌发送其中之一。要在本机以外监听时必须提供。</translation>
    </message>
    <message>
        <source>Requests per minute each key may send (default 0: no limit); more get 429.</source>
        <translation>每个密钥每分钟可发送的请求数（默认 0：不限）；超出的请求返回 429。</translation>
    </message>
    <message>
        <source>Tokens per minute each key may use, prompt and answer (default 0: no limit).</source>
        <translation>每个密钥每分钟可用的 token 数，含提示词和回答（默认 0：不限）。</translation>
    </message>
    <message>
        <source>Browser origins allowed to call the API, comma-separated, or * for any (default: none).</source>
        <translation>允许从浏览器调用 API 的来源，以逗号分隔，* 表示任意来源（默认：无）。</translation>
    </message>
    <message>
        <source>ORIGINS</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Replace ID, mobile, passport and card numbers in answers with [REDACTED].</source>
        <translation>将回答中的身份证号、手机号、护照号和银行卡号替换为 [REDACTED]。</translation>
    </message>
    <message>
        <source>Do not print a line per request.</source>
        <translation>不为每个请求输出一行日志。</translation>
    </message>
    <message>
        <source>key %1</source>
        <translation>密钥 %1</translation>
    </message>
    <message>
        <source>Requests that may wait for a free sequence (default: three times --parallel); more get 503.</source>
        <translation>可等待空闲序列的请求数（默认：--parallel 的三倍）；超出的返回 503。</translation>
    </message>
    <message>
        <source>Serves a model as an OpenAI-compatible API (chat completions, completions, embeddings, models, health, metrics) until stopped with Ctrl-C.</source>
        <translation>将模型作为 OpenAI 兼容的 API 提供服务（聊天补全、文本补全、嵌入、模型列表、健康检查、指标），直到按 Ctrl-C 停止。</translation>
    </message>
</context>
<context>
    <name>TemplateCommand</name>
    <message>
        <source>Prints the prompt a model&apos;s chat template makes of a conversation, byte for byte.</source>
        <translation>按字节原样输出模型的聊天模板根据对话生成的提示词。</translation>
    </message>
    <message>
        <source>A GGUF model file.</source>
        <translation>GGUF 模型文件。</translation>
    </message>
    <message>
        <source>A JSON file: a list of messages, or an object with &quot;messages&quot;, &quot;tools&quot; and other variables; &quot;-&quot; reads standard input.</source>
        <translation>JSON 文件：消息列表，或包含“messages”“tools”等变量的对象；“-”表示从标准输入读取。</translation>
    </message>
    <message>
        <source>Do not end with the assistant&apos;s turn header.</source>
        <translation>结尾不添加助手回合的开头标记。</translation>
    </message>
    <message>
        <source>hearth template: expected MODEL.gguf and CONVERSATION.json
</source>
        <translation>hearth template：需要 MODEL.gguf 和 CONVERSATION.json
</translation>
    </message>
    <message>
        <source>hearth template: cannot read %1: %2
</source>
        <translation>hearth template：无法读取 %1：%2
</translation>
    </message>
    <message>
        <source>hearth template: %1 is not valid JSON
</source>
        <translation>hearth template：%1 不是有效的 JSON
</translation>
    </message>
    <message>
        <source>%1 has no chat template: using the default (ChatML).
</source>
        <translation>%1 没有聊天模板：使用默认模板（ChatML）。
</translation>
    </message>
</context>
<context>
    <name>TokenizeCommand</name>
    <message>
        <source>Shows the token ids and pieces a model&apos;s tokenizer makes of a text.</source>
        <translation>显示模型的分词器把一段文本切分成的 token ID 和片段。</translation>
    </message>
    <message>
        <source>A GGUF model file.</source>
        <translation>GGUF 模型文件。</translation>
    </message>
    <message>
        <source>The text to tokenize; &quot;-&quot; reads standard input.</source>
        <translation>要分词的文本；“-”表示从标准输入读取。</translation>
    </message>
    <message>
        <source>Read special tokens written in the text (such as &lt;|im_start|&gt;) as those tokens.</source>
        <translation>把文本中写出的特殊 token（如 &lt;|im_start|&gt;）识别为对应的特殊 token。</translation>
    </message>
    <message>
        <source>Do not add the BOS/EOS tokens the model asks for.</source>
        <translation>不添加模型要求的 BOS/EOS token。</translation>
    </message>
    <message>
        <source>Print one JSON object.</source>
        <translation>输出单个 JSON 对象。</translation>
    </message>
    <message>
        <source>hearth tokenize: expected MODEL.gguf and TEXT
</source>
        <translation>hearth tokenize：需要 MODEL.gguf 和 TEXT
</translation>
    </message>
    <message>
        <source>hearth tokenize: cannot read standard input
</source>
        <translation>hearth tokenize：无法读取标准输入
</translation>
    </message>
    <message numerus="yes">
        <source>%n token(s)</source>
        <translation>
            <numerusform>%n 个 token</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TransferText</name>
    <message>
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
</context>
<context>
    <name>hearth::app</name>
    <message>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>推理过程</translation>
    </message>
    <message>
        <source>not JSON: %1 at byte %2</source>
        <translation>不是 JSON：第 %2 字节处%1</translation>
    </message>
    <message>
        <source>no &quot;messages&quot; list: expected OpenAI chat messages</source>
        <translation>没有“messages”列表：需要 OpenAI 格式的聊天消息</translation>
    </message>
    <message>
        <source>message %1 has the role &quot;%2&quot;: only system, user and assistant can be imported</source>
        <translation>第 %1 条消息的角色是“%2”：只能导入 system、user 和 assistant</translation>
    </message>
    <message>
        <source>there are no user or assistant messages to import</source>
        <translation>没有可导入的 user 或 assistant 消息</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>The import was cancelled.</source>
        <translation>导入已取消。</translation>
    </message>
    <message>
        <source>Line %1 of the checksum list is not &quot;SHA-256  file name&quot;.</source>
        <translation>校验清单第 %1 行不是“SHA-256  文件名”格式。</translation>
    </message>
</context>
<context>
    <name>hearth::app::ApiKeyStore</name>
    <message>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Give the key a name that says whose it is, such as a team&apos;s.</source>
        <translation>请为密钥起一个能说明归属的名称，例如团队名。</translation>
    </message>
    <message>
        <source>A key named &quot;%1&quot; already exists: choose another name, or revoke it first.</source>
        <translation>名为“%1”的密钥已存在：请换一个名称，或先吊销它。</translation>
    </message>
    <message>
        <source>The key could not be saved: %1</source>
        <translation>无法保存密钥：%1</translation>
    </message>
    <message>
        <source>active</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>revoked %1</source>
        <translation>已于 %1 吊销</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Requests/min</source>
        <translation>请求/分钟</translation>
    </message>
    <message>
        <source>Tokens/min</source>
        <translation>Token/分钟</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>hearth::app::ApiServer</name>
    <message>
        <source>Cannot listen on %1 port %2: is another server using it?</source>
        <translation>无法在 %1 的端口 %2 上监听：是否有其他服务器正在使用它？</translation>
    </message>
</context>
<context>
    <name>hearth::app::ChatBackend</name>
    <message>
        <source>The endpoint answered %1: %2</source>
        <translation>端点返回 %1：%2</translation>
    </message>
    <message>
        <source>Cannot reach %1: %2</source>
        <translation>无法连接 %1：%2</translation>
    </message>
</context>
<context>
    <name>hearth::app::ChatSession</name>
    <message>
        <source>An answer is still being written: stop it first (Esc).</source>
        <translation>仍在生成回答：请先停止（Esc）。</translation>
    </message>
    <message>
        <source>No model is chosen: pick one with the model picker (Ctrl+K).</source>
        <translation>尚未选择模型：请用模型选择器（Ctrl+K）选择一个。</translation>
    </message>
    <message>
        <source>The question could not be saved to the chat history.</source>
        <translation>无法将问题保存到聊天记录。</translation>
    </message>
</context>
<context>
    <name>hearth::app::ConversationListModel</name>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>%1
Last message %2</source>
        <translation>%1
最后一条消息：%2</translation>
    </message>
</context>
<context>
    <name>hearth::app::ConversationStore</name>
    <message>
        <source>The disk is full: the chat history could not be saved. Free some space; what was saved before is intact.</source>
        <translation>磁盘已满：无法保存聊天记录。请释放一些空间；之前保存的内容完好无损。</translation>
    </message>
    <message>
        <source>The chat history could not be saved: %1</source>
        <translation>无法保存聊天记录：%1</translation>
    </message>
</context>
<context>
    <name>hearth::app::DownloadListModel</name>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>下载中</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>100 %</source>
        <translation>100%</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Repository</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>hearth::app::DownloadQueue</name>
    <message>
        <source>The download could not be recorded in Hearth&apos;s database.</source>
        <translation>无法在 Hearth 的数据库中记录此下载。</translation>
    </message>
</context>
<context>
    <name>hearth::app::EmbeddingReply</name>
    <message>
        <source>The embedding was cancelled.</source>
        <translation>嵌入计算已取消。</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>尚未加载模型。</translation>
    </message>
    <message>
        <source>An input has %1 tokens but the model&apos;s context holds %2.</source>
        <translation>某个输入有 %1 个 token，但模型的上下文只能容纳 %2 个。</translation>
    </message>
    <message>
        <source>There is nothing to embed.</source>
        <translation>没有需要计算嵌入的内容。</translation>
    </message>
</context>
<context>
    <name>hearth::app::FileDownload</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>The server refused the download (%1 %2): the model may be gated. Accept its licence on the hub and set an access token in Settings.</source>
        <translation>服务器拒绝了下载（%1 %2）：该模型可能需要授权访问。请在模型仓库上接受其许可，并在“设置”中填写访问令牌。</translation>
    </message>
    <message>
        <source>The server answered %1 %2 for %3.</source>
        <translation>服务器对 %3 返回了 %1 %2。</translation>
    </message>
    <message>
        <source>The download kept failing (%1): try again later.</source>
        <translation>下载多次失败（%1）：请稍后重试。</translation>
    </message>
    <message>
        <source>The file has %1 bytes where the hub said %2: it was discarded.</source>
        <translation>文件有 %1 字节，而仓库标明的是 %2：已丢弃。</translation>
    </message>
    <message>
        <source>The file&apos;s SHA-256 is %1 where the hub said %2: it was damaged on the way and was discarded.</source>
        <translation>文件的 SHA-256 为 %1，而仓库标明的是 %2：文件在传输中已损坏，已丢弃。</translation>
    </message>
    <message>
        <source>Cannot name the file %1.</source>
        <translation>无法将文件命名为 %1。</translation>
    </message>
    <message>
        <source>The server sent more than the %1 bytes the hub said the file has: it was discarded.</source>
        <translation>服务器发送的数据超过了仓库标明的 %1 字节：已丢弃。</translation>
    </message>
    <message>
        <source>the server answered %1 %2</source>
        <translation>服务器返回 %1 %2</translation>
    </message>
    <message>
        <source>no data for %1 s</source>
        <translation>%1 秒内未收到数据</translation>
    </message>
    <message>
        <source>Cannot create the folder of %1.</source>
        <translation>无法创建 %1 所在的文件夹。</translation>
    </message>
    <message>
        <source>Another Hearth is downloading %1.</source>
        <translation>另一个 Hearth 正在下载 %1。</translation>
    </message>
    <message>
        <source>Cannot write %1.lock.</source>
        <translation>无法写入 %1.lock。</translation>
    </message>
    <message>
        <source>The server sent the download around in circles (%1 redirects).</source>
        <translation>服务器让下载反复跳转（%1 次重定向）。</translation>
    </message>
    <message>
        <source>The server sent the download from https to an insecure address (%1).</source>
        <translation>服务器把下载从 https 重定向到了不安全的地址（%1）。</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
</context>
<context>
    <name>hearth::app::HubClient</name>
    <message>
        <source>The hub refused (%1): the model may be gated. Accept its licence on the hub and set an access token in Settings.</source>
        <translation>模型仓库拒绝了请求（%1）：该模型可能需要授权访问。请在模型仓库上接受其许可，并在“设置”中填写访问令牌。</translation>
    </message>
    <message>
        <source>The hub has no such model or file.</source>
        <translation>模型仓库中没有这个模型或文件。</translation>
    </message>
    <message>
        <source>The hub answered %1.</source>
        <translation>模型仓库返回了 %1。</translation>
    </message>
    <message>
        <source>Cannot reach the hub at %1: %2</source>
        <translation>无法连接模型仓库 %1：%2</translation>
    </message>
    <message>
        <source>The hub&apos;s answer was not a list of models.</source>
        <translation>模型仓库的回复不是模型列表。</translation>
    </message>
    <message>
        <source>The hub&apos;s answer was not a list of files.</source>
        <translation>模型仓库的回复不是文件列表。</translation>
    </message>
    <message>
        <source>The hub&apos;s answer was not a model.</source>
        <translation>模型仓库返回的不是模型信息。</translation>
    </message>
</context>
<context>
    <name>hearth::app::HubModelList</name>
    <message>
        <source>General</source>
        <translation>通用</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>推理</translation>
    </message>
    <message>
        <source>Small and cheap</source>
        <translation>小巧省资源</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source> · cluster only</source>
        <translation> · 仅限集群</translation>
    </message>
    <message>
        <source>%1
%2</source>
        <translation>%1
%2</translation>
    </message>
    <message>
        <source>%1 downloads · %2 likes</source>
        <translation>%1 次下载 · %2 个赞</translation>
    </message>
    <message>
        <source> · updated %1</source>
        <translation> · 更新于 %1</translation>
    </message>
    <message>
        <source> · gated: needs an access token</source>
        <translation> · 受限访问：需要访问令牌</translation>
    </message>
</context>
<context>
    <name>hearth::app::LibraryTableModel</name>
    <message>
        <source>The file is gone from %1: scan the folder it moved to, or remove it from the library.</source>
        <translation>文件已不在 %1：请扫描它被移动到的文件夹，或将其从模型库中移除。</translation>
    </message>
    <message>
        <source>%1 was replaced by another file since it was added: add it again to read it anew.</source>
        <translation>%1 在添加后已被其他文件替换：请重新添加以重新读取。</translation>
    </message>
    <message>
        <source>%1 (missing)</source>
        <translation>%1（缺失）</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Family</source>
        <translation>系列</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>上次使用</translation>
    </message>
    <message>
        <source>%1 holds %2 weights, which this version of Hearth cannot compute with: update Hearth, or download the model in a common quantization (Q4_K_M, Q5_K_M, Q6_K, Q8_0).</source>
        <translation>%1 含有 %2 权重，此版本的 Hearth 无法用其计算：请更新 Hearth，或下载常见量化（Q4_K_M、Q5_K_M、Q6_K、Q8_0）的模型。</translation>
    </message>
    <message>
        <source>%1 (will not run here)</source>
        <translation>%1（无法在此运行）</translation>
    </message>
</context>
<context>
    <name>hearth::app::LoadTest</name>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>hearth::app::LocalChatBackend</name>
    <message>
        <source>%1 is still loading.</source>
        <translation>%1 仍在加载。</translation>
    </message>
    <message>
        <source>%1 could not be loaded: %2</source>
        <translation>无法加载 %1：%2</translation>
    </message>
    <message>
        <source>No model is loaded: choose one with the model picker (Ctrl+K).</source>
        <translation>尚未加载模型：请用模型选择器（Ctrl+K）选择一个。</translation>
    </message>
    <message>
        <source>The conversation has %1 tokens but the model&apos;s context holds %2: start a new conversation or load the model with a longer context.</source>
        <translation>对话有 %1 个 token，但模型的上下文只能容纳 %2 个：请开始新对话，或以更长的上下文加载模型。</translation>
    </message>
</context>
<context>
    <name>hearth::app::ModelImport</name>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is missing.</source>
        <translation>%1 不存在。</translation>
    </message>
    <message>
        <source>%1 is not in the checksum list.</source>
        <translation>%1 不在校验清单中。</translation>
    </message>
    <message>
        <source>%1 already exists: remove it first, or import into another folder.</source>
        <translation>%1 已存在：请先删除它，或导入到其他文件夹。</translation>
    </message>
    <message>
        <source>Cannot create the folder of %1.</source>
        <translation>无法创建 %1 所在的文件夹。</translation>
    </message>
    <message>
        <source>%1 has SHA-256 %2, where the list says %3: it was not imported.</source>
        <translation>%1 的 SHA-256 为 %2，而清单中为 %3：未导入。</translation>
    </message>
    <message>
        <source>Cannot create %1.</source>
        <translation>无法创建 %1。</translation>
    </message>
</context>
<context>
    <name>hearth::app::ModelLibrary</name>
    <message>
        <source>Cannot delete %1: check that it is not read-only.</source>
        <translation>无法删除 %1：请检查它是否为只读。</translation>
    </message>
</context>
<context>
    <name>hearth::app::QualityReport</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>%1 ± %2</source>
        <translation>%1 ± %2</translation>
    </message>
    <message>
        <source>reference</source>
        <translation>参照</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Perplexity</source>
        <translation>困惑度</translation>
    </message>
    <message>
        <source>KL divergence</source>
        <translation>KL 散度</translation>
    </message>
    <message>
        <source>Same top token</source>
        <translation>首选 token 相同</translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation>token/秒</translation>
    </message>
</context>
<context>
    <name>hearth::app::QuantizeJob</name>
    <message>
        <source>importance matrix</source>
        <translation>重要性矩阵</translation>
    </message>
</context>
<context>
    <name>hearth::app::RemoteChatBackend</name>
    <message>
        <source>The endpoint has no valid address: set one like http://server:8000/v1.</source>
        <translation>端点没有有效地址：请设置类似 http://server:8000/v1 的地址。</translation>
    </message>
    <message>
        <source>The endpoint has no model name: set the model it serves.</source>
        <translation>端点没有模型名称：请设置它提供的模型。</translation>
    </message>
    <message>
        <source>An endpoint answers conversations only, not raw prompts.</source>
        <translation>端点只回答对话，不接受原始提示词。</translation>
    </message>
</context>
<context>
    <name>hearth::app::RequestLogModel</name>
    <message>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <source>(no key)</source>
        <translation>（无密钥）</translation>
    </message>
    <message>
        <source> (streamed)</source>
        <translation>（流式）</translation>
    </message>
    <message>
        <source>499 client left</source>
        <translation>499 客户端已断开</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Tokens in → out</source>
        <translation>Token 输入 → 输出</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
</context>
<context>
    <name>hearth::app::SecretStore</name>
    <message>
        <source>Cannot create the folder of %1.</source>
        <translation>无法创建 %1 所在的文件夹。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>hearth::app::ServerThread</name>
    <message>
        <source>Sharing on the local network needs at least one API key: create one first.</source>
        <translation>在局域网共享至少需要一个 API 密钥：请先创建一个。</translation>
    </message>
</context>
<context>
    <name>hearth::ui::ApiKeysPanel</name>
    <message>
        <source>&amp;Limits…</source>
        <translation>限额(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Revoke</source>
        <translation>吊销(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;New key…</source>
        <translation>新建密钥(&amp;N)…</translation>
    </message>
    <message>
        <source>With at least one key, every request but the health check needs one, sent as &quot;Authorization: Bearer KEY&quot;. Sharing on the local network needs a key.</source>
        <translation>只要存在密钥，除健康检查外的每个请求都需要以 &quot;Authorization: Bearer KEY&quot; 发送其中之一。在局域网共享必须有密钥。</translation>
    </message>
    <message>
        <source>New API key</source>
        <translation>新建 API 密钥</translation>
    </message>
    <message>
        <source>Limits of %1</source>
        <translation>%1 的限额</translation>
    </message>
    <message>
        <source>Revoke API key</source>
        <translation>吊销 API 密钥</translation>
    </message>
    <message>
        <source>Revoke the key of %1? Its holder is refused from the next request on; this cannot be undone.</source>
        <translation>吊销 %1 的密钥？其持有者的下一个请求起即被拒绝；此操作无法撤销。</translation>
    </message>
</context>
<context>
    <name>hearth::ui::ChatPage</name>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Choose Model</source>
        <translation>选择模型</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>开始新对话（Ctrl+N）</translation>
    </message>
    <message>
        <source>Search chats</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <source>Open Model File…</source>
        <translation>打开模型文件…</translation>
    </message>
    <message>
        <source>Unload Model</source>
        <translation>卸载模型</translation>
    </message>
    <message>
        <source>Editing an earlier question: sending replaces it and every turn after it. Esc cancels.</source>
        <translation>正在编辑之前的问题：发送后将替换它及其后的所有轮次。按 Esc 取消。</translation>
    </message>
    <message>
        <source>Ask anything — Ctrl+Enter sends</source>
        <translation>随便问点什么——Ctrl+Enter 发送</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Send (Ctrl+Enter)</source>
        <translation>发送（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Stop the answer (Esc)</source>
        <translation>停止回答（Esc）</translation>
    </message>
    <message>
        <source>## Welcome to Hearth

Chat with a language model that runs on this computer: nothing you write leaves it.

1. **Choose a model**: press Ctrl+K, or use the model button above, and open a GGUF file (for example one you downloaded from Hugging Face or a mirror of it).
2. **Ask**: type below and press Ctrl+Enter.

The Planner area tells you which models fit this machine.</source>
        <translation>## 欢迎使用 Hearth

与在这台电脑上运行的大语言模型对话：你写的任何内容都不会离开本机。

1. **选择模型**：按 Ctrl+K，或点击上方的模型按钮，打开一个 GGUF 文件（例如从 Hugging Face 或其镜像站下载的文件）。
2. **提问**：在下方输入，然后按 Ctrl+Enter。

“规划”区域会告诉你哪些模型适合这台机器。</translation>
    </message>
    <message>
        <source>Ask anything below; Ctrl+Enter sends.</source>
        <translation>在下方随便问点什么；Ctrl+Enter 发送。</translation>
    </message>
    <message>
        <source>Open Model File</source>
        <translation>打开模型文件</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose a model</source>
        <translation>选择模型</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <source>%1 could not be loaded: %2</source>
        <translation>无法加载 %1：%2</translation>
    </message>
    <message>
        <source>The model that answers (Ctrl+K)</source>
        <translation>用于回答的模型（Ctrl+K）</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Rename Chat</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <source>Pin to Top</source>
        <translation>置顶</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Deleted “%1”. &lt;a href=&quot;undo&quot;&gt;Undo&lt;/a&gt;</source>
        <translation>已删除“%1”。&lt;a href=&quot;undo&quot;&gt;撤销&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Import a chat exported as JSON (OpenAI messages)</source>
        <translation>导入以 JSON（OpenAI 消息格式）导出的对话</translation>
    </message>
    <message>
        <source>Chat settings</source>
        <translation>对话设置</translation>
    </message>
    <message>
        <source>System prompt and sampling settings of this chat</source>
        <translation>此对话的系统提示词和采样设置</translation>
    </message>
    <message>
        <source>Export as Markdown…</source>
        <translation>导出为 Markdown…</translation>
    </message>
    <message>
        <source>Export as JSON…</source>
        <translation>导出为 JSON…</translation>
    </message>
    <message>
        <source>chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Export Chat</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Import Chat</source>
        <translation>导入对话</translation>
    </message>
    <message>
        <source>JSON (*.json);;All files (*)</source>
        <translation>JSON (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 cannot be imported: %2</source>
        <translation>无法导入 %1：%2</translation>
    </message>
    <message>
        <source>%1 · writing at %2 tokens/s</source>
        <translation>%1 · 正在以 %2 token/秒 生成</translation>
    </message>
    <message>
        <source>%1 on the CPU · %2 in memory</source>
        <translation>%1（CPU）· 占用内存 %2</translation>
    </message>
    <message>
        <source>%1 · last answer %2 tokens/s</source>
        <translation>%1 · 上次回答 %2 token/秒</translation>
    </message>
    <message>
        <source>OpenAI-compatible endpoints</source>
        <translation>OpenAI 兼容端点</translation>
    </message>
    <message>
        <source>%1 · %2 at %3</source>
        <translation>%1 · %3 上的 %2</translation>
    </message>
    <message>
        <source>Add Endpoint…</source>
        <translation>添加端点…</translation>
    </message>
    <message>
        <source>Answers come from %1 (Ctrl+K to choose)</source>
        <translation>回答来自 %1（按 Ctrl+K 选择）</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%2 上的 %1</translation>
    </message>
    <message>
        <source>%1 on %2 · %3 of GPU memory</source>
        <translation>%1 在 %2 上 · 占用 %3 显存</translation>
    </message>
    <message>
        <source>%1 — will not run here (%2 weights)</source>
        <translation>%1 — 无法在此运行（%2 权重）</translation>
    </message>
</context>
<context>
    <name>hearth::ui::ConversationSettingsDialog</name>
    <message>
        <source>Chat Settings</source>
        <translation>对话设置</translation>
    </message>
    <message>
        <source>For example: You are a careful assistant. Answer in Chinese.</source>
        <translation>例如：你是一个严谨的助手。请用中文回答。</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Precise</source>
        <translation>精确</translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation>均衡</translation>
    </message>
    <message>
        <source>Creative</source>
        <translation>创意</translation>
    </message>
    <message>
        <source>0 always picks the most likely word; higher values give more varied answers.</source>
        <translation>0 总是选择最可能的词；数值越高，回答越多样。</translation>
    </message>
    <message>
        <source>Sample only from the most likely words that together make up this share.</source>
        <translation>只从累计概率达到此比例的最可能的词中采样。</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>The same seed, question and settings give the same answer.</source>
        <translation>相同的种子、问题和设置会得到相同的回答。</translation>
    </message>
    <message>
        <source>System prompt:</source>
        <translation>系统提示词：</translation>
    </message>
    <message>
        <source>Preset:</source>
        <translation>预设：</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>温度：</translation>
    </message>
    <message>
        <source>Top-p:</source>
        <translation>Top-p：</translation>
    </message>
    <message>
        <source>Maximum answer length (tokens):</source>
        <translation>回答最大长度（token）：</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>种子：</translation>
    </message>
    <message>
        <source>The context length is chosen when a model is loaded, in Settings.</source>
        <translation>上下文长度在加载模型时确定，可在“设置”中修改。</translation>
    </message>
    <message>
        <source>Model default</source>
        <translation>模型默认</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>How long a reasoning model such as gpt-oss thinks before it answers. Other models ignore it.</source>
        <translation>gpt-oss 等推理模型在回答前思考多久。其他模型会忽略此项。</translation>
    </message>
    <message>
        <source>Reasoning effort:</source>
        <translation>推理强度：</translation>
    </message>
</context>
<context>
    <name>hearth::ui::DiscoverPage</name>
    <message>
        <source>&amp;GGUF files only</source>
        <translation>仅 &amp;GGUF 文件</translation>
    </message>
    <message>
        <source>Search the hub: Qwen2.5 7B, Llama 3.1, coder…</source>
        <translation>搜索模型仓库：Qwen2.5 7B、Llama 3.1、coder……</translation>
    </message>
    <message>
        <source>Hearth runs GGUF files; other repositories need converting first</source>
        <translation>Hearth 运行 GGUF 文件；其他仓库需要先转换</translation>
    </message>
    <message>
        <source>Text generation</source>
        <translation>文本生成</translation>
    </message>
    <message>
        <source>Any task</source>
        <translation>任意任务</translation>
    </message>
    <message>
        <source>Most downloaded</source>
        <translation>下载最多</translation>
    </message>
    <message>
        <source>Most liked</source>
        <translation>点赞最多</translation>
    </message>
    <message>
        <source>Recently updated</source>
        <translation>最近更新</translation>
    </message>
    <message>
        <source>Any use</source>
        <translation>任意用途</translation>
    </message>
    <message>
        <source>Which recommended models to list</source>
        <translation>列出哪些推荐模型</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>搜索(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Recommended</source>
        <translation>推荐(&amp;R)</translation>
    </message>
    <message>
        <source>The models Hearth recommends, chosen for private deployments</source>
        <translation>Hearth 为私有化部署挑选的推荐模型</translation>
    </message>
    <message>
        <source>Recommended for private deployments:</source>
        <translation>私有化部署推荐：</translation>
    </message>
    <message>
        <source>Searching %1…</source>
        <translation>正在搜索 %1……</translation>
    </message>
    <message>
        <source>Nothing found: try other words, or fewer filters.</source>
        <translation>未找到：请换个关键词，或减少筛选条件。</translation>
    </message>
    <message>
        <source>Cannot Download</source>
        <translation>无法下载</translation>
    </message>
    <message>
        <source>%1 %2 is in the download queue; it enters the library once verified.</source>
        <translation>%1 %2 已加入下载队列；校验通过后即加入模型库。</translation>
    </message>
    <message>
        <source>Any library</source>
        <translation>任意库</translation>
    </message>
    <message>
        <source>The library the repository is made for, as the hub lists it</source>
        <translation>仓库适用的库（以模型仓库所列为准）</translation>
    </message>
    <message>
        <source>%1 is downloaded, verified and in the library: double-click it below to chat with it.</source>
        <translation>%1 已下载、校验并加入模型库：在下方双击即可与它对话。</translation>
    </message>
    <message numerus="yes">
        <source>Models found: %n</source>
        <translation>
            <numerusform>找到模型：%n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>Converting %1 to GGUF…</source>
        <translation>正在把 %1 转换为 GGUF……</translation>
    </message>
    <message>
        <source>%1 is converted and in the library; quantize it in Models for a smaller file.</source>
        <translation>%1 已转换并加入模型库；在“模型”中量化可得到更小的文件。</translation>
    </message>
    <message>
        <source>%1 could not be converted: %2</source>
        <translation>%1 无法转换：%2</translation>
    </message>
    <message>
        <source>%1&apos;s checkpoint is in the download queue; it is converted to GGUF once every file is verified.</source>
        <translation>%1 的检查点已加入下载队列；所有文件校验通过后即转换为 GGUF。</translation>
    </message>
</context>
<context>
    <name>hearth::ui::DownloadsPanel</name>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>Sooner</source>
        <translation>提前</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>推后</translation>
    </message>
    <message>
        <source>Start the selected files before the others waiting</source>
        <translation>让所选文件先于其他等待中的文件开始</translation>
    </message>
    <message>
        <source>Let the other waiting files go first</source>
        <translation>让其他等待中的文件先开始</translation>
    </message>
    <message>
        <source>Clear &amp;Finished</source>
        <translation>清除已完成(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)……</translation>
    </message>
    <message>
        <source>Bring models in from a disk or a share, without a network</source>
        <translation>无需网络，从磁盘或共享目录导入模型</translation>
    </message>
    <message>
        <source>Nothing downloading</source>
        <translation>没有正在进行的下载</translation>
    </message>
    <message>
        <source>Double-click a finished download to chat with it</source>
        <translation>双击已完成的下载即可与该模型对话</translation>
    </message>
    <message numerus="yes">
        <source>Files to go: %n · %1 · %2 · %3 left</source>
        <translation>
            <numerusform>待下载文件：%n 个 · %1 · %2 · 剩余 %3</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>hearth::ui::EndpointDialog</name>
    <message>
        <source>OpenAI-Compatible Endpoint</source>
        <translation>OpenAI 兼容端点</translation>
    </message>
    <message>
        <source>Team cluster</source>
        <translation>团队集群</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Address (up to /v1):</source>
        <translation>地址（到 /v1 为止）：</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>API 密钥：</translation>
    </message>
    <message>
        <source>vLLM, another Hearth, Ollama (http://host:11434/v1) or any server that speaks OpenAI&apos;s chat completions. Questions go to this server, not to this computer.</source>
        <translation>vLLM、另一台 Hearth、Ollama（http://host:11434/v1）或任何支持 OpenAI 聊天补全接口的服务器。问题会发送到该服务器，而不是在本机处理。</translation>
    </message>
</context>
<context>
    <name>hearth::ui::GpuFitTableModel</name>
    <message>
        <source>%1 (this machine)</source>
        <translation>%1（本机）</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>none fits</source>
        <translation>均装不下</translation>
    </message>
    <message>
        <source>%1 usable after headroom</source>
        <translation>扣除余量后可用 %1</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>显存</translation>
    </message>
    <message>
        <source>Fits</source>
        <translation>装得下</translation>
    </message>
    <message>
        <source>Max context</source>
        <translation>最大上下文</translation>
    </message>
    <message>
        <source>Layers on GPU</source>
        <translation>GPU 上的层数</translation>
    </message>
    <message>
        <source>GPUs (TP)</source>
        <translation>GPU 数（TP）</translation>
    </message>
    <message>
        <source>Best quant</source>
        <translation>最佳量化</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>GPUs of this kind a tensor-parallel deployment needs for the whole model; &quot;none&quot; when no group of up to 64 that divides the attention heads holds it</source>
        <translation>张量并行部署整个模型所需的此型号 GPU 数量；若最多 64 块且能整除注意力头数的任何组合都放不下，则显示“无”</translation>
    </message>
</context>
<context>
    <name>hearth::ui::HubSettingsBox</name>
    <message>
        <source>Downloads</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>A mirror of the hub, such as an internal one or https://hf-mirror.com</source>
        <translation>模型仓库的镜像，例如内部镜像或 https://hf-mirror.com</translation>
    </message>
    <message>
        <source>hf_… for gated models such as Llama</source>
        <translation>hf_……，用于 Llama 等需授权访问的模型</translation>
    </message>
    <message>
        <source>The system&apos;s (http_proxy)</source>
        <translation>系统代理（http_proxy）</translation>
    </message>
    <message>
        <source>None</source>
        <translation>不使用</translation>
    </message>
    <message>
        <source>This one:</source>
        <translation>使用此代理：</translation>
    </message>
    <message>
        <source>Proxy password, if it asks for one</source>
        <translation>代理密码（如需要）</translation>
    </message>
    <message>
        <source>HF_ENDPOINT is set to %1 and is used instead of the address above.</source>
        <translation>已设置 HF_ENDPOINT 为 %1，将代替上面的地址使用。</translation>
    </message>
    <message>
        <source>Hub or mirror:</source>
        <translation>仓库或镜像：</translation>
    </message>
    <message>
        <source>Access token:</source>
        <translation>访问令牌：</translation>
    </message>
    <message>
        <source>Proxy:</source>
        <translation>代理：</translation>
    </message>
    <message>
        <source>Downloads at once:</source>
        <translation>同时下载数：</translation>
    </message>
    <message>
        <source>Removed.</source>
        <translation>已移除。</translation>
    </message>
    <message>
        <source>Kept in the system&apos;s keyring.</source>
        <translation>已保存在系统密钥环中。</translation>
    </message>
    <message>
        <source>No keyring answered: kept in a file only you can read (%1).</source>
        <translation>没有可用的密钥环：已保存在仅你可读的文件中（%1）。</translation>
    </message>
    <message>
        <source>&amp;Forget</source>
        <translation>忘记(&amp;F)</translation>
    </message>
    <message>
        <source>Remove the kept token</source>
        <translation>移除已保存的令牌</translation>
    </message>
    <message>
        <source>A token is kept; type a new one to replace it</source>
        <translation>已保存令牌；输入新令牌即可替换</translation>
    </message>
</context>
<context>
    <name>hearth::ui::ImportDialog</name>
    <message>
        <source>&amp;Link them where they are</source>
        <translation>在原位置链接(&amp;L)</translation>
    </message>
    <message>
        <source>Import Models</source>
        <translation>导入模型</translation>
    </message>
    <message>
        <source>Add &amp;Files…</source>
        <translation>添加文件(&amp;F)……</translation>
    </message>
    <message>
        <source>Add F&amp;older…</source>
        <translation>添加文件夹(&amp;O)……</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <source>Optional: a SHA256SUMS file that came with the models</source>
        <translation>可选：随模型附带的 SHA256SUMS 文件</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)……</translation>
    </message>
    <message>
        <source>&amp;Copy them into the models folder</source>
        <translation>复制到模型文件夹(&amp;C)</translation>
    </message>
    <message>
        <source>Checksum list:</source>
        <translation>校验清单：</translation>
    </message>
    <message>
        <source>Into:</source>
        <translation>目标位置：</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>GGUF files, or folders of them — from a USB disk or a share. A split model&apos;s first part brings the others.</source>
        <translation>GGUF 文件或包含它们的文件夹——来自 U 盘或共享目录。选择分片模型的第一部分会一并带上其余部分。</translation>
    </message>
    <message>
        <source>Import Model Files</source>
        <translation>导入模型文件</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <source>Import a Folder of Models</source>
        <translation>导入模型文件夹</translation>
    </message>
    <message>
        <source>Checksum List</source>
        <translation>校验清单</translation>
    </message>
    <message>
        <source>%p % — %1</source>
        <translation>%p% — %1</translation>
    </message>
    <message>
        <source>✓ %1</source>
        <translation>✓ %1</translation>
    </message>
    <message>
        <source>✗ %1</source>
        <translation>✗ %1</translation>
    </message>
    <message>
        <source>No GGUF files were found.</source>
        <translation>未找到 GGUF 文件。</translation>
    </message>
    <message>
        <source>Add files or folders to import first.</source>
        <translation>请先添加要导入的文件或文件夹。</translation>
    </message>
</context>
<context>
    <name>hearth::ui::KeyDialog</name>
    <message>
        <source>a team or a service, such as &quot;data team&quot;</source>
        <translation>团队或服务，例如“数据团队”</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Requests per minute:</source>
        <translation>每分钟请求数(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Tokens per minute:</source>
        <translation>每分钟 token 数(&amp;T)：</translation>
    </message>
    <message>
        <source>Requests beyond a limit are answered 429 with the seconds to wait.</source>
        <translation>超出限额的请求会收到 429，并告知需等待的秒数。</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>API key for %1</source>
        <translation>%1 的 API 密钥</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <source>Copy the key now and give it to its holder: Hearth keeps only a salted hash of it and cannot show it again.</source>
        <translation>请立即复制密钥并交给其持有者：Hearth 只保存它的加盐哈希，之后无法再次显示。</translation>
    </message>
</context>
<context>
    <name>hearth::ui::LoadTestPanel</name>
    <message>
        <source>&amp;Run load test</source>
        <translation>运行压力测试(&amp;R)</translation>
    </message>
    <message>
        <source>when the server needs one</source>
        <translation>服务器需要时填写</translation>
    </message>
    <message>
        <source>Server &amp;address:</source>
        <translation>服务器地址(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>API 密钥(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;Concurrent requests:</source>
        <translation>并发请求数(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Requests in all:</source>
        <translation>请求总数(&amp;R)：</translation>
    </message>
    <message>
        <source>Longest &amp;answer (tokens):</source>
        <translation>最长回答（token）(&amp;A)：</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Time to first token</source>
        <translation>首 token 时间</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>Give the server&apos;s address (such as http://127.0.0.1:8080/v1) and the model&apos;s name.</source>
        <translation>请填写服务器地址（例如 http://127.0.0.1:8080/v1）和模型名称。</translation>
    </message>
    <message>
        <source>Sending %1 requests, %2 at a time…</source>
        <translation>正在发送 %1 个请求，每次 %2 个…</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 of %2 requests succeeded&lt;/b&gt; (error rate %3 %) in %4&lt;br&gt;Throughput: %5 requests/s · %6 tokens/s in all&lt;br&gt;Latency: mean %7 · p50 %8 · p95 %9&lt;br&gt;Time to first token: %10 · tokens/s per request: %11</source>
        <translation>&lt;b&gt;%2 个请求中 %1 个成功&lt;/b&gt;（错误率 %3 %），用时 %4&lt;br&gt;吞吐量：%5 请求/秒 · 总计 %6 token/秒&lt;br&gt;延迟：平均 %7 · p50 %8 · p95 %9&lt;br&gt;首 token 时间：%10 · 每请求 token/秒：%11</translation>
    </message>
    <message>
        <source>First error: %1</source>
        <translation>首个错误：%1</translation>
    </message>
</context>
<context>
    <name>hearth::ui::MainWindow</name>
    <message>
        <source>Hearth</source>
        <translation>Hearth</translation>
    </message>
    <message>
        <source>Planner</source>
        <translation>规划器</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>%1 (Ctrl+%2)</source>
        <translation>%1（Ctrl+%2）</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open Model File…</source>
        <translation>打开模型文件(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Export Cluster Deployment…</source>
        <translation>导出集群部署(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Hearth</source>
        <translation>关于 Hearth(&amp;A)</translation>
    </message>
    <message>
        <source>About Hearth</source>
        <translation>关于 Hearth</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Hearth %1&lt;/h3&gt;&lt;p&gt;Host large language models privately on your own workstation: plan, download, quantize, chat, and share a local OpenAI-compatible API.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Hearth %1&lt;/h3&gt;&lt;p&gt;在您自己的工作站上私有化部署大语言模型：规划、下载、量化、对话，并共享与 OpenAI 兼容的本地 API。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>&amp;New Chat</source>
        <translation>新建对话(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Plan a Model File…</source>
        <translation>规划模型文件(&amp;P)…</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>&amp;Preferences</source>
        <translation>偏好设置(&amp;P)</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Discover</source>
        <translation>发现</translation>
    </message>
    <message>
        <source>&amp;Import Models…</source>
        <translation>导入模型(&amp;I)……</translation>
    </message>
    <message>
        <source>Chat history not saved</source>
        <translation>聊天记录未保存</translation>
    </message>
</context>
<context>
    <name>hearth::ui::MemoryChart</name>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation>KV 缓存</translation>
    </message>
    <message>
        <source>Compute buffers</source>
        <translation>计算缓冲区</translation>
    </message>
    <message>
        <source>Runtime overhead</source>
        <translation>运行时开销</translation>
    </message>
    <message>
        <source>GPU memory (usable)</source>
        <translation>GPU 显存（可用）</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>Quick estimate</source>
        <translation>快速估算</translation>
    </message>
    <message>
        <source>Exact plan</source>
        <translation>精确规划</translation>
    </message>
    <message>
        <source>GiB</source>
        <translation>GiB</translation>
    </message>
    <message>
        <source>Memory on %1</source>
        <translation>%1 上的显存占用</translation>
    </message>
</context>
<context>
    <name>hearth::ui::MessageView</name>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>▾ Hide reasoning</source>
        <translation>▾ 隐藏推理过程</translation>
    </message>
    <message numerus="yes">
        <source>▸ Show reasoning (%n words)</source>
        <translation>
            <numerusform>▸ 显示推理过程（%n 个词）</numerusform>
        </translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>正在撰写…</translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation>正在思考…</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy code</source>
        <translation>复制代码</translation>
    </message>
    <message>
        <source>Copy code %1</source>
        <translation>复制代码 %1</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message numerus="yes">
        <source>%n tokens</source>
        <translation>
            <numerusform>%n 个 token</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 token/秒</translation>
    </message>
    <message>
        <source>first token after %1 s</source>
        <translation>首个 token 用时 %1 秒</translation>
    </message>
    <message>
        <source>prompt %1 tokens (%2 reused)</source>
        <translation>提示词 %1 个 token（复用 %2 个）</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>reached the token limit</source>
        <translation>已达到 token 上限</translation>
    </message>
    <message>
        <source>the context is full</source>
        <translation>上下文已满</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>失败：%1</translation>
    </message>
</context>
<context>
    <name>hearth::ui::ModelsPage</name>
    <message>
        <source>Add File…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <source>Scan Folder…</source>
        <translation>扫描文件夹…</translation>
    </message>
    <message>
        <source>Find every GGUF file in a folder and its subfolders (LM Studio&apos;s and Ollama&apos;s too)</source>
        <translation>查找文件夹及其子文件夹中的所有 GGUF 文件（包括 LM Studio 和 Ollama 的文件夹）</translation>
    </message>
    <message>
        <source>Load in Chat</source>
        <translation>在对话中加载</translation>
    </message>
    <message>
        <source>Remove from Library</source>
        <translation>从模型库中移除</translation>
    </message>
    <message>
        <source>Delete File…</source>
        <translation>删除文件…</translation>
    </message>
    <message>
        <source>Show in Folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <source>Filter models</source>
        <translation>筛选模型</translation>
    </message>
    <message>
        <source>&lt;h3&gt;No models yet&lt;/h3&gt;&lt;p&gt;Add a GGUF file, scan a folder of them (LM Studio&apos;s or Ollama&apos;s models folder works), or drop files here.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;还没有模型&lt;/h3&gt;&lt;p&gt;添加一个 GGUF 文件、扫描存放 GGUF 文件的文件夹（LM Studio 或 Ollama 的模型文件夹也可以），或将文件拖放到这里。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Not added: %1</source>
        <translation>未添加：%1</translation>
    </message>
    <message numerus="yes">
        <source>Found %n model(s) in %1.</source>
        <translation>
            <numerusform>在 %1 中找到 %n 个模型。</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading model files…</source>
        <translation>正在读取模型文件…</translation>
    </message>
    <message>
        <source>Add Model Files</source>
        <translation>添加模型文件</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Scan a Folder for Models</source>
        <translation>扫描文件夹中的模型</translation>
    </message>
    <message>
        <source>%1 is gone from %2.</source>
        <translation>%1 已不在 %2。</translation>
    </message>
    <message>
        <source>Delete Model File</source>
        <translation>删除模型文件</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Family</source>
        <translation>系列</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Trained context</source>
        <translation>训练上下文长度</translation>
    </message>
    <message>
        <source>computing… %1%</source>
        <translation>正在计算… %1%</translation>
    </message>
    <message>
        <source>not computed yet</source>
        <translation>尚未计算</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>On this machine (%1-token context)</source>
        <translation>在本机上（%1 token 上下文）</translation>
    </message>
    <message>
        <source>Cannot read the file: %1</source>
        <translation>无法读取文件：%1</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>聊天模板</translation>
    </message>
    <message>
        <source>Metadata</source>
        <translation>元数据</translation>
    </message>
    <message>
        <source>Reading the file&apos;s metadata…</source>
        <translation>正在读取文件的元数据…</translation>
    </message>
    <message>
        <source>Scanning %1…</source>
        <translation>正在扫描 %1…</translation>
    </message>
    <message>
        <source>Memory at %1 tokens</source>
        <translation>%1 token 时的内存</translation>
    </message>
    <message>
        <source>weights %1 GiB + KV cache %2 GiB + buffers %3 GiB + runtime %4 GiB = %5 GiB</source>
        <translation>权重 %1 GiB + KV 缓存 %2 GiB + 缓冲区 %3 GiB + 运行时 %4 GiB = %5 GiB</translation>
    </message>
    <message>
        <source>Delete %1 (%2) from disk? This cannot be undone.

%3</source>
        <translation>从磁盘删除 %1（%2）？此操作无法撤销。

%3</translation>
    </message>
    <message>
        <source>Quantize…</source>
        <translation>量化……</translation>
    </message>
    <message>
        <source>Write the model in fewer bits, and measure what that costs</source>
        <translation>用更少的位数写出模型，并衡量其代价</translation>
    </message>
    <message>
        <source>Convert Checkpoint…</source>
        <translation>转换检查点……</translation>
    </message>
    <message>
        <source>Turn a Hugging Face checkpoint (safetensors) into a GGUF model</source>
        <translation>把 Hugging Face 检查点（safetensors）转换为 GGUF 模型</translation>
    </message>
    <message>
        <source>Convert a Hugging Face Checkpoint</source>
        <translation>转换 Hugging Face 检查点</translation>
    </message>
    <message>
        <source>Converting %1…</source>
        <translation>正在转换 %1……</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Convert</source>
        <translation>转换</translation>
    </message>
    <message>
        <source>Converted to %1 in %2 s; quantize it for a smaller file.</source>
        <translation>已转换为 %1，用时 %2 秒；量化后文件会更小。</translation>
    </message>
    <message>
        <source>Could not convert: %1</source>
        <translation>无法转换：%1</translation>
    </message>
    <message>
        <source>Conversion stopped; nothing was written.</source>
        <translation>转换已停止；未写入任何文件。</translation>
    </message>
</context>
<context>
    <name>hearth::ui::PlannerPage</name>
    <message>
        <source>Open GGUF…</source>
        <translation>打开 GGUF…</translation>
    </message>
    <message>
        <source>Plan for a model file on this machine (Ctrl+O)</source>
        <translation>为本机上的模型文件进行规划（Ctrl+O）</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> 个 token</translation>
    </message>
    <message>
        <source>Sequences decoded in parallel: chat users or API requests at once</source>
        <translation>并行解码的序列数：即同时进行的聊天用户或 API 请求数</translation>
    </message>
    <message>
        <source>F16 (exact)</source>
        <translation>F16（精确）</translation>
    </message>
    <message>
        <source>Q8_0 (half the memory)</source>
        <translation>Q8_0（显存减半）</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Quantization:</source>
        <translation>量化(&amp;Q)：</translation>
    </message>
    <message>
        <source>&amp;Context:</source>
        <translation>上下文(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Batch:</source>
        <translation>批大小(&amp;B)：</translation>
    </message>
    <message>
        <source>&amp;KV cache:</source>
        <translation>KV 缓存(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;GPU:</source>
        <translation>GPU(&amp;G)：</translation>
    </message>
    <message>
        <source>Plan for</source>
        <translation>规划对象</translation>
    </message>
    <message>
        <source>Weights:</source>
        <translation>权重：</translation>
    </message>
    <message>
        <source>KV cache:</source>
        <translation>KV 缓存：</translation>
    </message>
    <message>
        <source>Compute buffers:</source>
        <translation>计算缓冲区：</translation>
    </message>
    <message>
        <source>Runtime overhead:</source>
        <translation>运行时开销：</translation>
    </message>
    <message>
        <source>&lt;b&gt;Total:&lt;/b&gt;</source>
        <translation>&lt;b&gt;总计：&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Quick estimate (guide):</source>
        <translation>快速估算（指南）：</translation>
    </message>
    <message>
        <source>Export Cluster Deployment…</source>
        <translation>导出集群部署…</translation>
    </message>
    <message>
        <source>Write a vLLM launch script, docker-compose.yml and nginx.conf for this plan (Ctrl+E)</source>
        <translation>为此规划生成 vLLM 启动脚本、docker-compose.yml 和 nginx.conf（Ctrl+E）</translation>
    </message>
    <message>
        <source>Memory needed</source>
        <translation>所需显存</translation>
    </message>
    <message>
        <source>%1 (file)</source>
        <translation>%1（文件）</translation>
    </message>
    <message>
        <source>%1 (cluster only)</source>
        <translation>%1（仅限集群）</translation>
    </message>
    <message>
        <source>As stored (%1)</source>
        <translation>与文件相同（%1）</translation>
    </message>
    <message>
        <source>%1 — %2 bits per weight</source>
        <translation>%1 — 每个权重 %2 位</translation>
    </message>
    <message>
        <source>%1 (this machine)</source>
        <translation>%1（本机）</translation>
    </message>
    <message>
        <source>Open a Model File</source>
        <translation>打开模型文件</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#c92a2a&apos;&gt;Cannot plan for this file: %1&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#c92a2a&apos;&gt;无法为此文件进行规划：%1&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <source>%1 GiB</source>
        <translation>%1 GiB</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#2b8a3e&apos;&gt;Fits&lt;/b&gt; on %1, with up to %2 tokens of context. Best quantization: %3.</source>
        <translation>%1 &lt;b style=&apos;color:#2b8a3e&apos;&gt;装得下&lt;/b&gt;此模型，上下文最长可达 %2 个 token。最佳量化：%3。</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#c92a2a&apos;&gt;Does not fit&lt;/b&gt; on one %1: %2 of %3 layers fit (partial offload), or serve it on %4 GPUs with vLLM.</source>
        <translation>单个 %1 &lt;b style=&apos;color:#c92a2a&apos;&gt;装不下&lt;/b&gt;：%3 层中可装入 %2 层（部分卸载），或使用 vLLM 在 %4 个 GPU 上提供服务。</translation>
    </message>
    <message>
        <source>Export a Cluster Deployment Into</source>
        <translation>选择集群部署的导出目录</translation>
    </message>
    <message>
        <source>Export Failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Cluster Deployment Exported</source>
        <translation>集群部署已导出</translation>
    </message>
    <message>
        <source>Wrote %1 files into %2. README.txt there says what to do next.</source>
        <translation>已将 %1 个文件写入 %2。请参阅其中的 README.txt 了解后续步骤。</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#c92a2a&apos;&gt;Does not fit&lt;/b&gt; on any tensor-parallel group of %1: choose a smaller quantization.</source>
        <translation>任何 %1 张量并行组都&lt;b style=&apos;color:#c92a2a&apos;&gt;装不下&lt;/b&gt;此模型：请选择更小的量化。</translation>
    </message>
    <message>
        <source>Hearth&apos;s engine does not run the %1 architecture. Export a vLLM deployment for %2 × %3.</source>
        <translation>Hearth 的引擎不运行 %1 架构。请导出一个 %2 × %3 的 vLLM 部署。</translation>
    </message>
</context>
<context>
    <name>hearth::ui::QualityChart</name>
    <message>
        <source>KL divergence from the original (lower is better)</source>
        <translation>与原模型的 KL 散度（越低越好）</translation>
    </message>
    <message>
        <source>KL divergence</source>
        <translation>KL 散度</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>hearth::ui::QuantizeDialog</name>
    <message>
        <source>&amp;Measure what each costs against the original, on this text:</source>
        <translation>在这段文本上衡量每种量化相对原模型的代价(&amp;M)：</translation>
    </message>
    <message>
        <source>Quantize %1</source>
        <translation>量化 %1</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>On this machine (%1-token context)</source>
        <translation>在本机上（%1 token 上下文）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览……</translation>
    </message>
    <message>
        <source>A plain-text file: a few thousand words of what the model will be used for</source>
        <translation>纯文本文件：几千字、与模型用途相关的内容</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择……</translation>
    </message>
    <message>
        <source> chunks of %1 tokens</source>
        <translation> 块（每块 %1 个 token）</translation>
    </message>
    <message>
        <source>More chunks measure more precisely and take longer</source>
        <translation>块越多，测得越准，耗时也越长</translation>
    </message>
    <message>
        <source>Write into:</source>
        <translation>写入到：</translation>
    </message>
    <message>
        <source>Text:</source>
        <translation>文本：</translation>
    </message>
    <message>
        <source>At most:</source>
        <translation>最多：</translation>
    </message>
    <message>
        <source>&amp;Quantize</source>
        <translation>量化(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>导出 CSV(&amp;E)……</translation>
    </message>
    <message>
        <source>Fewer bits make the file smaller and faster, and cost some quality. A larger model quantized often beats a smaller one at full precision.</source>
        <translation>位数越少，文件越小、速度越快，但会损失一些质量。量化后的大模型往往胜过全精度的小模型。</translation>
    </message>
    <message>
        <source>Write Into</source>
        <translation>写入到</translation>
    </message>
    <message>
        <source>Text to Measure With</source>
        <translation>用于衡量的文本</translation>
    </message>
    <message>
        <source>Text files (*.txt *.md);;All files (*)</source>
        <translation>文本文件 (*.txt *.md);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Export the Report</source>
        <translation>导出报告</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>正在写入 %1……</translation>
    </message>
    <message>
        <source>Wrote %1 in %2 s.</source>
        <translation>已写入 %1，用时 %2 秒。</translation>
    </message>
    <message>
        <source>Stopped; nothing half-written was kept.</source>
        <translation>已停止；未保留任何写了一半的文件。</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>The file already has this type</source>
        <translation>文件已是此类型</translation>
    </message>
    <message>
        <source>Check the types to write first.</source>
        <translation>请先勾选要写出的类型。</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
    <message>
        <source>Cannot read the text %1: %2</source>
        <translation>无法读取文本 %1：%2</translation>
    </message>
    <message>
        <source>original</source>
        <translation>原模型</translation>
    </message>
    <message>
        <source>Measuring %1…</source>
        <translation>正在衡量 %1……</translation>
    </message>
    <message>
        <source>Done: the new files are in the library.</source>
        <translation>完成：新文件已加入模型库。</translation>
    </message>
    <message>
        <source>Columns the text&apos;s activations make large keep more precision (llama.cpp&apos;s imatrix). Best with a text like the model&apos;s real use.</source>
        <translation>文本激活值大的列会保留更多精度（llama.cpp 的 imatrix）。文本越接近模型的实际用途，效果越好。</translation>
    </message>
    <message>
        <source>&amp;Weigh by an importance matrix computed from the text (IQ1–IQ3 need one)</source>
        <translation>按根据文本计算的重要性矩阵加权(&amp;W)（IQ1–IQ3 必须使用）</translation>
    </message>
    <message>
        <source>Needs an importance matrix: check “Weigh by an importance matrix” and choose a text</source>
        <translation>需要重要性矩阵：请勾选“按重要性矩阵加权”并选择一个文本</translation>
    </message>
    <message>
        <source>%1 needs an importance matrix: without one its 1- to 3-bit grid gives garbage. Check “Weigh by an importance matrix” and choose a text like the model&apos;s real use.</source>
        <translation>%1 需要重要性矩阵：没有它，1 到 3 位的网格只会产生无意义的结果。请勾选“按重要性矩阵加权”，并选择一个与模型实际用途相近的文本。</translation>
    </message>
</context>
<context>
    <name>hearth::ui::RepositoryPanel</name>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>On this machine (4096-token context)</source>
        <translation>在本机上（4096 token 上下文）</translation>
    </message>
    <message>
        <source>&amp;Files</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Model &amp;card</source>
        <translation>模型卡片(&amp;C)</translation>
    </message>
    <message>
        <source>config.&amp;json</source>
        <translation>config.&amp;json</translation>
    </message>
    <message>
        <source>This repository has no model card.</source>
        <translation>此仓库没有模型卡片。</translation>
    </message>
    <message>
        <source>No config.json found in the repository or its base model.</source>
        <translation>仓库及其基础模型中都没有找到 config.json。</translation>
    </message>
    <message>
        <source>// from the base model %1
</source>
        <translation>// 来自基础模型 %1
</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Choose a model&lt;/h3&gt;Recommended models are listed first; search the hub for others.</source>
        <translation>&lt;h3&gt;选择一个模型&lt;/h3&gt;推荐模型排在最前；其他模型可在模型仓库中搜索。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载……</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n parts)</source>
        <translation>
            <numerusform>%1（%n 个分片）</numerusform>
        </translation>
    </message>
    <message>
        <source>Not judged: the model&apos;s shape is not known</source>
        <translation>无法判断：模型结构未知</translation>
    </message>
    <message>
        <source>no SHA-256 from the hub</source>
        <translation>仓库未提供 SHA-256</translation>
    </message>
    <message>
        <source>SHA-256 %1</source>
        <translation>SHA-256 %1</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>This repository has no GGUF files and no safetensors checkpoint Hearth can convert.</source>
        <translation>此仓库没有 GGUF 文件，也没有 Hearth 能转换的 safetensors 检查点。</translation>
    </message>
    <message>
        <source>Checkpoint → GGUF F16</source>
        <translation>检查点 → GGUF F16</translation>
    </message>
    <message>
        <source>The safetensors checkpoint, downloaded and converted to a GGUF file</source>
        <translation>下载 safetensors 检查点并转换为 GGUF 文件</translation>
    </message>
    <message>
        <source>Download and Convert</source>
        <translation>下载并转换</translation>
    </message>
    <message>
        <source>Will not run: this version of Hearth cannot compute with %1 weights</source>
        <translation>无法运行：此版本的 Hearth 无法用 %1 权重计算</translation>
    </message>
    <message>
        <source>%1 (weight types not checked)</source>
        <translation>%1（未检查权重类型）</translation>
    </message>
    <message>
        <source>%1 (checking weight types…)</source>
        <translation>%1（正在检查权重类型…）</translation>
    </message>
    <message>
        <source>The file&apos;s header lists tensors in a weight format this version of Hearth does not run. Update Hearth, or choose a common quantization (Q4_K_M, Q5_K_M, Q6_K, Q8_0).</source>
        <translation>该文件的文件头列出了此版本 Hearth 无法运行的权重格式的张量。请更新 Hearth，或选择常见量化（Q4_K_M、Q5_K_M、Q6_K、Q8_0）。</translation>
    </message>
    <message>
        <source>Will not run: this version of Hearth does not run the %1 architecture</source>
        <translation>无法运行：此版本的 Hearth 不运行 %1 架构</translation>
    </message>
    <message>
        <source>The file&apos;s header names a model architecture this version of Hearth does not run. Update Hearth, or serve the model on a vLLM cluster (Planner → Export Cluster Deployment…).</source>
        <translation>文件头中写明的模型架构此版本的 Hearth 不运行。请更新 Hearth，或在 vLLM 集群上部署此模型（规划器 → 导出集群部署…）。</translation>
    </message>
</context>
<context>
    <name>hearth::ui::ServerPage</name>
    <message>
        <source>&amp;Options</source>
        <translation>选项(&amp;O)</translation>
    </message>
    <message>
        <source>API &amp;keys</source>
        <translation>API 密钥(&amp;K)</translation>
    </message>
    <message>
        <source>Re&amp;quests</source>
        <translation>请求(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Use it</source>
        <translation>使用方法(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Load test</source>
        <translation>压力测试(&amp;L)</translation>
    </message>
    <message>
        <source>Share on the &amp;local network</source>
        <translation>在局域网共享(&amp;L)</translation>
    </message>
    <message>
        <source>Every network of this machine</source>
        <translation>本机的所有网络</translation>
    </message>
    <message>
        <source>none; or origins such as https://notebook.example, or * for any</source>
        <translation>无；或填写来源，例如 https://notebook.example，* 表示任意</translation>
    </message>
    <message>
        <source>&amp;Redact ID, mobile, passport and card numbers in answers</source>
        <translation>在回答中脱敏身份证号、手机号、护照号和银行卡号(&amp;R)</translation>
    </message>
    <message>
        <source>More patterns to redact, one regular expression per line</source>
        <translation>其他需要脱敏的模式，每行一个正则表达式</translation>
    </message>
    <message>
        <source>Keep prompts and answers in the audit &amp;log</source>
        <translation>在审计日志中保存提示词和回答(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <source>Listen &amp;on:</source>
        <translation>监听地址(&amp;O)：</translation>
    </message>
    <message>
        <source>Browser &amp;origins (CORS):</source>
        <translation>浏览器来源（CORS）(&amp;O)：</translation>
    </message>
    <message>
        <source>Own &amp;patterns:</source>
        <translation>自定义模式(&amp;P)：</translation>
    </message>
    <message>
        <source>Without sharing, only programs on this machine reach the server (127.0.0.1). The audit log always keeps each request&apos;s time, key, endpoint, tokens, latency and status.</source>
        <translation>不共享时，只有本机上的程序能访问服务器（127.0.0.1）。审计日志始终记录每个请求的时间、密钥、端点、token 数、延迟和状态。</translation>
    </message>
    <message>
        <source>Not a valid pattern: %1</source>
        <translation>无效的模式：%1</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>&amp;Stop serving</source>
        <translation>停止服务(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Start serving</source>
        <translation>开始服务(&amp;S)</translation>
    </message>
    <message>
        <source>Serving at &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>正在 &lt;b&gt;%1&lt;/b&gt; 提供服务</translation>
    </message>
    <message numerus="yes">
        <source>%n API key(s) accepted</source>
        <translation>
            <numerusform>接受 %n 个 API 密钥</numerusform>
        </translation>
    </message>
    <message>
        <source>no API key needed (this machine only)</source>
        <translation>无需 API 密钥（仅限本机）</translation>
    </message>
    <message>
        <source>no model loaded yet: load one in Chat</source>
        <translation>尚未加载模型：请在“聊天”中加载</translation>
    </message>
    <message>
        <source>model &quot;%1&quot;</source>
        <translation>模型“%1”</translation>
    </message>
    <message>
        <source>Stop and start the server to listen on the new address.</source>
        <translation>请停止并重新启动服务器以监听新地址。</translation>
    </message>
    <message>
        <source>Stopped. Start serving to share the loaded model as an OpenAI-compatible API.</source>
        <translation>已停止。开始服务即可将已加载的模型共享为 OpenAI 兼容的 API。</translation>
    </message>
    <message>
        <source>Stopped: %1</source>
        <translation>已停止：%1</translation>
    </message>
    <message>
        <source>&amp;Export audit log…</source>
        <translation>导出审计日志(&amp;E)…</translation>
    </message>
    <message>
        <source>Every request the server answered, as CSV</source>
        <translation>服务器处理过的每个请求，CSV 格式</translation>
    </message>
    <message>
        <source>Export audit log</source>
        <translation>导出审计日志</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>The live log shows the latest requests; the audit log keeps them all.</source>
        <translation>实时日志显示最近的请求；审计日志保存全部请求。</translation>
    </message>
</context>
<context>
    <name>hearth::ui::SettingsPage</name>
    <message>
        <source>System default (%1)</source>
        <translation>系统默认（%1）</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>Interface</source>
        <translation>界面</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>主题(&amp;T)：</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>温度：</translation>
    </message>
    <message>
        <source>Top-p:</source>
        <translation>Top-p：</translation>
    </message>
    <message>
        <source>Maximum answer length (tokens):</source>
        <translation>回答最大长度（token）：</translation>
    </message>
    <message>
        <source>A chat&apos;s own settings (Chat settings) override these.</source>
        <translation>对话自己的设置（对话设置）会覆盖这些值。</translation>
    </message>
    <message>
        <source>New chats</source>
        <translation>新对话</translation>
    </message>
    <message numerus="yes">
        <source>Automatic (%n cores)</source>
        <translation>
            <numerusform>自动（%n 个核心）</numerusform>
        </translation>
    </message>
    <message>
        <source>The model&apos;s own (at most 8192)</source>
        <translation>使用模型自身的值（最多 8192）</translation>
    </message>
    <message>
        <source>CPU threads:</source>
        <translation>CPU 线程数：</translation>
    </message>
    <message>
        <source>Context length (tokens):</source>
        <translation>上下文长度（token）：</translation>
    </message>
    <message>
        <source>Used the next time a model is loaded.</source>
        <translation>下次加载模型时生效。</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>推理引擎</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Models Folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <source>Models folder:</source>
        <translation>模型文件夹：</translation>
    </message>
    <message>
        <source>Chat history and library:</source>
        <translation>聊天记录和模型库：</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>存储</translation>
    </message>
    <message>
        <source>Compute device:</source>
        <translation>计算设备：</translation>
    </message>
    <message>
        <source>This build of Hearth runs models on the CPU only.</source>
        <translation>此版本的 Hearth 只在 CPU 上运行模型。</translation>
    </message>
    <message>
        <source>No GPU was found (or no NVIDIA driver): models run on the CPU.</source>
        <translation>未找到 GPU（或没有 NVIDIA 驱动）：模型在 CPU 上运行。</translation>
    </message>
    <message>
        <source>Automatic (the GPU when there is one)</source>
        <translation>自动（有 GPU 时用 GPU）</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU %1 (not found)</source>
        <translation>GPU %1（未找到）</translation>
    </message>
    <message>
        <source>GPU %1: %2 (%3, %4 free)</source>
        <translation>GPU %1：%2（%3，可用 %4）</translation>
    </message>
    <message>
        <source>GPU %1 (checking…)</source>
        <translation>GPU %1（正在检测…）</translation>
    </message>
</context>
<context>
    <name>hearth::ui::SnippetsPanel</name>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>Start the server to see how teammates reach it.</source>
        <translation>启动服务器后即可看到同事的访问方式。</translation>
    </message>
    <message>
        <source>MODEL</source>
        <translation>模型</translation>
    </message>
</context>
<context>
    <name>hearth::ui::TrafficChart</name>
    <message>
        <source>Tokens/s</source>
        <translation>Token/秒</translation>
    </message>
    <message>
        <source>Requests in progress</source>
        <translation>进行中的请求</translation>
    </message>
    <message>
        <source>Seconds ago</source>
        <translation>秒前</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求数</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Chat history unavailable</source>
        <translation>聊天记录不可用</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Start a fresh history, keeping the old file</source>
        <translation>开始新的历史记录（保留旧文件）</translation>
    </message>
    <message>
        <source>Continue without chat history</source>
        <translation>不使用聊天记录继续</translation>
    </message>
    <message>
        <source>Without it, the Chat area is hidden this time.</source>
        <translation>没有它，本次将隐藏聊天区域。</translation>
    </message>
    <message>
        <source>The damaged history was kept as %1. A new one has been started.</source>
        <translation>已损坏的历史记录已保存为 %1，并已开始新的历史记录。</translation>
    </message>
</context>
</TS>
