// SPDX-License-Identifier: GPL-3.0-or-later
// What the defences see of a sound model: normalised feature images
// (frames x coefficients) bounded per coefficient by the training features;
// STRIP-ViTA's superimposition sums the waveforms and featurises the sum
// through the project's own pipeline, never the features.
#include "gaplab/error.h"
#include "gaplab/sound_protocol.h"
#include "gaplab/stamping.h"
#include "image_model_subject.h"
#include "modalities.h"

namespace gaplab {

namespace {

class SoundDefenceSubject : public ImageModelSubject {
public:
  SoundDefenceSubject(std::shared_ptr<const SoundProtocol> protocol, LoadedCheckpoint loaded)
      : ImageModelSubject(std::move(loaded), protocol->cleanTest()), protocol_(std::move(protocol)) {
    // The box of every coefficient over the training features.
    const auto& train = imagesOf(protocol_->cleanTrain());
    const auto bins = train.size(3);
    lower_ = std::get<0>(train.transpose(0, 3).reshape({bins, -1}).min(1)).view({1, 1, bins});
    upper_ = std::get<0>(train.transpose(0, 3).reshape({bins, -1}).max(1)).view({1, 1, bins});
  }

  torch::Tensor lower() const override { return lower_; }
  torch::Tensor upper() const override { return upper_; }

  torch::Tensor checked(const std::vector<int>& rows, const std::string& placement) override {
    const auto test = testRows(rows);
    const auto clean = test_.select(test);
    if (placement.empty()) return imagesOf(clean);
    std::vector<std::vector<float>> clips;
    for (int row : test) clips.push_back(protocol_->clips().test[static_cast<std::size_t>(row)]);
    return imagesOf(protocol_->triggeredFeatures(clips, clean, clean.labels(), placement));
  }

  torch::Tensor superimposed(int row, const std::string& placement, const std::vector<int>& partners) override {
    const auto& clips = protocol_->clips().test;
    const auto& clip = clips[static_cast<std::size_t>(testRows({row})[0])];
    std::vector<std::vector<float>> sums;
    for (int partner : partners) {
      sums.push_back(clip);
      const auto& other = clips[static_cast<std::size_t>(partner)];
      for (std::size_t i = 0; i < std::min(other.size(), sums.back().size()); ++i) sums.back()[i] += other[i];
    }
    const std::vector<int> labels(sums.size(), 0);
    const bool painted = protocol_->spec().sound.trigger.kind == "painted";
    ImageSet features;
    if (placement.empty()) features = protocol_->features(sums, labels);
    else features = protocol_->triggeredFeatures(sums, painted ? protocol_->features(sums, labels) : ImageSet(), labels, placement);
    return probabilitiesOf(*this, imagesOf(features));
  }

  std::optional<CellBox> triggerCells(const std::string& placement) const override {
    if (isRandomPlacement(placement)) return std::nullopt;
    const auto& s = protocol_->spec().sound;
    const auto shape = test_.shape();
    if (s.trigger.kind == "painted") {
      const auto& t = record_.spec.trigger;
      const auto p = paintedPosition(placement, shape.height, shape.width, t.height, t.width, s.trigger.bin,
                                     double(s.rate) / s.features.hop);
      return CellBox{p.y, p.x, t.height, t.width};
    }
    // A waveform trigger covers every coefficient of the frames its samples reach.
    const auto signal = protocol_->trigger().signal(placement);
    const auto first = std::find_if(signal.begin(), signal.end(), [](float v) { return v != 0; });
    const auto last = std::find_if(signal.rbegin(), signal.rend(), [](float v) { return v != 0; });
    if (first == signal.end()) return std::nullopt;
    const int begin = static_cast<int>(first - signal.begin()), end = static_cast<int>(signal.rend() - last);
    if (end - begin > protocol_->trigger().points() + s.features.hop) return std::nullopt;  // split: two places
    const int row = begin / s.features.hop;
    const int rows = std::min(shape.height, (end + s.features.hop - 1) / s.features.hop) - row;
    return CellBox{row, 0, std::max(rows, 1), shape.width};
  }

  TrainingRepresentations representations(const std::atomic<bool>* stop) override {
    const auto poisoned = protocol_->poisonedTrainingSet(record_.trainPosition, record_.seed, record_.spec.poisonCount);
    TrainingRepresentations result;
    result.features = representationsOf(imagesOf(poisoned.features), stop);
    result.labels = poisoned.features.labels();
    result.poisoned.assign(result.labels.size(), 0);
    for (int i : poisoned.chosen) result.poisoned[static_cast<std::size_t>(i)] = 1;
    return result;
  }

  bool empiricalStripBoundary() const override { return true; }

private:
  std::shared_ptr<const SoundProtocol> protocol_;
  torch::Tensor lower_, upper_;
};

}  // namespace

std::unique_ptr<DefenceSubject> soundDefenceSubject(std::shared_ptr<const SoundProtocol> protocol,
                                                    const std::string& checkpoint) {
  auto loaded = loadCheckpoint(checkpoint);
  if (!(loaded.model.config().input == protocol->cleanTest().shape()))
    throw Error(checkpoint + ": the model expects other features than these clips give");
  // The defences attack the trigger the model was poisoned with, not the one
  // the open experiment has since been given.
  const auto& trained = loaded.info.spec;
  auto withTrained = protocol->spec();
  withTrained.sound.trigger = trained.sound.trigger;
  withTrained.trigger = trained.trigger;
  if (specToJson(withTrained) != specToJson(protocol->spec()))
    protocol = std::make_shared<const SoundProtocol>(protocol->withTriggerOf(trained));
  return std::make_unique<SoundDefenceSubject>(std::move(protocol), std::move(loaded));
}

}  // namespace gaplab
