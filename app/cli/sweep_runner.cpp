// SPDX-License-Identifier: GPL-3.0-or-later
#include "sweep_runner.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "cli_support.h"
#include "commands.h"
#include "gaplab/atomic_file.h"
#include "gaplab/error.h"
#include "gaplab/experiment.h"
#include "progress_line.h"

namespace gaplab::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot read");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

json parseJson(const std::string& text, const std::string& origin) {
  try {
    return json::parse(text);
  } catch (const json::exception&) {
    throw Error(origin + ": not valid JSON");
  }
}

// Line count of CSV text whose every line ends in '\n'.
int lines(const std::string& text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); }

std::string jobFile(const std::string& workDir, int job, const char* extension) {
  char name[32];
  std::snprintf(name, sizeof name, "%05d%s", job, extension);
  return (fs::path(workDir) / "jobs" / name).string();
}

// The rows a work directory holds for `job`, if it finished there.
std::optional<std::string> finishedRows(const std::string& workDir, int job, const std::string& header) {
  const auto path = jobFile(workDir, job, ".csv");
  if (workDir.empty() || !fs::exists(path)) return std::nullopt;
  const auto text = readText(path);
  if (text.compare(0, header.size() + 1, header + "\n") != 0 || text.back() != '\n')
    throw Error(path + ": not a finished job of this sweep (delete it to run the job again)");
  return text.substr(header.size() + 1);
}

// Freezes the sweep into its work directory, or checks it is the one there.
void claimWorkDir(const std::string& workDir, const json& sweep) {
  fs::create_directories(fs::path(workDir) / "jobs");
  const auto path = (fs::path(workDir) / "sweep.json").string();
  if (fs::exists(path)) {
    if (parseJson(readText(path), path) != sweep)
      throw Error(workDir + " holds another sweep (" + path + " differs): use a new work directory");
    return;
  }
  writeFileAtomically(path, sweep.dump(2) + "\n");
}

}  // namespace

SweepOutcome runSweepJobs(SweepJobs& sweep, const SweepOutputs& outputs) {
  const int jobs = sweep.jobCount();
  std::vector<double> costs;
  for (int job = 0; job < jobs; ++job) costs.push_back(sweep.jobCost(job));
  const json identity = parseJson(sweep.identity(), "the sweep");
  const json frozen{{"command", sweep.kind()}, {"sweep", identity}};
  if (!outputs.workDir.empty()) claimWorkDir(outputs.workDir, frozen);
  std::vector<int> mine;
  if (outputs.shard) mine = shardJobs(costs, *outputs.shard);
  else
    for (int job = 0; job < jobs; ++job) mine.push_back(job);

  const auto header = sweep.header();
  std::map<int, std::string> rows;
  std::unique_ptr<Experiment> experiment;
  const auto open = [&] {
    experiment = Experiment::open(sweep.spec());
    warnIfLargePoisonShare(sweep.largestPoisonCount(*experiment), experiment->trainCount());
  };
  ProgressLine progress;
  const auto showProgress = [&](const JobProgress& p) {
    if (p.training())
      progress.training(p.job + 1, p.jobs, p.label, batchText(p.batch), p.batch.batch == p.batch.batches);
    else
      progress.update("[" + std::to_string(p.job + 1) + "/" + std::to_string(p.jobs) + "] " + p.label + ": " +
                      stageText(p.stage, p.done, p.total, p.secondsLeft));
  };
  int resumed = 0;
  for (const int job : mine) {
    if (auto done = finishedRows(outputs.workDir, job, header)) {
      rows[job] = *done;
      ++resumed;
      continue;
    }
    if (!experiment) open();
    const auto checkpoint = outputs.workDir.empty() ? std::string() : jobFile(outputs.workDir, job, ".pt");
    const auto written = sweep.runJobWritten(*experiment, job, checkpoint, showProgress, nullptr);
    for (const auto& line : written.described) progress.finish("  " + line);
    rows[job] = written.csv;
    if (!outputs.workDir.empty()) writeFileAtomically(jobFile(outputs.workDir, job, ".csv"), header + "\n" + rows[job]);
  }
  if (resumed > 0)
    std::fprintf(stderr, "resumed: %d of %d jobs were done in %s\n", resumed, static_cast<int>(mine.size()),
                 outputs.workDir.c_str());
  // The class count decides the failed-run filter (here or at the merge): a
  // run that resumed every job opens the data for it too.
  if (!experiment) open();
  const int classes = static_cast<int>(experiment->classNames().size());

  std::string csv = header + "\n";
  for (const auto& [job, text] : rows) csv += text;
  writeFileAtomically(outputs.out, csv);
  if (outputs.shard) {
    json jobRows = json::array();
    for (const auto& [job, text] : rows) jobRows.push_back({job, lines(text)});
    const json sidecar{{"gaplab_shard", 1}, {"command", sweep.kind()}, {"sweep", identity},
                       {"jobs", jobs},      {"shard", outputs.shard->text()},  {"classes", classes},
                       {"job_rows", jobRows}};
    writeFileAtomically(outputs.out + ".shard.json", sidecar.dump(2) + "\n");
    std::fprintf(stderr, "wrote shard %s (%d of %d jobs): %s and %s.shard.json\n", outputs.shard->text().c_str(),
                 static_cast<int>(mine.size()), jobs, outputs.out.c_str(), outputs.out.c_str());
    return {classes};
  }
  const auto report = sweep.report(csv, {outputs.dropFailed, classes});
  const auto summary = outputs.summary.empty() ? withExtension(outputs.out, ".json") : outputs.summary;
  writeFileAtomically(summary, report.summary);
  std::printf("%s", report.table.c_str());
  std::fprintf(stderr, "wrote %s and %s\n", outputs.out.c_str(), summary.c_str());
  return {classes};
}

