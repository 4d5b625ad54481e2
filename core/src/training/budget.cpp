// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/budget.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "gaplab/error.h"
#include "gaplab/experiment.h"
#include "gaplab/placement_sweep.h"
#include "gaplab/positions.h"
#include "joined.h"
#include "gaplab/csv.h"

namespace gaplab {

std::string toString(PoisonRegime regime) {
  switch (regime) {
    case PoisonRegime::Fixed: return "fixed";
    case PoisonRegime::Random: return kRandomPosition;
    case PoisonRegime::RandomPattern: return kRandomPatternPosition;
  }
  return "fixed";
}

const std::vector<PoisonRegime>& allPoisonRegimes() {
  static const std::vector<PoisonRegime> all{PoisonRegime::Fixed, PoisonRegime::Random, PoisonRegime::RandomPattern};
  return all;
}

PoisonRegime poisonRegimeFromString(const std::string& text) {
  std::vector<std::string> names;
  for (const auto regime : allPoisonRegimes()) {
    if (toString(regime) == text) return regime;
    names.push_back(toString(regime));
  }
  throw Error("unknown poison regime '" + text + "' (known: " + joined(names) + ")");
}

std::string regimePlacement(PoisonRegime regime, const ExperimentSpec& spec) {
  if (regime != PoisonRegime::Fixed) return toString(regime);
  if (spec.trainPositions.empty() || isRandomPlacement(spec.trainPositions.front()))
    throw Error("the fixed regime poisons at the spec's first training position, which must be a fixed one");
  return spec.trainPositions.front();
}

std::string PoisonLevel::text() const {
  char out[64];
  if (percent) std::snprintf(out, sizeof out, "%g%%", value);
  else std::snprintf(out, sizeof out, "%d", static_cast<int>(value));
  return out;
}

PoisonLevel parsePoisonLevel(const std::string& text) {
  PoisonLevel level;
  std::string number = text;
  if (!number.empty() && number.back() == '%') {
    level.percent = true;
    number.pop_back();
  }
  char* end = nullptr;
  level.value = number.empty() ? -1 : std::strtod(number.c_str(), &end);
  const bool whole = end && *end == '\0';
  if (!whole || !std::isfinite(level.value) || level.value < 0 || (level.percent && level.value > 100) ||
      (!level.percent && level.value != std::floor(level.value)))
    throw Error("bad poison level '" + text + "': expected a count (160) or a percentage of the training split (2%)");
  return level;
}

int poisonCountOf(const PoisonLevel& level, int trainingInputs) {
  const int count = level.percent ? static_cast<int>(std::lround(level.value / 100.0 * trainingInputs))
                                  : static_cast<int>(level.value);
  if (count > trainingInputs)
    throw Error("poison level " + level.text() + " is " + std::to_string(count) + " inputs, more than the " +
                std::to_string(trainingInputs) + " the training split holds");
  return count;
}

void BudgetPlan::validate() const {
  spec.validate();
  if (levels.empty()) throw Error("no poison levels given");
  if (regimes.empty()) throw Error("no poison regimes given");
  if (stride < 1) throw Error("stride must be >= 1, got " + std::to_string(stride));
  for (const auto regime : regimes) regimePlacement(regime, spec);
}

std::vector<BudgetJob> budgetJobs(const BudgetPlan& plan) {
  std::vector<BudgetJob> jobs;
  for (const auto head : plan.spec.heads)
    for (const auto regime : plan.regimes)
      for (const auto& level : plan.levels)
        for (int rep = 0; rep < plan.spec.reps; ++rep)
          jobs.push_back({static_cast<int>(jobs.size()), head, regime, level, rep});
  return jobs;
}

void summarisePositions(const std::vector<double>& asr, BudgetRow& row) {
  row.positions = static_cast<int>(asr.size());
  if (asr.empty()) return;
  auto sorted = asr;
  std::sort(sorted.begin(), sorted.end());
  double sum = 0;
  int covered = 0;
  for (const double value : sorted) {
    sum += value;
    covered += value >= 0.9 ? 1 : 0;
  }
  row.asrMean = sum / static_cast<double>(sorted.size());
  row.asrMin = sorted.front();
  // NumPy's default percentile: linear between the ranks around 0.1 (n - 1).
  const double rank = 0.1 * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(rank));
  const auto above = std::min(below + 1, sorted.size() - 1);
  row.asrP10 = sorted[below] + (rank - static_cast<double>(below)) * (sorted[above] - sorted[below]);
  row.coverage90 = static_cast<double>(covered) / static_cast<double>(sorted.size());
}

