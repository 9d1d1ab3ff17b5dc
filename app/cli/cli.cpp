#include "app/cli/cli.h"

#include <QTextStream>

#include <cstring>

#include "app/cli/bench_command.h"
#include "app/cli/convert_command.h"
#include "app/cli/eval_command.h"
#include "app/cli/imatrix_command.h"
#include "app/cli/import_command.h"
#include "app/cli/library_command.h"
#include "app/cli/loadtest_command.h"
#include "app/cli/plan_command.h"
#include "app/cli/pull_command.h"
#include "app/cli/quantize_command.h"
#include "app/cli/run_command.h"
#include "app/cli/serve_command.h"
#include "app/cli/template_command.h"
#include "app/cli/tokenize_command.h"
#include "app/settings/language.h"
#include "app/settings/settings.h"

namespace hearth::app {

namespace {

bool isHelpOrVersion(const char* arg)
{
    for (const char* flag : { "--help", "-h", "--version", "-v" })
        if (std::strcmp(arg, flag) == 0)
            return true;
    return false;
}

} // namespace

bool Cli::wantsCommandLine(int argc, char** argv)
{
    // Qt's own GUI options (-platform, -style) start with a dash: they belong
    // to the window. Anything else is a sub-command, known or not.
    return argc > 1 && (isHelpOrVersion(argv[1]) || argv[1][0] != '-');
}

int Cli::run(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Hearth"));
    QCoreApplication::setApplicationName(QStringLiteral("Hearth"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HEARTH_VERSION));
    installTranslations(app, Settings().language());
    QTextStream out(stdout);
    QTextStream err(stderr);
    auto args = QCoreApplication::arguments();
    args.removeFirst();
    return run(args, out, err);
}

QString Cli::usage()
{
    return tr("Usage: hearth [COMMAND] [OPTIONS]\n"
              "\n"
              "Host large language models privately on this workstation.\n"
              "Without a command, Hearth opens its main window.\n"
              "\n"
              "Commands:\n"
              "  plan      how much memory a model needs, and which GPUs it fits\n"
              "  tokenize  the token ids and pieces of a text, with a model's tokenizer\n"
              "  template  the prompt a model's chat template makes of a conversation\n"
              "  run       generate text with a model: one answer, or a chat in the terminal\n"
              "  bench     how fast a model reads prompts and generates on this machine\n"
              "  serve     share a model as an OpenAI-compatible API\n"
              "  loadtest  measure an OpenAI-compatible server under load\n"
              "  pull      download a model from the hub into the library\n"
              "  import    bring model files from a disk or a share into the library\n"
              "  convert   a Hugging Face checkpoint (safetensors) to a GGUF file\n"
              "  quantize  write a model in another quantization (Q4_K_M, Q8_0, …)\n"
              "  imatrix   an importance matrix from a calibration text, for quantize\n"
              "  eval      what a quantization cost: perplexity and KL divergence\n"
              "  list      the models in the library\n"
              "  rm        remove a model from the library and its file from disk\n"
              "\n"
              "Options:\n"
              "  -h, --help     show this help\n"
              "  -v, --version  show Hearth's version\n"
              "\n"
              "Run \"hearth COMMAND --help\" for a command's options.\n");
}

int Cli::run(const QStringList& args, QTextStream& out, QTextStream& err)
{
    if (args.isEmpty()) {
        err << usage();
        return ExitUsage;
    }
    const auto& command = args.first();
    if (command == QLatin1String("--help") || command == QLatin1String("-h")) {
        out << usage();
        return ExitOk;
    }
    if (command == QLatin1String("--version") || command == QLatin1String("-v")) {
        out << QStringLiteral("hearth %1\n").arg(QStringLiteral(HEARTH_VERSION));
        return ExitOk;
    }
    if (command == QLatin1String("plan"))
        return PlanCommand::run(args.mid(1), out, err);
    if (command == QLatin1String("tokenize"))
        return TokenizeCommand::run(args.mid(1), out, err);
    if (command == QLatin1String("template"))
        return TemplateCommand::run(args.mid(1), out, err);
    if (command == QLatin1String("run"))
        return RunCommand::run(args.mid(1), out, err);
    if (command == QLatin1String("bench"))
        return BenchCommand::run(args.mid(1), out, err);
    if (command == QLatin1String("serve"))
        return ServeCommand::run(args.mid(1), out, err);
    if (command == QLatin1String("loadtest"))
        return LoadtestCommand::run(args.mid(1), out, err);
    if (command == QLatin1String("pull"))
        return PullCommand::run(args.mid(1), out, err);
    if (command == QLatin1String("imatrix"))
        return ImatrixCommand::run(args.mid(1), out, err);
    if (command == QLatin1String("convert"))
        return ConvertCommand::run(args.mid(1), out, err);
    if (command == QLatin1String("eval"))
        return EvalCommand::run(args.mid(1), out, err);
    if (command == QLatin1String("quantize"))
        return QuantizeCommand::run(args.mid(1), out, err);
    if (command == QLatin1String("import"))
        return ImportCommand::run(args.mid(1), out, err);
    if (command == QLatin1String("list"))
        return LibraryCommand::list(args.mid(1), out, err);
    if (command == QLatin1String("rm"))
        return LibraryCommand::remove(args.mid(1), out, err);
    err << tr("hearth: unknown command \"%1\"\n\n").arg(command) << usage();
    return ExitUsage;
}

} // namespace hearth::app
