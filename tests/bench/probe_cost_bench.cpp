// SPDX-License-Identifier: GPL-3.0-or-later
// What watching the backdoor costs (the lecture view's probe): lecture
// trainings plain and probed as the GUI probes them (200 inputs, the
// poisoned position and the farthest one, as often within epochs as the
// readings measured cost 8% of the training), interleaved so that the machine's drift hits both
// alike; prints each time and the ratio measured in this run.
#include <chrono>
#include <cstdio>
#include <string>

#include "gaplab/error.h"
#include "gaplab/experiment.h"
#include "gaplab/modality.h"

using namespace gaplab;

int main(int argc, char** argv) {
  const std::string preset = argc > 1 ? argv[1] : "lecture-image";
  try {
    auto spec = presetSpec(preset);
    spec.training.threads = 2;
    const auto experiment = Experiment::open(spec);
    const auto position = spec.trainPositions.front();
    TrainingProbe probe;
    probe.placements = {position, farthestPlacement(spec.modality, position)};
    probe.inputs = 200;
    probe.costShare = 0.08;  // as the GUI's lecture view
    int readings = 0;
    probe.onReading = [&](const TrainingProbe::Reading&) { ++readings; };
    double plain = 0, probed = 0;
    for (int round = 0; round < 2; ++round)
      for (const bool watched : {round == 1, round == 0}) {
        const auto start = std::chrono::steady_clock::now();
        experiment->train(Head::Gap, position, 0, {}, nullptr, watched ? &probe : nullptr);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        (watched ? probed : plain) += s;
        std::printf("%s %s: %.2f s\n", preset.c_str(), watched ? "probed" : "plain ", s);
      }
    std::printf("%s: %d readings a training (8%% wanted); probed / plain = %.3f\n", preset.c_str(), readings / 2,
                probed / plain);
  } catch (const Error& e) {
    std::fprintf(stderr, "gaplab-probe-bench: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
