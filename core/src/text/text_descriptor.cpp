// SPDX-License-Identifier: GPL-3.0-or-later
// Text in the modality registry.
#include "gaplab/checkpoint.h"
#include "gaplab/error.h"
#include "gaplab/text_data.h"
#include "gaplab/text_trigger.h"
#include "modalities.h"
#include "modality_descriptor.h"
#include "text_placements.h"
#include "spec_fields.h"

namespace gaplab {

namespace {

void validateTextSettings(const ExperimentSpec& s) {
  if (s.text.words.empty()) throw Error("the text trigger has no words");
  if (s.text.maxTokens < 1) throw Error("max_tokens must be >= 1, got " + std::to_string(s.text.maxTokens));
  if (s.text.sequenceLength < 5)
    throw Error("sequence_length must be >= 5, got " + std::to_string(s.text.sequenceLength));
  if (s.target != 0 && s.target != 1) throw Error("target class " + std::to_string(s.target) + " does not exist (classes 0-1)");
}

// The spec's "text" section: the trigger words and the vocabulary's and sequences' sizes.
SpecSection textSection() {
  return fieldSection<TextSettings>("text", &ExperimentSpec::text,
                                    {specField("words", &TextSettings::words),
                                     specField("max_tokens", &TextSettings::maxTokens),
                                     specField("sequence_length", &TextSettings::sequenceLength)});
}

}  // namespace

ModalityDescriptor textDescriptor() {
  ModalityDescriptor d;
  d.modality = Modality::Text;
  d.name = "text";
  d.architectures = {Architecture::TfTutorial, Architecture::KimCnn, Architecture::Conv1d};
  d.datasets = textDatasetNames();
  d.namedPlacements = namedTextPlacements();
  d.placementSyntax = "start, middle, end, split, @token, or random";
  d.farthestPlacement = [](const std::string& from) { return std::string(from == "end" ? "start" : "end"); };
  d.placementToken = [](const ExperimentSpec&, Placement p) { return textPlacementToken(p); };
  d.specSections = {textSection()};
  d.checkPlacement = checkTextPlacement;
  d.validateSettings = validateTextSettings;
  d.readRecord = [](const std::string& checkpoint) -> TrainingRecord { return loadTextCheckpoint(checkpoint).info; };
  d.open = [](const ExperimentSpec& spec, const Experiment::LoadProgress&) { return openTextExperiment(spec); };
  return d;
}

}  // namespace gaplab
