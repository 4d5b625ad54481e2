// SPDX-License-Identifier: GPL-3.0-or-later
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>
#include <tuple>

#include "gaplab/csv.h"
#include "gaplab/grid.h"
#include "gaplab/metrics.h"
#include "first_seen_groups.h"

namespace gaplab {

namespace {

using CellKey = std::tuple<std::string, std::string, std::string>;  // head, pos_train, pos_test

// Rows grouped by cell, in first-seen order; runs `filter` drops are left out.
std::vector<std::pair<CellKey, std::vector<const GridRow*>>> cells(const std::vector<GridRow>& rows,
                                                                    const FailedRunFilter& filter) {
  return firstSeenGroups(
      rows, [](const GridRow& row) { return CellKey{row.head, row.posTrain, row.posTest}; },
      [&](const GridRow& row) { return !filter.drops(row.cleanAccuracy); });
}

template <typename Get>
MeanStd statistic(const std::vector<const GridRow*>& rows, Get get) {
  std::vector<double> values;
  for (const auto* row : rows) values.push_back(get(*row));
  return meanStd(values);
}

}  // namespace

const Table<GridRow>& gridCsvTable() {
  static const Table<GridRow> table({
      textColumn("modality", &GridRow::modality),
      textColumn("dataset", &GridRow::dataset),
      textColumn("model", &GridRow::model),
      textColumn("head", &GridRow::head),
      textColumn("pos_train", &GridRow::posTrain),
      textColumn("pos_test", &GridRow::posTest),
      integerColumn("n_poison", &GridRow::nPoison),
      numberColumn("poison_pct", &GridRow::poisonPercent, 4),
      integerColumn("rep", &GridRow::rep),
      integerColumn("seed", &GridRow::seed),
      integerColumn("epochs", &GridRow::epochs),
      numberColumn("clean_acc", &GridRow::cleanAccuracy, 6),
      numberColumn("asr", &GridRow::asr, 6),
      numberColumn("r_acc", &GridRow::robustAccuracy, 6),
      integerColumn("n_eval", &GridRow::evaluated),
      integerColumn("n_truncated", &GridRow::truncated),
  });
  return table;
}

std::string predictionsCsv(const std::vector<SamplePredictions>& predictions) {
  std::ostringstream out;
  out << "head,pos_train,rep,pos_test,sample,label,prediction\n";
  for (const auto& p : predictions)
    for (std::size_t i = 0; i < p.samples.size(); ++i)
      out << field(p.head) << ',' << field(p.posTrain) << ',' << p.rep << ',' << field(p.posTest) << ','
          << p.samples[i] << ',' << p.labels[i] << ',' << p.predictions[i] << '\n';
  return out.str();
}

std::string gridSummaryJson(const std::vector<GridRow>& rows, const ExperimentSpec& spec,
                            const FailedRunFilter& filter) {
  using nlohmann::json;
  json summary = json::array();
  for (const auto& cell : cells(rows, {})) {
    // Named references, not a structured binding: lambdas may not capture those before C++20.
    const auto& key = cell.first;
    std::vector<const GridRow*> members;
    for (const auto* row : cell.second)
      if (!filter.drops(row->cleanAccuracy)) members.push_back(row);
    auto stats = [&](auto get) {
      const auto s = statistic(members, get);
      return json{{"mean", s.mean}, {"std", s.std}};
    };
    json entry = {{"head", std::get<0>(key)},
                  {"pos_train", std::get<1>(key)},
                  {"pos_test", std::get<2>(key)},
                  {"reps", members.size()}};
    if (filter.on) entry["dropped"] = cell.second.size() - members.size();
    if (!members.empty()) {
      entry["clean_acc"] = stats([](const GridRow& r) { return r.cleanAccuracy; });
      entry["asr"] = stats([](const GridRow& r) { return r.asr; });
      entry["r_acc"] = stats([](const GridRow& r) { return r.robustAccuracy; });
      entry["epochs"] = stats([](const GridRow& r) { return double(r.epochs); });
      entry["truncated"] = stats([](const GridRow& r) { return double(r.truncated); });
    }
    summary.push_back(entry);
  }
  json result{{"spec", json::parse(specToJson(spec))}, {"cells", summary}};
  if (filter.on) result["failed_run_filter"] = {{"min_clean_acc", 1.2 / std::max(filter.classes, 1)}};
  return result.dump(2);
}

std::string gridTable(const std::vector<GridRow>& rows, const FailedRunFilter& filter) {
  std::ostringstream out;
  char line[256];
  std::snprintf(line, sizeof line, "%-5s %-14s %-14s %5s %14s %14s\n", "head", "pos_train", "pos_test", "reps",
                "clean_acc %", "ASR %");
  out << line;
  for (const auto& [key, members] : cells(rows, filter)) {
    const auto acc = statistic(members, [](const GridRow& r) { return 100 * r.cleanAccuracy; });
    const auto asr = statistic(members, [](const GridRow& r) { return 100 * r.asr; });
    std::snprintf(line, sizeof line, "%-5s %-14s %-14s %5d %7.1f +/- %4.1f %7.1f +/- %4.1f\n",
                  std::get<0>(key).c_str(), std::get<1>(key).c_str(), std::get<2>(key).c_str(), acc.count, acc.mean,
                  acc.std, asr.mean, asr.std);
    out << line;
  }
  return out.str();
}

}  // namespace gaplab
