// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli_support.h"

#include <cstdio>
#include <sstream>

#include "gaplab/atomic_file.h"
#include "gaplab/csv.h"
#include "gaplab/poison_share.h"

namespace gaplab::cli {

std::string batchText(const BatchProgress& b) {
  std::ostringstream text;
  text << "epoch " << b.epoch + 1 << "/" << b.epochs << ", batch " << b.batch << "/" << b.batches << ", loss "
       << b.loss;
  return text.str();
}

std::string stageText(const std::string& stage, int done, int total, double secondsLeft) {
  std::string text = stage + " " + std::to_string(done) + "/" + std::to_string(total);
  if (secondsLeft >= 0) text += ", at most " + std::to_string(static_cast<int>(secondsLeft + 0.5)) + " s left";
  return text;
}

TrainingCallbacks progressCallbacks(ProgressLine& progress) {
  TrainingCallbacks callbacks;
  callbacks.onBatch = [&progress](const BatchProgress& b) { progress.update(batchText(b)); };
  callbacks.onEpoch = [&progress](const EpochReport& e) {
    char text[160];
    std::snprintf(text, sizeof text, "epoch %d: loss %.4f, acc %.3f, val loss %.4f, val acc %.3f, lr %g", e.epoch + 1,
                  e.trainLoss, e.trainAccuracy, e.validationLoss, e.validationAccuracy, e.lr);
    progress.finish(text);
  };
  return callbacks;
}

void reportSaved(const TrainingRecord& record, Head head, const std::string& checkpoint) {
  std::printf("head %s, trained @ %s, %d epochs: clean accuracy %s, ASR @ %s %s\n", toString(head).c_str(),
              record.trainPosition.c_str(), record.epochs, percentText(record.cleanAccuracy).c_str(),
              record.trainPosition.c_str(), percentText(record.asrAtTrainPosition).c_str());
  std::fprintf(stderr, "wrote %s and %s.json\n", checkpoint.c_str(), checkpoint.c_str());
}

void warnIfLargePoisonShare(int poisonCount, int trainingInputs) {
  if (const auto warning = largePoisonShareWarning(poisonCount, trainingInputs))
    std::fprintf(stderr, "gaplab-cli: warning: %s\n", warning->c_str());
}

}  // namespace gaplab::cli
