// SPDX-License-Identifier: GPL-3.0-or-later
// gaplab/modality.h's answers, read off the modality registry.
#include "gaplab/modality.h"

#include "gaplab/error.h"
#include "gaplab/positions.h"
#include "modality_descriptor.h"

namespace gaplab {

std::string toString(Modality modality) { return descriptorOf(modality).name; }

const std::vector<Modality>& allModalities() {
  static const std::vector<Modality> all = [] {
    std::vector<Modality> modalities;
    for (const auto& descriptor : modalityRegistry()) modalities.push_back(descriptor.modality);
    return modalities;
  }();
  return all;
}

Modality modalityFromString(const std::string& text) {
  std::string known;
  for (const auto& descriptor : modalityRegistry()) {
    if (descriptor.name == text) return descriptor.modality;
    known += (known.empty() ? "" : ", ") + descriptor.name;
  }
  throw Error("unknown modality '" + text + "' (known: " + known + ")");
}

std::vector<Architecture> architecturesFor(Modality modality) { return descriptorOf(modality).architectures; }

std::vector<std::string> datasetsFor(Modality modality) { return descriptorOf(modality).datasets; }

std::vector<std::string> namedPlacementsFor(Modality modality) {
  auto names = descriptorOf(modality).namedPlacements;
  names.insert(names.end(), {kRandomPosition, kRandomPatternPosition});
  return names;
}

std::string farthestPlacement(Modality modality, const std::string& from) {
  return descriptorOf(modality).farthestPlacement(from);
}

std::vector<std::string> triggerKindsFor(Modality modality) { return descriptorOf(modality).triggerKinds; }

std::string placementSyntaxFor(Modality modality) { return descriptorOf(modality).placementSyntax; }

}  // namespace gaplab
