// SPDX-License-Identifier: GPL-3.0-or-later
// gaplab-cli sweep: a checkpoint's ASR at every placement of a stride grid,
// for any modality, through its model session (gaplab/placement_sweep.h).
#include <string>
#include <vector>

#include "commands.h"
#include "gaplab/atomic_file.h"
#include "gaplab/experiment.h"
#include "gaplab/placement_sweep.h"
#include "progress_line.h"

namespace gaplab::cli {

int runSweep(const SweepArgs& args) {
  auto spec = readTrainingRecord(args.checkpoint).spec;
  if (!args.dataDir.empty()) spec.dataDir = args.dataDir;
  if (args.limitTest >= 0) spec.limitTest = args.limitTest;
  setTorchThreads(args.threads);
  const auto session = Experiment::open(spec)->session(args.checkpoint, spec);
  SweepOptions options;
  options.halfWidth = args.precision;
  ProgressLine progress;
  std::vector<SweepRow> rows;
  sweepPlacements(*session, session->placements(args.stride), options,
                  [&](const SweepCell& cell, int done, int total) {
                    rows.push_back(sweepRow(spec, cell));
                    progress.update("placement " + std::to_string(done) + "/" + std::to_string(total));
                  });
  writeFileAtomically(args.out, sweepCsvTable().csv(rows));
  progress.finish("swept " + std::to_string(rows.size()) + " placements; wrote " + args.out);
  return 0;
}

}  // namespace gaplab::cli
