// SPDX-License-Identifier: GPL-3.0-or-later
// Images in the modality registry.
#include <algorithm>

#include "gaplab/checkpoint.h"
#include "gaplab/image_datasets.h"
#include "gaplab/positions.h"
#include "gaplab/trigger.h"
#include "modalities.h"
#include "modality_descriptor.h"

namespace gaplab {

namespace {

// The nine named positions on a 3 x 3 grid: the corner opposite `from`.
std::string oppositeCorner(const std::string& from) {
  const auto& names = namedPositions();
  const auto it = std::find(names.begin(), names.end(), from);
  if (it == names.end()) return from == "lower-right" ? "upper-left" : "lower-right";
  const int index = static_cast<int>(it - names.begin());
  const int row = index / 3, column = index % 3;
  return names[static_cast<std::size_t>((row < 1 ? 2 : 0) * 3 + (column < 1 ? 2 : 0))];
}

}  // namespace

ModalityDescriptor imageDescriptor() {
  ModalityDescriptor d;
  d.modality = Modality::Image;
  d.name = "image";
  d.architectures = {Architecture::Lecture,  Architecture::Strip,          Architecture::AdvDetection,
                     Architecture::TrojaningAttacks, Architecture::Resnet20, Architecture::PreactResnet18,
                     Architecture::Vgg11Bn};
  // mobilenet_v2 is built and counted (tst_deployed_networks) but not offered
  // yet: untrained, its scores differ in the last bits between an input
  // alone and in a batch (tst_row_independence), which no offered model may.
  d.datasets = imageDatasetNames();
  d.namedPlacements = namedPositions();
  d.placementSyntax = "a name (upper-left, middle, ...), \"x:y\" in pixels, or random";
  d.triggerKinds = triggerPatternNames();
  d.farthestPlacement = oppositeCorner;
  d.placementToken = [](const ExperimentSpec&, Placement p) { return toString(p); };
  d.specSections = {patchTriggerSection()};
  d.checkPlacement = [](const std::string& token) {
    if (isRandomPlacement(token)) return;
    constexpr int kLargest = 1 << 20;  // any input: only the token's form is checked here
    resolvePosition(token, kLargest, kLargest, {1, 1});
  };
  d.validateSettings = [](const ExperimentSpec&) {};  // the trigger's size is checked for every spec
  d.readRecord = [](const std::string& checkpoint) -> TrainingRecord { return loadCheckpoint(checkpoint).info; };
  d.open = [](const ExperimentSpec& spec, const Experiment::LoadProgress&) { return openImageExperiment(spec); };
  return d;
}

}  // namespace gaplab
