// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/experiment.h"

#include "gaplab/error.h"
#include "gaplab/positions.h"
#include "modalities.h"

namespace gaplab {

std::unique_ptr<Experiment> Experiment::open(const ExperimentSpec& spec, const LoadProgress& progress) {
  spec.validate();
  switch (spec.modality) {
    case Modality::Image: return openImageExperiment(spec);
    case Modality::Sound: return openSoundExperiment(spec, progress);
    case Modality::Text: return openTextExperiment(spec);
  }
  throw Error("unknown modality");
}

TrainedModel trainAndSave(const Experiment& experiment, Head head, const std::string& trainPosition, int rep,
                          const std::string& checkpoint, const TrainingCallbacks& callbacks,
                          const std::atomic<bool>* stop, const TrainingProbe* probe) {
  auto trained = experiment.train(head, trainPosition, rep, callbacks, stop, probe);
  // A random position per poisoned input has no single position to test at.
  if (trainPosition != kRandomPosition)
    trained.record.asrAtTrainPosition = trained.model->attackAt(trainPosition).metrics.asr();
  trained.model->save(trained.record, checkpoint);
  return trained;
}

void readProbe(ModelSession& session, const TrainingProbe& probe, int epoch) {
  if (!probe.onReading) return;
  TrainingProbe::Reading reading;
  reading.epoch = epoch;
  reading.cleanAccuracy = session.cleanAccuracy(probe.inputs);
  for (const auto& placement : probe.placements) reading.attacks.push_back(session.attackAt(placement, probe.inputs).metrics);
  probe.onReading(reading);
}

TrainingRecord readTrainingRecord(const std::string& checkpoint) {
  if (checkpointModality(checkpoint) == toString(Modality::Text)) return loadTextCheckpoint(checkpoint).info;
  return loadCheckpoint(checkpoint).info;
}

}  // namespace gaplab
