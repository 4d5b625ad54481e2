// SPDX-License-Identifier: GPL-3.0-or-later
// detect-grid's table: rows from reports, the CSV both ways, the summary.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <sstream>
#include <tuple>

#include "gaplab/csv.h"
#include "gaplab/detect_grid.h"
#include "gaplab/error.h"
#include "gaplab/experiment_spec.h"
#include "first_seen_groups.h"

namespace gaplab {

namespace {

DetectRow rowFor(const DefenceReport& report, const TrainingRecord& record) {
  DetectRow row;
  row.modality = toString(record.spec.modality);
  row.dataset = record.spec.dataset;
  row.model = toString(record.spec.model);
  row.head = report.head;
  row.posTrain = record.trainPosition;
  row.rep = record.rep;
  row.seed = record.seed;
  row.method = defenceMethodName(report.method);
  row.target = report.target;
  row.seconds = report.seconds;
  return row;
}

std::string joined(const std::vector<int>& values) {
  std::string text;
  for (std::size_t i = 0; i < values.size(); ++i) text += (i ? ";" : "") + std::to_string(values[i]);
  return text;
}

}  // namespace

std::vector<DetectRow> detectRows(const DefenceReport& report, const TrainingRecord& record) {
  std::vector<DetectRow> rows;
  if (report.nc) {
    auto row = rowFor(report, record);
    row.flagged = report.flagged;
    row.targetFlagged = std::find(report.flagged.begin(), report.flagged.end(), report.target) != report.flagged.end();
    row.anomalyIndex = report.nc->anomalyIndex;
    for (const auto& c : report.nc->classes)
      if (c.cls == report.target) {
        row.maskL1Target = c.maskL1;
        if (c.iou) row.maskIou = *c.iou;
      }
    rows.push_back(row);
  }
  if (report.strip) {
    const bool empirical = report.strip->boundaryUsed == "empirical";
    for (const auto& position : report.strip->positions) {
      auto row = rowFor(report, record);
      row.posTest = position.placement;
      row.frr = empirical ? report.strip->frrEmpirical : report.strip->frrNormal;
      row.far = empirical ? position.farEmpirical : position.farNormal;
      row.attackSuccess = position.attackSuccess;
      if (position.successful > 0)
        row.farSuccessful = empirical ? position.farSuccessfulEmpirical : position.farSuccessfulNormal;
      rows.push_back(row);
    }
  }
  if (report.poison) {
    auto row = rowFor(report, record);
    row.poisonPrecision = report.poison->precision;
    row.poisonRecall = report.poison->recall;
    rows.push_back(row);
  }
  return rows;
}

const Table<DetectRow>& detectCsvTable() {
  using Row = DetectRow;
  static const Table<Row> table({
      textColumn("modality", &Row::modality),
      textColumn("dataset", &Row::dataset),
      textColumn("model", &Row::model),
      textColumn("head", &Row::head),
      textColumn("pos_train", &Row::posTrain),
      textColumn("pos_test", &Row::posTest),
      integerColumn("rep", &Row::rep),
      integerColumn("seed", &Row::seed),
      {"method", [](const Row& r) { return field(r.method); },
       [](Row& r, const std::string& text, const std::string& origin) {
         try {
           parseDefenceMethod(text);  // a name gaplab knows
         } catch (const Error& e) {
           throw Error(origin + ": " + e.what());
         }
         r.method = text;
       }},
      integerColumn("target", &Row::target),
      {"flagged", [](const Row& r) { return joined(r.flagged); },
       [](Row& r, const std::string& text, const std::string& origin) {
         std::stringstream classes(text);
         for (std::string cls; std::getline(classes, cls, ';');)
           r.flagged.push_back(static_cast<int>(csvInteger(cls, origin)));
       }},
      {"target_flagged", [](const Row& r) { return r.targetFlagged ? std::string(*r.targetFlagged ? "1" : "0") : ""; },
       [](Row& r, const std::string& text, const std::string& origin) {
         if (!text.empty()) r.targetFlagged = csvInteger(text, origin) != 0;
       }},
      optionalNumberColumn("anomaly_index", &Row::anomalyIndex, 6),
      optionalNumberColumn("mask_l1_target", &Row::maskL1Target, 6),
      optionalNumberColumn("mask_iou", &Row::maskIou, 6),
      optionalNumberColumn("frr", &Row::frr, 6),
      optionalNumberColumn("far", &Row::far, 6),
      optionalNumberColumn("poison_precision", &Row::poisonPrecision, 6),
      optionalNumberColumn("poison_recall", &Row::poisonRecall, 6),
      numberColumn("seconds", &Row::seconds, 3),
      optionalNumberColumn("attack_success", &Row::attackSuccess, 6),
      optionalNumberColumn("far_successful", &Row::farSuccessful, 6),
  });
  return table;
}

namespace {

using Key = std::tuple<std::string, std::string, std::string, std::string>;  // method, head, pos_train, pos_test

std::vector<std::pair<Key, std::vector<const DetectRow*>>> groups(const std::vector<DetectRow>& rows) {
  return firstSeenGroups(rows, [](const DetectRow& row) { return Key{row.method, row.head, row.posTrain, row.posTest}; });
}

// Mean and std over the rows where the measure applies; nullopt where it never does.
template <typename Get>
std::optional<MeanStd> measure(const std::vector<const DetectRow*>& rows, Get get) {
  std::vector<double> values;
  for (const auto* row : rows)
    if (const std::optional<double> v = get(*row)) values.push_back(*v);
  if (values.empty()) return std::nullopt;
  return meanStd(values);
}

struct Measures {
  std::vector<std::pair<std::string, std::optional<MeanStd>>> values;
};

Measures measuresOf(const std::vector<const DetectRow*>& rows) {
  return {{{"target_flagged", measure(rows, [](const DetectRow& r) -> std::optional<double> {
              if (!r.targetFlagged) return std::nullopt;
              return *r.targetFlagged ? 1.0 : 0.0;
            })},
           {"anomaly_index", measure(rows, [](const DetectRow& r) { return r.anomalyIndex; })},
           {"mask_l1_target", measure(rows, [](const DetectRow& r) { return r.maskL1Target; })},
           {"mask_iou", measure(rows, [](const DetectRow& r) { return r.maskIou; })},
           {"frr", measure(rows, [](const DetectRow& r) { return r.frr; })},
           {"far", measure(rows, [](const DetectRow& r) { return r.far; })},
           {"attack_success", measure(rows, [](const DetectRow& r) { return r.attackSuccess; })},
           {"far_successful", measure(rows, [](const DetectRow& r) { return r.farSuccessful; })},
           {"poison_precision", measure(rows, [](const DetectRow& r) { return r.poisonPrecision; })},
           {"poison_recall", measure(rows, [](const DetectRow& r) { return r.poisonRecall; })}}};
}

}  // namespace

std::string detectSummaryJson(const std::vector<DetectRow>& rows, const ExperimentSpec& spec) {
  nlohmann::json cells = nlohmann::json::array();
  for (const auto& [key, members] : groups(rows)) {
    nlohmann::json cell = {{"method", std::get<0>(key)},
                           {"head", std::get<1>(key)},
                           {"pos_train", std::get<2>(key)},
                           {"pos_test", std::get<3>(key)},
                           {"n", members.size()}};
    for (const auto& [name, value] : measuresOf(members).values)
      if (value) cell[name] = {{"mean", value->mean}, {"std", value->std}};
    cells.push_back(cell);
  }
  return nlohmann::json{{"spec", nlohmann::json::parse(specToJson(spec))}, {"cells", cells}}.dump(2) + "\n";
}

std::string detectTable(const std::vector<DetectRow>& rows) {
  std::ostringstream out;
  char line[256];
  std::snprintf(line, sizeof line, "%-6s %-4s %-14s %-14s %3s  %s\n", "method", "head", "pos_train", "pos_test", "n",
                "mean over reps");
  out << line;
  for (const auto& [key, members] : groups(rows)) {
    std::string measures;
    for (const auto& [name, value] : measuresOf(members).values)
      if (value) measures += name + " " + fixed(value->mean, 3) + "  ";
    std::snprintf(line, sizeof line, "%-6s %-4s %-14s %-14s %3zu  ", std::get<0>(key).c_str(), std::get<1>(key).c_str(),
                  std::get<2>(key).c_str(), std::get<3>(key).empty() ? "-" : std::get<3>(key).c_str(), members.size());
    out << line << measures << '\n';
  }
  return out.str();
}

}  // namespace gaplab
