// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/sound_features.h"

#include <cmath>

#include "gaplab/error.h"
#include "image_set_impl.h"
#include "process_tuning.h"

namespace gaplab {

namespace {

// Slaney's mel scale (librosa's default, htk=False).
double hzToMel(double hz) {
  const double linearStep = 200.0 / 3, breakHz = 1000.0, breakMel = breakHz / linearStep;
  const double logStep = std::log(6.4) / 27.0;
  return hz < breakHz ? hz / linearStep : breakMel + std::log(hz / breakHz) / logStep;
}

double melToHz(double mel) {
  const double linearStep = 200.0 / 3, breakHz = 1000.0, breakMel = breakHz / linearStep;
  const double logStep = std::log(6.4) / 27.0;
  return mel < breakMel ? mel * linearStep : breakHz * std::exp(logStep * (mel - breakMel));
}

std::vector<double> melEdges(const FeatureConfig& c) {
  const double top = hzToMel(c.rate / 2.0);
  std::vector<double> edges(static_cast<std::size_t>(c.nMels + 2));
  for (std::size_t i = 0; i < edges.size(); ++i) edges[i] = melToHz(top * static_cast<double>(i) / (edges.size() - 1));
  return edges;
}

// librosa.filters.mel(norm="slaney"): [nMels, nFft / 2 + 1]
torch::Tensor melFilterbank(const FeatureConfig& c) {
  const int bins = c.nFft / 2 + 1;
  const auto edges = melEdges(c);
  auto filters = torch::zeros({c.nMels, bins}, torch::kFloat64);
  auto accessor = filters.accessor<double, 2>();
  for (int m = 0; m < c.nMels; ++m) {
    const double low = edges[static_cast<std::size_t>(m)], centre = edges[static_cast<std::size_t>(m) + 1],
                 high = edges[static_cast<std::size_t>(m) + 2];
    const double norm = 2.0 / (high - low);
    for (int k = 0; k < bins; ++k) {
      const double f = static_cast<double>(k) * c.rate / c.nFft;
      const double rising = (f - low) / (centre - low), falling = (high - f) / (high - centre);
      accessor[m][k] = std::max(0.0, std::min(rising, falling)) * norm;
    }
  }
  return filters.to(torch::kFloat32);
}

// Orthonormal DCT-II matrix [nMfcc, nMels].
torch::Tensor dctMatrix(int nMfcc, int nMels) {
  auto basis = torch::zeros({nMfcc, nMels}, torch::kFloat64);
  auto a = basis.accessor<double, 2>();
  for (int k = 0; k < nMfcc; ++k)
    for (int n = 0; n < nMels; ++n)
      a[k][n] = std::cos(M_PI * k * (2 * n + 1) / (2.0 * nMels)) * std::sqrt((k == 0 ? 1.0 : 2.0) / nMels);
  return basis.to(torch::kFloat32);
}

}  // namespace

void FeatureConfig::validate() const {
  if (kind != "mfcc" && kind != "logmel") throw Error("unknown features '" + kind + "' (known: mfcc, logmel)");
  if (rate <= 0 || nFft <= 0 || hop <= 0 || nMels <= 0 || nMfcc <= 0)
    throw Error("feature settings must be positive");
  if (kind == "mfcc" && nMfcc > nMels)
    throw Error("n_mfcc " + std::to_string(nMfcc) + " exceeds the " + std::to_string(nMels) + " mel bands");
}

int featureFrames(const FeatureConfig& c, int clipLength) { return 1 + clipLength / c.hop; }
int featureBins(const FeatureConfig& c) { return c.kind == "mfcc" ? c.nMfcc : c.nMels; }

std::vector<double> melCentreFrequencies(const FeatureConfig& c) {
  const auto edges = melEdges(c);
  return std::vector<double>(edges.begin() + 1, edges.end() - 1);
}

ImageSet extractFeatures(const std::vector<std::vector<float>>& clips, const std::vector<int>& labels,
                         const std::vector<std::string>& classNames, const FeatureConfig& c) {
  c.validate();
  if (clips.size() != labels.size()) throw Error("got " + std::to_string(labels.size()) + " labels for " +
                                                 std::to_string(clips.size()) + " clips");
  const int bins = featureBins(c);
  if (clips.empty()) return wrapTensors(torch::zeros({0, 1, 1, bins}), torch::zeros({0}, torch::kLong), classNames);
  const auto length = static_cast<int64_t>(clips.front().size());
  if (length <= c.nFft / 2) throw Error("clips of " + std::to_string(length) + " samples are shorter than half a frame");
  for (const auto& clip : clips)
    if (static_cast<int64_t>(clip.size()) != length) throw Error("clips must all have the same length");

  tuneProcessForTorch();  // its matrix products run on OpenBLAS
  torch::InferenceMode inference;
  const auto window = torch::hann_window(c.nFft, torch::TensorOptions().dtype(torch::kFloat32));
  const auto filters = melFilterbank(c);
  const auto dct = c.kind == "mfcc" ? dctMatrix(c.nMfcc, c.nMels) : torch::Tensor();
  const int64_t frames = featureFrames(c, static_cast<int>(length));
  auto features = torch::empty({static_cast<int64_t>(clips.size()), 1, frames, bins});
  // One clip at a time, so that a clip's features never depend on the clips
  // beside it. In a batch, LibTorch's elementwise kernels compute the last
  // few elements of each vectorised loop with scalar code (complex abs and
  // log10 round differently there), and a matrix product over the batch is
  // one GEMM whose edge blocks round differently: the same clip came out with
  // other bits at row 1 than at row 0. Per clip is as fast: the clips are short.
  for (std::size_t i = 0; i < clips.size(); ++i) {
    const auto clip = torch::from_blob(const_cast<float*>(clips[i].data()), {1, length});
    const auto spectrum = torch::stft(clip, c.nFft, c.hop, c.nFft, window, /*center=*/true, "reflect",
                                      /*normalized=*/false, /*onesided=*/true, /*return_complex=*/true)[0];
    const auto power = spectrum.abs().pow(2);                       // [bins, frames]
    const auto mel = torch::matmul(filters, power);                 // [mels, frames]
    auto db = 10.0 * torch::log10(torch::clamp_min(mel, 1e-10));   // power_to_db, ref 1
    db = torch::maximum(db, db.max() - 80.0);                       // top_db 80, per clip
    const auto coefficients = c.kind == "mfcc" ? torch::matmul(dct, db) : db;  // [bins, frames]
    features[static_cast<int64_t>(i)][0].copy_(coefficients.t());
  }
  return wrapTensors(features, toIndexTensor(labels), classNames);
}

FeatureNormaliser FeatureNormaliser::fit(const ImageSet& train) {
  if (train.size() == 0) throw Error("cannot fit feature statistics on an empty training split");
  const auto& x = imagesOf(train);  // [N, 1, frames, bins]
  const auto mean = x.mean({0, 1, 2});
  const auto std = x.std({0, 1, 2}).clamp_min(1e-6);
  FeatureNormaliser n;
  n.mean.assign(mean.data_ptr<float>(), mean.data_ptr<float>() + mean.numel());
  n.std.assign(std.data_ptr<float>(), std.data_ptr<float>() + std.numel());
  return n;
}

ImageSet FeatureNormaliser::apply(const ImageSet& features) const {
  if (empty()) return features;
  const auto& x = imagesOf(features);
  if (x.size(3) != static_cast<int64_t>(mean.size()))
    throw Error("features have " + std::to_string(x.size(3)) + " coefficients, the statistics " +
                std::to_string(mean.size()));
  const auto m = torch::tensor(mean).view({1, 1, 1, -1});
  const auto s = torch::tensor(std).view({1, 1, 1, -1});
  return wrapTensors((x - m) / s, labelsOf(features), features.classNames());
}

}  // namespace gaplab