Merged mergeShards(const std::string& out, const std::string& summary, bool dropFailed,
                   const std::vector<std::string>& shards) {
  if (shards.empty()) throw Error("no shard files given");
  json first;
  std::string header;
  std::map<int, std::pair<std::string, std::string>> rows;  // job -> (its rows, the shard it came from)
  for (const auto& path : shards) {
    const auto sidecarPath = path + ".shard.json";
    if (!fs::exists(sidecarPath)) throw Error(path + ": not a gaplab shard (no " + sidecarPath + ")");
    const auto sidecar = parseJson(readText(sidecarPath), sidecarPath);
    if (!sidecar.is_object() || sidecar.value("gaplab_shard", 0) != 1 || !sidecar.contains("job_rows"))
      throw Error(sidecarPath + ": not a gaplab shard description");
    if (first.is_null()) first = sidecar;
    else if (sidecar.at("command") != first.at("command") || sidecar.at("sweep") != first.at("sweep") ||
             sidecar.at("jobs") != first.at("jobs"))
      throw Error(path + ": a shard of another sweep than " + shards.front());
    const auto text = readText(path);
    const auto firstLine = text.find('\n');
    if (firstLine == std::string::npos) throw Error(path + ": empty or cut off");
    if (header.empty()) header = text.substr(0, firstLine);
    else if (text.substr(0, firstLine) != header) throw Error(path + ": another table than " + shards.front());
    std::size_t at = firstLine + 1;
    for (const auto& entry : sidecar.at("job_rows")) {
      const int job = entry.at(0).get<int>(), count = entry.at(1).get<int>();
      std::size_t end = at;
      for (int i = 0; i < count; ++i) {
        end = text.find('\n', end);
        if (end == std::string::npos) throw Error(path + ": has fewer rows than its description says (cut off?)");
        ++end;
      }
      if (rows.count(job)) throw Error("job " + std::to_string(job) + " is in both " + rows[job].second + " and " + path);
      rows[job] = {text.substr(at, end - at), path};
      at = end;
    }
    if (at != text.size()) throw Error(path + ": has more rows than its description says");
  }
  const int jobs = first.at("jobs").get<int>();
  std::string missing;
  int missingCount = 0;
  for (int job = 0; job < jobs; ++job)
    if (!rows.count(job)) {
      if (missingCount++ < 20) missing += (missing.empty() ? "" : ", ") + std::to_string(job);
    }
  if (missingCount > 0)
    throw Error(std::to_string(missingCount) + " of " + std::to_string(jobs) + " jobs are in no shard given: " + missing +
                (missingCount > 20 ? ", ..." : ""));
  std::string csv = header + "\n";
  for (const auto& [job, entry] : rows) csv += entry.first;
  const auto command = first.at("command").get<std::string>();
  const auto spec = specOfIdentity(first.at("sweep").dump(), shards.front() + ".shard.json");
  const auto report = sweepKind(command).report(spec, csv, {dropFailed, first.value("classes", 0)});
  writeFileAtomically(out, csv);
  const auto summaryPath = summary.empty() ? withExtension(out, ".json") : summary;
  writeFileAtomically(summaryPath, report.summary);
  std::printf("%s", report.table.c_str());
  std::fprintf(stderr, "merged %d shards (%d jobs) into %s and %s\n", static_cast<int>(shards.size()), jobs,
               out.c_str(), summaryPath.c_str());
  return {command, first.value("classes", 0)};
}

}  // namespace gaplab::cli
