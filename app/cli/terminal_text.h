#pragma once

#include <QString>

namespace hearth::app {

// Columns a string takes in a terminal: CJK characters take two, combining
// marks none. QString::arg pads by UTF-16 units, which misaligns Chinese tables.
int terminalWidth(const QString& text);

// `text` padded with spaces to `width` columns, on the right (left-aligned) or
// on the left (right-aligned).
QString padLeftAligned(const QString& text, int width);
QString padRightAligned(const QString& text, int width);

} // namespace hearth::app
