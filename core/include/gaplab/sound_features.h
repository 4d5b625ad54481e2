// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <string>
#include <vector>

#include "gaplab/image_set.h"

namespace gaplab {

// librosa-compatible features, computed in batches with torch::stft:
// centred Hann frames, power spectrum, Slaney mel filterbank, power_to_db
// (top_db 80), and for MFCCs an orthonormal DCT-II.
struct FeatureConfig {
  std::string kind = "mfcc";  // mfcc | logmel
  int rate = 16000;
  int nFft = 400;   // 25 ms at 16 kHz
  int hop = 160;    // 10 ms at 16 kHz
  int nMels = 128;  // mel bands (librosa's default for MFCCs; the feature count for logmel)
  int nMfcc = 40;

  void validate() const;
};

int featureFrames(const FeatureConfig& config, int clipLength);  // 1 + L / hop
int featureBins(const FeatureConfig& config);                     // nMfcc or nMels
std::vector<double> melCentreFrequencies(const FeatureConfig& config);

// Clips of equal length -> images [N, 1, frames, bins]: time runs down, the
// coefficient (or mel band) across, so a trigger's onset is a row offset.
ImageSet extractFeatures(const std::vector<std::vector<float>>& clips, const std::vector<int>& labels,
                         const std::vector<std::string>& classNames, const FeatureConfig& config);

// Per-coefficient mean and standard deviation, fitted on the training split only.
struct FeatureNormaliser {
  std::vector<float> mean;
  std::vector<float> std;
  static FeatureNormaliser fit(const ImageSet& train);
  ImageSet apply(const ImageSet& features) const;
  bool empty() const { return mean.empty(); }
};

}  // namespace gaplab
