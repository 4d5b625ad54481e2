// SPDX-License-Identifier: GPL-3.0-or-later
// The kinds of sweep: what a merge, which knows a sweep only by the name and
// identity its shards record, needs to report one.
#include <nlohmann/json.hpp>

#include "gaplab/budget.h"
#include "gaplab/detect_grid.h"
#include "gaplab/experiment.h"
#include "gaplab/grid.h"
#include "gaplab/sweep_jobs.h"

namespace gaplab {

int SweepJobs::largestPoisonCount(const Experiment&) const { return spec().poisonCount; }

SweepReport SweepJobs::report(const std::string& csv, const FailedRunFilter& filter) const {
  return sweepKind(kind()).report(spec(), csv, filter);
}

const std::vector<SweepKind>& sweepKinds() {
  static const std::vector<SweepKind> kinds{
      {"grid",
       [](const ExperimentSpec& spec, const std::string& csv, const FailedRunFilter& filter) {
         const auto rows = gridCsvTable().parse(csv, "the grid's CSV");
         return SweepReport{gridSummaryJson(rows, spec, filter), gridTable(rows, filter)};
       }},
      {"budget",
       [](const ExperimentSpec& spec, const std::string& csv, const FailedRunFilter& filter) {
         const auto rows = budgetCsvTable().parse(csv, "the budget's CSV");
         return SweepReport{budgetSummaryJson(rows, spec, filter), budgetTable(rows, filter)};
       }},
      // A defence's verdict is not a trained run that can fail: no filter.
      {"detect-grid",
       [](const ExperimentSpec& spec, const std::string& csv, const FailedRunFilter&) {
         const auto rows = detectCsvTable().parse(csv, "the detect grid's CSV");
         return SweepReport{detectSummaryJson(rows, spec), detectTable(rows)};
       }},
  };
  return kinds;
}

const SweepKind& sweepKind(const std::string& name) {
  std::string known;
  for (const auto& kind : sweepKinds()) {
    if (kind.name == name) return kind;
    known += (known.empty() ? "" : ", ") + kind.name;
  }
  throw Error("unknown kind of sweep '" + name + "' (known: " + known + ")");
}

ExperimentSpec specOfIdentity(const std::string& identity, const std::string& origin) {
  nlohmann::json parsed;
  try {
    parsed = nlohmann::json::parse(identity);
  } catch (const nlohmann::json::exception&) {
    throw Error(origin + ": not valid JSON");
  }
  if (!parsed.is_object() || !parsed.contains("spec")) throw Error(origin + ": names no spec");
  return specFromJson(parsed.at("spec").dump(), ExperimentSpec{}, origin + "'s spec");
}

}  // namespace gaplab
