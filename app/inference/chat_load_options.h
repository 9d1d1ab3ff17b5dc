#pragma once

#include "app/inference/local_model.h"

namespace hearth::app {

class Settings;

// How the window loads a model for its chat: the settings' context, threads
// and device (automatic: the first GPU when there is one, a model it cannot
// hold on the CPU), and two KV-cache slots, so that the last chat's history
// stays cached while another is open (each costs a full context).
LocalModel::Options chatLoadOptions(const Settings& settings);

} // namespace hearth::app
