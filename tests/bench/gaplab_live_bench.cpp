// SPDX-License-Identifier: GPL-3.0-or-later
// The interactive figures of tests/bench/run.sh, measured through the real app
// controllers: the live ASR after a drag (p50/p95 over 200 drags, 1,000 test
// inputs, the lecture model) and the longest GUI event-loop stall while a
// training runs. They have absolute targets; there is no Python counterpart.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <vector>

#include "gaplab/experiment.h"
#include "live_asr_controller.h"
#include "training_controller.h"

using namespace gaplab;

namespace {

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(p * (values.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  std::string outPath = "live.json";
  for (int i = 1; i < argc; ++i)
    if (!std::strcmp(argv[i], "--out") && i + 1 < argc) outPath = argv[++i];
  setTorchThreads(2);

  // A trained lecture model and 1,000 Fashion-MNIST test images.
  auto spec = presetSpec("lecture-image");
  spec.training.epochs = 2;
  auto trained = Experiment::open(spec)->train(Head::Gap, "lower-right", 0);

  app::LiveAsrController live;
  live.setSession(std::move(trained.model));
  std::vector<double> latencies;
  QElapsedTimer sinceDrag;
  int drag = 0;
  auto next = [&] {
    const int x = (drag * 7) % 21, y = (drag * 3) % 21;
    sinceDrag.restart();
    live.requestPosition({x, y});
  };
  QObject::connect(&live, &app::LiveAsrController::result, [&](int, int, double, double, double, int, bool final) {
    if (!final) return;
    latencies.push_back(sinceDrag.nsecsElapsed() / 1e6);
    if (++drag < 200) QTimer::singleShot(0, next);
    else app.quit();
  });
  sinceDrag.start();
  QTimer::singleShot(0, next);
  app.exec();

  // The event loop's longest gap between 5 ms ticks while a training runs.
  app::TrainingController training;
  auto trainSpec = spec;
  trainSpec.heads = {Head::Gap};
  trainSpec.trainPositions = {"middle"};
  trainSpec.testPositions = {"middle"};
  QTimer tick;
  tick.setInterval(5);
  QElapsedTimer sinceTick;
  double longestGap = 0;
  QObject::connect(&tick, &QTimer::timeout, [&] {
    longestGap = std::max(longestGap, sinceTick.nsecsElapsed() / 1e6);
    sinceTick.restart();
  });
  QObject::connect(&training, &app::TrainingController::finished, &app, &QCoreApplication::quit);
  training.start(trainSpec);
  sinceTick.start();
  tick.start();
  app.exec();

  const double p50 = percentile(latencies, 0.5), p95 = percentile(latencies, 0.95);
  std::fprintf(stderr, "  live ASR p50 %.1f ms, p95 %.1f ms; longest event-loop gap %.1f ms\n", p50, p95, longestGap);
  std::FILE* out = std::fopen(outPath.c_str(), "w");
  if (!out) return 1;
  std::fprintf(out,
               "{\"side\": \"gaplab\", \"metrics\": [\n"
               "    {\"name\": \"live ASR update p50 (1,000 inputs, lecture model)\", \"value\": %.3f, \"unit\": \"ms\"},\n"
               "    {\"name\": \"live ASR update p95 (1,000 inputs, lecture model)\", \"value\": %.3f, \"unit\": \"ms\"},\n"
               "    {\"name\": \"GUI event-loop stall during training\", \"value\": %.3f, \"unit\": \"ms\"}\n]}\n",
               p50, p95, longestGap);
  std::fclose(out);
  return 0;
}
