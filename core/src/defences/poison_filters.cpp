// SPDX-License-Identifier: GPL-3.0-or-later
// The training-set filters: Activation Clustering (Chen et al.:
// per training label, FastICA to 10 dimensions, k-means with k = 2, the
// smaller cluster flagged by its relative size, optionally its silhouette)
// and Spectral Signatures (Tran et al.: per label, the centred
// representations' top singular vector, the top 1.5 eps scores removed), on
// the representation before the head, scored against the known poison.
#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>
#include <functional>

#include "defence_methods.h"
#include "gaplab/error.h"
#include "random_stream.h"

namespace gaplab {

namespace {

// W <- (W W^T)^(-1/2) W.
torch::Tensor symmetricDecorrelation(const torch::Tensor& w) {
  const auto [values, vectors] = torch::linalg::eigh(w.mm(w.t()), "L");
  return vectors.mm(torch::diag(values.clamp_min(1e-300).rsqrt())).mm(vectors.t()).mm(w);
}

// The k leading principal directions [d, k] of centred rows [n, d] and the
// variances along them, from the economy SVD: a flattened FC representation
// has tens of thousands of dimensions, and a d x d covariance would not fit.
std::pair<torch::Tensor, torch::Tensor> principalDirections(const torch::Tensor& centred, int64_t k) {
  const auto [u, singular, vh] = torch::linalg::svd(centred, false, c10::nullopt);
  const auto variances = singular.narrow(0, 0, k).square() / double(centred.size(0));
  return {vh.narrow(0, 0, k).t(), variances};
}

// FastICA as scikit-learn's defaults (parallel, logcosh, whitening by PCA),
// with ART's max_iter 1000 and tol 0.005: [n, d] -> [n, components].
torch::Tensor fastIca(const torch::Tensor& data, int components, std::uint64_t seed) {
  const auto x = data.to(torch::kDouble);
  const auto centred = x - x.mean(0, true);
  const int64_t n = x.size(0);
  const int64_t k = std::min<int64_t>({components, x.size(1), n - 1});
  const auto [directions, variances] = principalDirections(centred, k);
  const auto whitened = centred.mm(directions) / variances.clamp_min(1e-12).sqrt();  // [n, k]
  auto stream = makeRandomStream(seed ^ 0x1caULL);
  auto w = symmetricDecorrelation(torch::randn({k, k}, stream, torch::kDouble));
  for (int iteration = 0; iteration < 1000; ++iteration) {
    const auto g = torch::tanh(whitened.mm(w.t()));                      // [n, k]
    const auto gPrime = (1 - g * g).mean(0);                              // [k]
    const auto next = symmetricDecorrelation(g.t().mm(whitened) / double(n) - gPrime.unsqueeze(1) * w);
    const double change = (torch::diag(next.mm(w.t())).abs() - 1).abs().max().item<double>();
    w = next;
    if (change < 0.005) break;
  }
  return whitened.mm(w.t());
}

// Mean silhouette of a two-cluster labelling (Euclidean), in row chunks.
double silhouette(const torch::Tensor& points, const std::vector<int>& cluster) {
  const int64_t n = points.size(0);
  const auto assignment = torch::tensor(std::vector<int64_t>(cluster.begin(), cluster.end()));
  const auto inFirst = assignment.eq(0).to(torch::kDouble);
  const double sizes[2] = {inFirst.sum().item<double>(), double(n) - inFirst.sum().item<double>()};
  if (sizes[0] < 1 || sizes[1] < 1) return 0;
  double total = 0;
  for (int64_t start = 0; start < n; start += 512) {
    const int64_t rows = std::min<int64_t>(512, n - start);
    const auto distances = torch::cdist(points.narrow(0, start, rows), points);  // [rows, n]
    const auto toFirst = distances.mv(inFirst), toSecond = distances.sum(1) - toFirst;
    for (int64_t i = 0; i < rows; ++i) {
      const int own = cluster[static_cast<std::size_t>(start + i)];
      const double ownSize = sizes[own] - 1;
      if (ownSize < 1) continue;  // a singleton's silhouette is 0
      const double a = (own == 0 ? toFirst[i] : toSecond[i]).item<double>() / ownSize;
      const double b = (own == 0 ? toSecond[i] : toFirst[i]).item<double>() / sizes[1 - own];
      total += (b - a) / std::max({a, b, 1e-300});
    }
  }
  return total / double(n);
}

// Two-means on [n, k] rows with OpenCV, k-means++ and 10 attempts, seeded.
std::vector<int> twoMeans(const torch::Tensor& points, std::uint64_t seed) {
  const auto values = points.to(torch::kFloat).contiguous();
  const cv::Mat data(static_cast<int>(values.size(0)), static_cast<int>(values.size(1)), CV_32F, values.data_ptr<float>());
  cv::Mat labels;
  // cv::kmeans draws from the thread's cv::theRNG(): seed it, and put it back.
  auto& rng = cv::theRNG();
  const auto saved = rng.state;
  rng.state = seed | 1;
  cv::kmeans(data, 2, labels, cv::TermCriteria(cv::TermCriteria::EPS + cv::TermCriteria::COUNT, 300, 1e-4), 10,
             cv::KMEANS_PP_CENTERS);
  rng.state = saved;
  return std::vector<int>(labels.begin<int>(), labels.end<int>());
}

std::vector<std::vector<int>> rowsByLabel(const TrainingRepresentations& r) {
  int classes = 0;
  for (int l : r.labels) classes = std::max(classes, l + 1);
  std::vector<std::vector<int>> rows(static_cast<std::size_t>(classes));
  for (std::size_t i = 0; i < r.labels.size(); ++i) rows[static_cast<std::size_t>(r.labels[i])].push_back(static_cast<int>(i));
  return rows;
}

void score(PoisonFilterReport& report, const TrainingRepresentations& r, const std::vector<char>& flagged) {
  int truePositives = 0;
  for (std::size_t i = 0; i < flagged.size(); ++i) {
    report.flaggedCount += flagged[i];
    report.poisonedCount += r.poisoned[i];
    truePositives += flagged[i] && r.poisoned[i];
  }
  report.precision = report.flaggedCount ? double(truePositives) / report.flaggedCount : 0;
  report.recall = report.poisonedCount ? double(truePositives) / report.poisonedCount : 0;
}

torch::Tensor rowsOf(const torch::Tensor& features, const std::vector<int>& rows) {
  return features.index_select(0, torch::tensor(std::vector<int64_t>(rows.begin(), rows.end())));
}

}  // namespace

namespace {

// One label's verdict: which of its rows are flagged, and per row the point a
// plot of the target label shows ([n, 2]).
struct LabelVerdict {
  std::vector<char> flagged;
  torch::Tensor points;
};
using LabelFilter = std::function<LabelVerdict(const torch::Tensor& features, PoisonFilterLabel& entry)>;

// Runs `filter` on every training label with at least `minimum` samples and
// scores the flags against the known poison.
PoisonFilterReport filterEachLabel(DefenceSubject& subject, const std::string& name, std::size_t minimum,
                                   const TrainingRepresentations& r, const DefenceProgressFn& progress,
                                   const std::atomic<bool>* stop, const LabelFilter& filter) {
  const auto byLabel = rowsByLabel(r);
  PoisonFilterReport report;
  std::vector<char> flagged(r.labels.size(), 0);
  for (std::size_t label = 0; label < byLabel.size(); ++label) {
    checkStop(stop);
    const auto& rows = byLabel[label];
    PoisonFilterLabel entry;
    entry.label = static_cast<int>(label);
    entry.size = static_cast<int>(rows.size());
    for (int row : rows) entry.poisoned += r.poisoned[static_cast<std::size_t>(row)];
    if (rows.size() >= minimum) {
      const auto verdict = filter(rowsOf(r.features, rows), entry);
      for (std::size_t i = 0; i < rows.size(); ++i) {
        flagged[static_cast<std::size_t>(rows[i])] = verdict.flagged[i];
        entry.flagged += verdict.flagged[i];
      }
      if (static_cast<int>(label) == subject.target()) {
        const auto xy = verdict.points.to(torch::kFloat).contiguous();
        const auto* values = xy.data_ptr<float>();
        for (std::size_t i = 0; i < rows.size(); ++i) {
          report.x.push_back(values[2 * i]);
          report.y.push_back(values[2 * i + 1]);
          report.poisoned.push_back(r.poisoned[static_cast<std::size_t>(rows[i])]);
          report.flagged.push_back(verdict.flagged[i]);
        }
      }
    }
    report.labels.push_back(entry);
    if (progress) progress({name, static_cast<int>(label) + 1, static_cast<int>(byLabel.size()), -1});
  }
  score(report, r, flagged);
  return report;
}

}  // namespace

PoisonFilterReport activationClustering(DefenceSubject& subject, const PoisonFilterSettings& s, std::uint64_t seed,
                                        const DefenceProgressFn& progress, const std::atomic<bool>* stop) {
  if (s.components < 1) throw Error("Activation Clustering needs at least one dimension, not " + std::to_string(s.components));
  if (progress) progress({"Activation Clustering: representations", 0, 1, -1});
  const auto r = subject.representations(stop);
  return filterEachLabel(subject, "Activation Clustering", 3, r, progress, stop,
                         [&](const torch::Tensor& features, PoisonFilterLabel& entry) {
                           const auto labelSeed = seed + static_cast<std::uint64_t>(entry.label);
                           const auto reduced = fastIca(features, s.components, labelSeed);
                           const auto cluster = twoMeans(reduced, labelSeed);
                           const int first = static_cast<int>(std::count(cluster.begin(), cluster.end(), 0));
                           entry.clusterSizes = {first, entry.size - first};
                           entry.silhouette = silhouette(reduced, cluster);
                           const int smaller = first <= entry.size - first ? 0 : 1;
                           const double share = double(entry.clusterSizes[static_cast<std::size_t>(smaller)]) / entry.size;
                           const bool suspicious =
                               share < s.relativeSize && (!s.useSilhouette || entry.silhouette > s.silhouette);
                           LabelVerdict verdict;
                           for (int c : cluster) verdict.flagged.push_back(suspicious && c == smaller);
                           verdict.points = reduced.size(1) > 1 ? reduced.narrow(1, 0, 2)
                                                                : torch::cat({reduced, torch::zeros_like(reduced)}, 1);
                           return verdict;
                         });
}

PoisonFilterReport spectralSignatures(DefenceSubject& subject, const PoisonFilterSettings& s,
                                      const DefenceProgressFn& progress, const std::atomic<bool>* stop) {
  if (s.epsilon && !(*s.epsilon > 0 && *s.epsilon <= 1))
    throw Error("Spectral Signatures' epsilon must lie in (0, 1], not " + std::to_string(*s.epsilon));
  if (progress) progress({"Spectral Signatures: representations", 0, 1, -1});
  const auto r = subject.representations(stop);
  // Default eps: the poison's share of the target label (Tran et al.'s setting: 500 relabelled into a
  // class of 5,000), applied to every label, as a defender who knew the budget but not the target would.
  const auto poisonTotal = std::count(r.poisoned.begin(), r.poisoned.end(), 1);
  const auto targetSize = std::count(r.labels.begin(), r.labels.end(), subject.target());
  const double epsilon = s.epsilon.value_or(targetSize ? double(poisonTotal) / double(targetSize) : 0);
  return filterEachLabel(subject, "Spectral Signatures", 2, r, progress, stop,
                         [&](const torch::Tensor& features, PoisonFilterLabel& entry) {
                           const auto values = features.to(torch::kDouble);
                           const auto centred = values - values.mean(0, true);
                           const auto top = principalDirections(centred, 1).first.select(1, 0);  // top right singular vector
                           const auto scores = centred.mv(top).abs();
                           LabelVerdict verdict;
                           verdict.flagged.assign(static_cast<std::size_t>(entry.size), 0);
                           const auto removed =
                               std::min<int64_t>(entry.size, std::llround(s.epsilonMultiplier * epsilon * entry.size));
                           if (removed > 0) {
                             const auto [topScores, topRows] = scores.topk(removed);
                             entry.cutoff = topScores[removed - 1].item<double>();
                             const auto* index = topRows.data_ptr<int64_t>();
                             for (int64_t i = 0; i < removed; ++i) verdict.flagged[static_cast<std::size_t>(index[i])] = 1;
                           }
                           verdict.points = torch::stack({scores, torch::zeros_like(scores)}, 1);
                           return verdict;
                         });
}

}  // namespace gaplab
