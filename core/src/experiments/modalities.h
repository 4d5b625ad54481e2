// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: the three implementations of the modality interface (gaplab/experiment.h).
#include <algorithm>
#include <memory>
#include <string>

#include "gaplab/experiment.h"

namespace gaplab {

std::unique_ptr<Experiment> openImageExperiment(const ExperimentSpec& spec);
std::unique_ptr<Experiment> openSoundExperiment(const ExperimentSpec& spec, const Experiment::LoadProgress& progress);
std::unique_ptr<Experiment> openTextExperiment(const ExperimentSpec& spec);

// What the defences see of a checkpoint, per modality (core/src/*/*_defence_subject.cpp).
struct ExperimentData;
class SoundProtocol;
class TextProtocol;
std::unique_ptr<DefenceSubject> imageDefenceSubject(const ExperimentData& data, const std::string& checkpoint);
std::unique_ptr<DefenceSubject> soundDefenceSubject(std::shared_ptr<const SoundProtocol> protocol,
                                                    const std::string& checkpoint);
std::unique_ptr<DefenceSubject> textDefenceSubject(std::shared_ptr<const TextProtocol> protocol,
                                                   const std::string& checkpoint);

// The record of one training of `spec` (its heads narrowed to `head`).
inline TrainingRecord trainingRecord(const ExperimentSpec& spec, Head head, const std::string& trainPosition, int rep,
                                     std::uint64_t seed, const TrainingResult& training, double cleanAccuracy) {
  TrainingRecord record;
  record.spec = spec;
  record.spec.heads = {head};
  record.trainPosition = trainPosition;
  record.rep = rep;
  record.seed = seed;
  record.epochs = training.epochsRun;
  record.cleanAccuracy = cleanAccuracy;
  return record;
}

// Measures `probe` on `session` (a view of the model in training) at `point`.
void readProbe(ModelSession& session, const TrainingProbe& probe, const TrainingPoint& point);

// A shared_ptr that does not own `model`: a session looking at a model that
// lives elsewhere (the one being trained) for as long as the call lasts.
template <typename Model>
std::shared_ptr<const Model> borrowed(const Model& model) {
  return std::shared_ptr<const Model>(&model, [](const Model*) {});
}

// The index of the largest probability.
inline int argmax(const std::vector<float>& values) {
  return static_cast<int>(std::max_element(values.begin(), values.end()) - values.begin());
}

}  // namespace gaplab
