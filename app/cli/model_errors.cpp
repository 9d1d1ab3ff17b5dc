#include "app/cli/model_errors.h"

#include <QTextStream>

#include <system_error>

#include "app/cli/cli.h"
#include "app/inference/device_text.h"
#include "engine/gguf/gguf_file.h"
#include "engine/model/model_error.h"
#include "engine/runtime/engine.h"
#include "engine/runtime/evaluate.h"
#include "engine/runtime/host_memory.h"
#include "engine/text/chat_template.h"
#include "engine/text/vocabulary.h"

namespace hearth::app {

int runOnModelFile(const QString& command, const QString& model, QTextStream& err, const std::function<void()>& work)
{
    QString message;
    try {
        work();
        return ExitOk;
    } catch (const GgufError& e) {
        message = QString::fromUtf8(e.what()); // already names the file
    } catch (const std::system_error& e) {
        message = QString::fromUtf8(e.what()); // already names the file
    } catch (const TokenizerError& e) {
        message = model + QStringLiteral(": ") + QString::fromUtf8(e.what());
    } catch (const TemplateError& e) {
        message = model + QStringLiteral(": ") + QString::fromUtf8(e.what());
    } catch (const ModelError& e) {
        message = QString::fromUtf8(e.what()); // already names the file
    } catch (const DeviceMemoryError& e) {
        message = DeviceText::outOfMemory(e);
    } catch (const HostMemoryError& e) {
        message = QString::fromUtf8(e.what()); // already names the file
    } catch (const RequestError& e) {
        message = QString::fromUtf8(e.what());
    } catch (const EvalError& e) {
        message = QString::fromUtf8(e.what()); // a text too short for one context, another vocabulary
    } catch (const EvalCancelled& e) {
        message = QString::fromUtf8(e.what()); // Ctrl-C
    }
    err << QStringLiteral("hearth %1: %2\n").arg(command, message);
    return ExitFailure;
}

} // namespace hearth::app
