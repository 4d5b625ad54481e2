// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/experiment.h"

#include "gaplab/error.h"
#include "gaplab/positions.h"
#include "modalities.h"
#include "modality_descriptor.h"

namespace gaplab {

std::unique_ptr<Experiment> Experiment::open(const ExperimentSpec& spec, const LoadProgress& progress) {
  spec.validate();
  return descriptorOf(spec.modality).open(spec, progress);
}

TrainedModel trainAndSave(const Experiment& experiment, Head head, const std::string& trainPosition, int rep,
                          const std::string& checkpoint, const TrainingCallbacks& callbacks,
                          const std::atomic<bool>* stop, const TrainingProbe* probe) {
  auto trained = experiment.train(head, trainPosition, rep, callbacks, stop, probe);
  // A random position per poisoned input has no single position to test at.
  if (!isRandomPlacement(trainPosition))
    trained.record.asrAtTrainPosition = trained.model->attackAt(trainPosition).metrics.asr();
  trained.model->save(trained.record, checkpoint);
  return trained;
}

void readProbe(ModelSession& session, const TrainingProbe& probe, const TrainingPoint& point) {
  if (!probe.onReading) return;
  TrainingProbe::Reading reading;
  reading.epoch = point.epoch;
  reading.batch = point.batch;
  reading.batches = point.batches;
  reading.cleanAccuracy = session.cleanAccuracy(probe.inputs);
  for (const auto& placement : probe.placements) reading.attacks.push_back(session.attackAt(placement, probe.inputs).metrics);
  probe.onReading(reading);
}

int Experiment::poisonCountFor(const TrainingRequest& request) const {
  const int count = request.poisonCount.value_or(spec().poisonCount);
  if (count < 0 || count > trainCount())
    throw Error("poison count " + std::to_string(count) + " is out of range (0-" + std::to_string(trainCount()) +
                " training inputs)");
  return count;
}

std::string placementToken(const ExperimentSpec& spec, Placement placement) {
  return descriptorOf(spec.modality).placementToken(spec, placement);
}

TrainingRecord readTrainingRecord(const std::string& checkpoint) {
  return descriptorOf(modalityFromString(checkpointModality(checkpoint))).readRecord(checkpoint);
}

}  // namespace gaplab
