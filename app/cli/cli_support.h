#pragma once
// Helpers shared by the CLI commands.
#include <string>

#include "gaplab/checkpoint.h"
#include "gaplab/training.h"
#include "progress_line.h"

namespace gaplab::cli {

std::string percent(double fraction);  // "12.3%"
std::string batchText(const BatchProgress& batch);
// Batch progress on the progress line, one finished line per epoch.
TrainingCallbacks progressCallbacks(ProgressLine& progress);
// Prints what was trained (stdout) and where it was saved (stderr).
void reportSaved(const TrainingRecord& record, Head head, const std::string& checkpoint);
void fillRecord(TrainingRecord& record, const ExperimentSpec& spec, const std::string& trainPosition, int rep,
                std::uint64_t seed, const TrainingResult& training, double cleanAccuracy);

}  // namespace gaplab::cli
