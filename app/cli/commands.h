#pragma once
#include <string>

#include "spec_options.h"

namespace gaplab::cli {

struct GridArgs {
  SpecOptions spec;
  std::string out;
  std::string summary;  // default: OUT with .json instead of .csv
  std::string predictions;  // per-sample predictions CSV, if asked for
};

struct TrainArgs {
  SpecOptions spec;
  std::string checkpoint;
  int rep = 0;
};

struct SweepArgs {
  std::string checkpoint;
  int stride = 1;
  std::string out;
  std::string dataDir;
  int limitTest = -1;  // -1: as recorded in the checkpoint
  int threads = 0;
};

// Each returns the process exit code and throws gaplab::Error on failure.
int listPresets(const std::string& show);
int runGrid(const GridArgs& args);
int runTrain(const TrainArgs& args);
int runSweep(const SweepArgs& args);

}  // namespace gaplab::cli
