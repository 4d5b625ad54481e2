// SPDX-License-Identifier: GPL-3.0-or-later
// One entry point for every defence, whatever the modality or front end.
#include <algorithm>
#include <chrono>

#include "defence_methods.h"
#include "gaplab/error.h"
#include "gaplab/experiment.h"
#include "gaplab/positions.h"

namespace gaplab {

torch::Tensor probabilitiesOf(DefenceSubject& subject, const torch::Tensor& inputs, int64_t batch) {
  torch::NoGradGuard noGrad;
  std::vector<torch::Tensor> parts;
  for (int64_t start = 0; start < inputs.size(0); start += batch)
    parts.push_back(torch::softmax(subject.logits(inputs.narrow(0, start, std::min(batch, inputs.size(0) - start))), 1));
  if (parts.empty()) return torch::zeros({0, subject.numClasses()});
  return torch::cat(parts);
}

namespace {

// The training position first, then the spec's test positions, each once;
// random placements are not a place a trigger can be moved to.
std::vector<std::string> defencePositions(const TrainingRecord& record, const DefenceSettings& settings) {
  std::vector<std::string> positions;
  auto add = [&](const std::string& p) {
    if (!isRandomPlacement(p) && std::find(positions.begin(), positions.end(), p) == positions.end()) positions.push_back(p);
  };
  if (!settings.testPositions.empty()) {
    for (const auto& p : settings.testPositions) add(p);
    return positions;
  }
  add(record.trainPosition);
  for (const auto& p : record.spec.testPositions) add(p);
  return positions;
}

}  // namespace

DefenceReport runDefence(const Experiment& experiment, const std::string& checkpoint, DefenceMethod method,
                         const DefenceSettings& settings, const DefenceProgressFn& progress,
                         const std::atomic<bool>* stop) {
  const auto started = std::chrono::steady_clock::now();
  const auto subject = experiment.defenceSubject(checkpoint);
  const auto& record = subject->record();
  DefenceReport report;
  report.method = method;
  report.checkpoint = checkpoint;
  report.head = record.spec.heads.empty() ? "" : toString(record.spec.heads.front());
  report.trainPosition = record.trainPosition;
  report.target = subject->target();
  report.classNames = subject->classNames();
  const auto positions = defencePositions(record, settings);
  switch (method) {
    case DefenceMethod::NeuralCleanse:
      report.nc = neuralCleanse(*subject, settings.nc, positions, settings.seed, progress, stop);
      report.flagged = report.nc->flagged;
      break;
    case DefenceMethod::Strip:
      report.strip = strip(*subject, settings.strip, positions, settings.seed, progress, stop);
      break;
    case DefenceMethod::ActivationClustering:
      report.poison = activationClustering(*subject, settings.filter, settings.seed, progress, stop);
      break;
    case DefenceMethod::SpectralSignatures:
      report.poison = spectralSignatures(*subject, settings.filter, progress, stop);
      break;
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace gaplab
