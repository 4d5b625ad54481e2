// SPDX-License-Identifier: GPL-3.0-or-later
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>
#include <tuple>

#include "gaplab/csv.h"
#include "gaplab/budget.h"
#include "first_seen_groups.h"

namespace gaplab {

const Table<BudgetRow>& budgetCsvTable() {
  static const Table<BudgetRow> table({
      textColumn("modality", &BudgetRow::modality),
      textColumn("dataset", &BudgetRow::dataset),
      textColumn("model", &BudgetRow::model),
      textColumn("head", &BudgetRow::head),
      textColumn("regime", &BudgetRow::regime),
      integerColumn("n_poison", &BudgetRow::nPoison),
      numberColumn("poison_pct", &BudgetRow::poisonPercent, 4),
      integerColumn("rep", &BudgetRow::rep),
      integerColumn("seed", &BudgetRow::seed),
      integerColumn("epochs", &BudgetRow::epochs),
      numberColumn("clean_acc", &BudgetRow::cleanAccuracy, 6),
      numberColumn("asr_train_pos", &BudgetRow::asrTrainPosition, 6),
      numberColumn("asr_mean", &BudgetRow::asrMean, 6),
      numberColumn("asr_min", &BudgetRow::asrMin, 6),
      numberColumn("asr_p10", &BudgetRow::asrP10, 6),
      numberColumn("coverage_90", &BudgetRow::coverage90, 6),
      integerColumn("n_positions", &BudgetRow::positions),
  });
  return table;
}

std::vector<BudgetCell> budgetCells(const std::vector<BudgetRow>& rows, const FailedRunFilter& filter) {
  // Cells in first-seen order: the order the sweep ran them.
  using Key = std::tuple<std::string, std::string, int>;
  std::vector<BudgetCell> cells;
  for (const auto& [key, members] :
       firstSeenGroups(rows, [](const BudgetRow& row) { return Key{row.head, row.regime, row.nPoison}; })) {
    BudgetCell cell;
    cell.head = std::get<0>(key);
    cell.regime = std::get<1>(key);
    cell.nPoison = std::get<2>(key);
    cell.poisonPercent = members.front()->poisonPercent;
    std::vector<double> clean, train, mean, min, coverage;
    for (const auto* row : members) {
      if (filter.drops(row->cleanAccuracy)) {
        ++cell.dropped;
        continue;
      }
      clean.push_back(row->cleanAccuracy);
      train.push_back(row->asrTrainPosition);
      mean.push_back(row->asrMean);
      min.push_back(row->asrMin);
      coverage.push_back(row->coverage90);
    }
    cell.runs = static_cast<int>(clean.size());
    cell.cleanAccuracy = meanStd(clean);
    cell.asrTrainPosition = meanStd(train);
    cell.asrMean = meanStd(mean);
    cell.asrMin = meanStd(min);
    cell.coverage90 = meanStd(coverage);
    cells.push_back(cell);
  }
  return cells;
}

std::optional<double> budgetThreshold(const std::vector<double>& percents, const std::vector<double>& coverage,
                                      double level) {
  for (std::size_t i = 0; i < percents.size() && i < coverage.size(); ++i) {
    if (coverage[i] < level) continue;
    if (i == 0 || percents[i - 1] <= 0 || coverage[i] == coverage[i - 1]) return percents[i];
    const double from = std::log(percents[i - 1]), to = std::log(percents[i]);
    const double t = (level - coverage[i - 1]) / (coverage[i] - coverage[i - 1]);
    return std::exp(from + t * (to - from));
  }
  return std::nullopt;
}

std::vector<BudgetCurve> budgetCurves(const std::vector<BudgetCell>& cells) {
  std::vector<BudgetCurve> curves;
  std::map<std::pair<std::string, std::string>, std::vector<const BudgetCell*>> byCurve;
  for (const auto& cell : cells) {
    auto& members = byCurve[{cell.head, cell.regime}];
    if (members.empty()) curves.push_back({cell.head, cell.regime, false, std::nullopt});
    members.push_back(&cell);
  }
  for (auto& curve : curves) {
    auto members = byCurve[{curve.head, curve.regime}];
    std::stable_sort(members.begin(), members.end(),
                     [](const BudgetCell* a, const BudgetCell* b) { return a->poisonPercent < b->poisonPercent; });
    std::vector<double> percents, coverage;
    for (const auto* cell : members) {
      if (cell->runs == 0) continue;  // every run dropped: no mean to read
      percents.push_back(cell->poisonPercent);
      coverage.push_back(cell->coverage90.mean);
    }
    curve.measured = !percents.empty();
    curve.coverage90Reached = budgetThreshold(percents, coverage);
  }
  return curves;
}

std::string budgetSummaryJson(const std::vector<BudgetRow>& rows, const ExperimentSpec& spec,
                              const FailedRunFilter& filter) {
  using nlohmann::json;
  const auto cells = budgetCells(rows, filter);
  auto stats = [](const MeanStd& s) { return json{{"mean", s.mean}, {"std", s.std}}; };
  json levels = json::array();
  for (const auto& cell : cells)
    levels.push_back({{"head", cell.head},
                      {"regime", cell.regime},
                      {"n_poison", cell.nPoison},
                      {"poison_pct", cell.poisonPercent},
                      {"runs", cell.runs},
                      {"dropped", cell.dropped},
                      {"clean_acc", stats(cell.cleanAccuracy)},
                      {"asr_train_pos", stats(cell.asrTrainPosition)},
                      {"asr_mean", stats(cell.asrMean)},
                      {"asr_min", stats(cell.asrMin)},
                      {"coverage_90", stats(cell.coverage90)}});
  json thresholds = json::array();
  for (const auto& curve : budgetCurves(cells))
    thresholds.push_back({{"head", curve.head},
                          {"regime", curve.regime},
                          {"poison_pct_for_coverage_90",
                           curve.coverage90Reached ? json(*curve.coverage90Reached) : json("not reached")}});
  json filterJson = {{"on", filter.on}};
  if (filter.on) filterJson["min_clean_acc"] = 1.2 / std::max(filter.classes, 1);
  return json{{"spec", json::parse(specToJson(spec))},
              {"failed_run_filter", filterJson},
              {"levels", levels},
              {"coverage_90_reaches_0.9", thresholds}}
      .dump(2);
}

std::string budgetTable(const std::vector<BudgetRow>& rows, const FailedRunFilter& filter) {
  std::ostringstream out;
  char line[256];
  std::snprintf(line, sizeof line, "%-5s %-15s %9s %8s %5s %14s %14s %14s\n", "head", "regime", "n_poison", "poison%",
                "runs", "clean_acc %", "ASR mean %", "coverage_90");
  out << line;
  for (const auto& c : budgetCells(rows, filter)) {
    std::snprintf(line, sizeof line, "%-5s %-15s %9d %8.2f %5d %7.1f +/- %4.1f %7.1f +/- %4.1f %7.2f +/- %4.2f\n",
                  c.head.c_str(), c.regime.c_str(), c.nPoison, c.poisonPercent, c.runs, 100 * c.cleanAccuracy.mean,
                  100 * c.cleanAccuracy.std, 100 * c.asrMean.mean, 100 * c.asrMean.std, c.coverage90.mean,
                  c.coverage90.std);
    out << line;
  }
  return out.str();
}

}  // namespace gaplab
