// SPDX-License-Identifier: GPL-3.0-or-later
// Text in the modality registry.
#include "gaplab/text_data.h"
#include "gaplab/text_trigger.h"
#include "modalities.h"
#include "modality_descriptor.h"

namespace gaplab {

ModalityDescriptor textDescriptor() {
  ModalityDescriptor d;
  d.modality = Modality::Text;
  d.name = "text";
  d.architectures = {Architecture::TfTutorial, Architecture::KimCnn, Architecture::Conv1d};
  d.datasets = textDatasetNames();
  d.namedPlacements = namedTextPlacements();
  d.farthestPlacement = [](const std::string& from) { return std::string(from == "end" ? "start" : "end"); };
  d.placementToken = [](const ExperimentSpec&, Placement p) { return "@" + std::to_string(p.x); };
  d.open = [](const ExperimentSpec& spec, const Experiment::LoadProgress&) { return openTextExperiment(spec); };
  return d;
}

}  // namespace gaplab
