// SPDX-License-Identifier: GPL-3.0-or-later
// report.json of `gaplab-cli detect` (schema: docs/defences.md).
#include <nlohmann/json.hpp>

#include "gaplab/defences.h"

namespace gaplab {

namespace {

using nlohmann::json;

json ncJson(const NeuralCleanseReport& nc, json& classes) {
  for (const auto& c : nc.classes) {
    json entry = {{"class", c.cls},
                  {"mask_l1", c.maskL1},
                  {"anomaly_index", c.anomalyIndex},
                  {"reversed_asr", c.reversedAsr},
                  {"cost", c.cost},
                  {"steps", c.steps},
                  {"reached_threshold", c.reachedThreshold},
                  {"mask_centre", {c.centreRow, c.centreCol}},
                  {"mask_iou", c.iou ? json(*c.iou) : json(nullptr)}};
    json moved = json::object();
    for (const auto& [placement, asr] : c.asrByPosition) moved[placement] = asr;
    entry["asr_by_position"] = moved;
    classes.push_back(entry);
  }
  return {{"median", nc.median},
          {"mad", nc.mad},
          {"anomaly_index", nc.anomalyIndex},
          {"mad_applies", nc.madApplies},
          {"norm_ratio", nc.normRatio},
          {"note", nc.madApplies ? "" : "with two classes the MAD anomaly index is always 0.6745: compare the raw norms"}};
}

json stripJson(const StripReport& s) {
  json positions = json::object();
  for (const auto& p : s.positions)
    positions[p.placement] = {{"far", s.boundaryUsed == "empirical" ? p.farEmpirical : p.farNormal},
                              {"far_normal", p.farNormal},
                              {"far_empirical", p.farEmpirical},
                              {"attack_success", p.attackSuccess},
                              {"successful", p.successful},
                              {"far_successful", s.boundaryUsed == "empirical" ? p.farSuccessfulEmpirical
                                                                               : p.farSuccessfulNormal},
                              {"inputs", p.entropies.size()}};
  return {{"overlays", s.overlays},
          {"frr", s.frr},
          {"clean_inputs", s.cleanEntropies.size()},
          {"clean_mean", s.cleanMean},
          {"clean_std", s.cleanStd},
          {"boundary_normal", s.boundaryNormal},
          {"boundary_empirical", s.boundaryEmpirical},
          {"frr_normal", s.frrNormal},
          {"frr_empirical", s.frrEmpirical},
          {"boundary_used", s.boundaryUsed},
          {"far_by_position", positions}};
}

json poisonJson(const PoisonFilterReport& p) {
  json labels = json::array();
  for (const auto& l : p.labels)
    labels.push_back({{"label", l.label},
                      {"size", l.size},
                      {"flagged", l.flagged},
                      {"poisoned", l.poisoned},
                      {"cluster_sizes", l.clusterSizes},
                      {"silhouette", l.silhouette},
                      {"cutoff", l.cutoff}});
  return {{"precision", p.precision},
          {"recall", p.recall},
          {"flagged", p.flaggedCount},
          {"poisoned", p.poisonedCount},
          {"labels", labels}};
}

}  // namespace

std::string defenceReportJson(const DefenceReport& r) {
  json classes = json::array();
  json out = {{"method", defenceMethodName(r.method)},
              {"checkpoint", r.checkpoint},
              {"head", r.head},
              {"train_position", r.trainPosition},
              {"target", r.target},
              {"class_names", r.classNames},
              {"flagged", r.flagged},
              {"seconds", r.seconds}};
  out["neural_cleanse"] = r.nc ? ncJson(*r.nc, classes) : json(nullptr);
  out["classes"] = classes;
  out["strip"] = r.strip ? stripJson(*r.strip) : json(nullptr);
  out["poison"] = r.poison ? poisonJson(*r.poison) : json(nullptr);
  return out.dump(2) + "\n";
}

}  // namespace gaplab
