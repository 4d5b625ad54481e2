// SPDX-License-Identifier: GPL-3.0-or-later
// Workspace: the Defences tab, a defence on both heads' models, and STRIP
// following the trigger as it is dragged.
#include <algorithm>

#include "defences_panel.h"
#include "gaplab/experiment.h"
#include "gaplab/positions.h"
#include "workspace.h"

namespace gaplab::app {

void Workspace::connectDefences() {
  connect(defences_, &DefencesPanel::runRequested, this, &Workspace::runDefences);
  connect(defences_, &DefencesPanel::cancelRequested, &defenceRunner_, &DefenceController::cancel);
  connect(&defenceRunner_, &DefenceController::progress, defences_, &DefencesPanel::setProgress);
  connect(&defenceRunner_, &DefenceController::reportReady, this,
          [this](int slot) { defences_->setReport(slot, defenceRunner_.report(slot)); });
  connect(&defenceRunner_, &DefenceController::finished, this, [this](bool cancelled, const QString& error) {
    defences_->setRunning(false);
    defences_->setMessage(!error.isEmpty() ? tr("The defence failed: %1").arg(error)
                          : cancelled      ? tr("The defence stopped.")
                                           : tr("The defence finished. STRIP follows the trigger as you drag it."));
    say(tr("Defence done."));
    Q_EMIT defencesFinished();
  });
  stripFollowDebounce_.setSingleShot(true);
  stripFollowDebounce_.setInterval(250);
  connect(&stripFollowDebounce_, &QTimer::timeout, this, &Workspace::followStrip);
  connect(&stripFollower_, &DefenceController::reportReady, this, [this](int slot) {
    if (const auto report = stripFollower_.report(slot)) defences_->setFollowedStrip(slot, *report, !stripFollowFull_);
  });
  connect(&stripFollower_, &DefenceController::finished, this, [this](bool cancelled, const QString&) {
    // After the estimate, the full N where the trigger now is (unless it moved again).
    if (!cancelled && !stripFollowFull_ && !stripFollowDebounce_.isActive()) {
      stripFollowFull_ = true;
      followStrip();
    }
  });
}

void Workspace::showInputToDefences() {
  // The reversed triggers are drawn over the input's first channel.
  const int rows = sample_.shape.height, cols = sample_.shape.width;
  std::vector<float> first(sample_.pixels.begin(),
                           sample_.pixels.begin() + std::min<std::size_t>(sample_.pixels.size(), std::size_t(rows) * cols));
  defences_->setCurrentInput(first, rows, cols);
}

void Workspace::stripFollowsTheTrigger() {
  // Once STRIP has run here: an estimate after the drag pauses, then the full N.
  if (!defenceRunner_.hasStripReport()) return;
  stripFollowFull_ = false;
  stripFollower_.cancel();
  stripFollowDebounce_.start();
}

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
    auto& positions = settings.testPositions;
    positions = {placementToken(lab_->spec(), placement())};
    const auto addOnce = [&](const std::string& p) {
      if (std::find(positions.begin(), positions.end(), p) == positions.end()) positions.push_back(p);
    };
    if (const auto& trained = lab_->spec().trainPositions.front(); !isRandomPlacement(trained)) addOnce(trained);
    for (const auto& p : lab_->spec().testPositions) addOnce(p);
  }
  for (int slot = 0; slot < 2; ++slot) defences_->setReport(slot, std::nullopt);
  defenceRunner_.start(lab_, checkpoints, method, settings);
  defences_->setRunning(true);
  say(tr("Running the defence on both heads…"));
}

}  // namespace gaplab::app
