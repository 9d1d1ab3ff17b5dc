#pragma once

#include <QStringList>

namespace hearth::app {

// Adds the files a command wrote (pulled, imported, quantized, converted)
// to the library the window keeps, waiting until each is read; an empty
// list when every file went in, else "path: why" for each that did not.
// A library that cannot be opened is one such line.
QStringList addToLibrary(const QStringList& paths);

} // namespace hearth::app
