// SPDX-License-Identifier: GPL-3.0-or-later
// Workspace: the Defences tab, a defence on both heads' models, and STRIP
// following the trigger as it is dragged.
#include <algorithm>

#include "defences_panel.h"
#include "gaplab/experiment.h"
#include "gaplab/positions.h"
#include "workspace.h"

namespace gaplab::app {

std::array<std::string, 2> Workspace::modelCheckpoints() const {
  std::array<std::string, 2> checkpoints;  // headSlot order; empty where a head has no model
  for (std::size_t slot = 0; slot < models_.size(); ++slot)
    if (models_[slot]) checkpoints[slot] = models_[slot]->checkpoint;
  return checkpoints;
}

void Workspace::followStrip() {
  if (!lab_ || defenceRunner_.isRunning()) return;
  if (stripFollower_.isRunning()) {  // the previous position's run ends first
    stripFollowDebounce_.start();
    return;
  }
  auto settings = defences_->settings();
  settings.testPositions = {placementToken(lab_->spec(), placement())};
  if (!stripFollowFull_) {  // within the live budget: a few overlays on a few inputs
    settings.strip.overlays = std::min(settings.strip.overlays, 16);
    settings.strip.inputs = 100;
  }
  const auto checkpoints = modelCheckpoints();
  stripFollower_.start(lab_, checkpoints, DefenceMethod::Strip, settings);
}

void Workspace::runDefences() {
  if (defenceRunner_.isRunning() || !lab_) return;
  const auto checkpoints = modelCheckpoints();
  if (checkpoints[0].empty() && checkpoints[1].empty()) {
    defences_->setMessage(tr("Train the models first (Run ▸ Train)."));
    return;
  }
  stripFollower_.cancel();
  auto settings = defences_->settings();
  const auto method = defences_->method();
  if (method == DefenceMethod::Strip) {
    // The trigger where it is now first, then the training position and the spec's test positions.
    const auto here = placementToken(lab_->spec(), placement());
    settings.testPositions = {here};
    for (const auto& p : std::vector<std::string>{lab_->spec().trainPositions.front()})
      if (p != here && !isRandomPlacement(p)) settings.testPositions.push_back(p);
    for (const auto& p : lab_->spec().testPositions)
      if (std::find(settings.testPositions.begin(), settings.testPositions.end(), p) == settings.testPositions.end())
        settings.testPositions.push_back(p);
  }
  for (int slot = 0; slot < 2; ++slot) defences_->setReport(slot, std::nullopt);
  defenceRunner_.start(lab_, checkpoints, method, settings);
  defences_->setRunning(true);
  say(tr("Running the defence on both heads…"));
}

}  // namespace gaplab::app
