#pragma once

#include <QCoreApplication>
#include <QStringList>

class QTextStream;

namespace hearth::app {

// hearth plan --model FILE|CATALOG_ID [--quant Q] [--ctx N] [--batch N]
//             [--kv f16|q8_0] [--gpu NAME] [--export DIR] [--list] [--json]
class PlanCommand {
    Q_DECLARE_TR_FUNCTIONS(PlanCommand)
public:
    static int run(const QStringList& args, QTextStream& out, QTextStream& err);
};

} // namespace hearth::app
