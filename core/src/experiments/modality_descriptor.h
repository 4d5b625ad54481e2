// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: the modality registry. Each modality describes itself once, in
// its own folder (core/src/{image,sound,text}/*_descriptor.cpp); the lists
// gaplab/modality.h answers with, Experiment::open and the placement names
// all come from here, so nothing outside the registry and those folders
// needs to know which modalities exist.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gaplab/experiment.h"
#include "gaplab/modality.h"
#include "spec_section.h"

namespace gaplab {

struct ModalityDescriptor {
  Modality modality;
  std::string name;                          // as specs and checkpoints spell it
  std::vector<Architecture> architectures;   // the first is the default
  std::vector<std::string> datasets;         // the first is the default
  std::vector<std::string> namedPlacements;  // fixed ones; "random" and "random-pattern" apply to every modality
  std::vector<std::string> triggerKinds;     // what the Setup panel's trigger box offers
  std::string placementSyntax;               // how a placement is written, for help texts
  // The named placement farthest from `from` (the lecture view's default off-position).
  std::function<std::string(const std::string& from)> farthestPlacement;
  // A placement in the input's coordinates as a named position ("x:y", "@SECONDS", "@TOKEN").
  std::function<std::string(const ExperimentSpec& spec, Placement placement)> placementToken;
  // The JSON sections of a spec this modality uses; a spec of it holds only these.
  std::vector<SpecSection> specSections;
  // Throws Error naming what is wrong with a placement token / the spec's own settings.
  std::function<void(const std::string& token)> checkPlacement;
  std::function<void(const ExperimentSpec& spec)> validateSettings;
  // The record in a checkpoint of this modality (validates the checkpoint).
  std::function<TrainingRecord(const std::string& checkpoint)> readRecord;
  // Loads the spec's data (spec already validated).
  std::function<std::unique_ptr<Experiment>(const ExperimentSpec& spec, const Experiment::LoadProgress& progress)> open;
};

// Each modality's own entry (defined in its folder).
ModalityDescriptor imageDescriptor();
ModalityDescriptor soundDescriptor();
ModalityDescriptor textDescriptor();

// Every registered modality, in the order front ends list them.
const std::vector<ModalityDescriptor>& modalityRegistry();
// Throws Error for a modality nobody registered.
const ModalityDescriptor& descriptorOf(Modality modality);

}  // namespace gaplab
