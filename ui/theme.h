#pragma once

#include "app/settings/settings.h"

namespace hearth::ui {

// Light or dark palette, or the system's: applied to the running
// application at once.
void applyTheme(app::Settings::Theme theme);

} // namespace hearth::ui