BudgetSweep::BudgetSweep(BudgetPlan plan) : plan_(std::move(plan)) {
  plan_.validate();
  jobs_ = budgetJobs(plan_);
}

std::string BudgetSweep::identity() const {
  nlohmann::json levels = nlohmann::json::array(), regimes = nlohmann::json::array();
  for (const auto& level : plan_.levels) levels.push_back(level.text());
  for (const auto regime : plan_.regimes) regimes.push_back(toString(regime));
  return nlohmann::json{{"spec", nlohmann::json::parse(specToJson(plan_.spec))},
                        {"levels", levels},
                        {"regimes", regimes},
                        {"stride", plan_.stride}}
      .dump();
}

std::string BudgetSweep::jobLabel(int job) const {
  if (job < 0 || job >= jobCount()) throw Error("budget job " + std::to_string(job) + " does not exist");
  const auto& j = jobs_[static_cast<std::size_t>(job)];
  return toString(j.head) + ", " + toString(j.regime) + ", " + j.level.text() + ", rep " + std::to_string(j.rep);
}

int BudgetSweep::largestPoisonCount(const Experiment& experiment) const {
  int largest = 0;
  for (const auto& level : plan_.levels) largest = std::max(largest, poisonCountOf(level, experiment.trainCount()));
  return largest;
}

const Table<BudgetRow>& BudgetSweep::table() const { return budgetCsvTable(); }

std::string BudgetSweep::describe(const BudgetRow& row) const {
  return row.head + ", " + row.regime + ", " + std::to_string(row.nPoison) + " poisoned: clean " +
         percentText(row.cleanAccuracy) + ", mean ASR " + percentText(row.asrMean) + ", coverage_90 " +
         percentText(row.coverage90) + " of " + std::to_string(row.positions) + " positions";
}

std::vector<BudgetRow> BudgetSweep::runJob(const Experiment& experiment, int index, const std::string& checkpoint,
                                           const JobProgressCallback& progress, const std::atomic<bool>* stop) {
  if (stop && *stop) throw Cancelled();
  const auto& spec = plan_.spec;
  const auto& job = jobs_.at(static_cast<std::size_t>(index));
  auto where = JobProgress::of(index, jobCount(), jobLabel(index));
  TrainingCallbacks callbacks;
  callbacks.onBatch = [&](const BatchProgress& batch) {
    where.batch = batch;
    if (progress) progress(where);
  };
  const TrainingRequest request{job.head, regimePlacement(job.regime, spec), job.rep,
                                poisonCountOf(job.level, experiment.trainCount())};
  const auto trained = experiment.train(request, callbacks, stop);
  if (!checkpoint.empty()) trained.model->save(trained.record, checkpoint);
  BudgetRow row;
  row.modality = toString(spec.modality);
  row.dataset = spec.dataset;
  row.model = toString(spec.model);
  row.head = toString(job.head);
  row.regime = toString(job.regime);
  row.nPoison = trained.poisonCount;
  row.poisonPercent = trained.poisonPercent;
  row.rep = job.rep;
  row.seed = trained.record.seed;
  row.epochs = trained.training.epochsRun;
  row.cleanAccuracy = trained.record.cleanAccuracy;
  auto& model = *trained.model;
  row.asrTrainPosition = model.attackAt(spec.trainPositions.front()).metrics.asr();
  std::vector<double> asr;
  for (const auto& cell : sweepPlacements(model, model.placements(plan_.stride), SweepOptions{}, {}, stop))
    asr.push_back(cell.metrics.asr());
  summarisePositions(asr, row);
  return {row};
}

}  // namespace gaplab
