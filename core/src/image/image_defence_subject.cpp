// SPDX-License-Identifier: GPL-3.0-or-later
// What the defences see of an image model: pixels in [0, 1], the trigger
// stamped, STRIP's superimposition the official sum (no clipping).
#include "gaplab/error.h"
#include "gaplab/image_experiment.h"
#include "gaplab/stamping.h"
#include "image_model_subject.h"
#include "modalities.h"

namespace gaplab {

namespace {

class ImageDefenceSubject : public ImageModelSubject {
public:
  ImageDefenceSubject(const ExperimentData& data, LoadedCheckpoint loaded)
      : ImageModelSubject(std::move(loaded), data.splits.test), data_(data),
        trigger_(makeTrigger(record_.spec.trigger, data.splits.test.shape().channels)) {}

  torch::Tensor lower() const override { return torch::zeros({1}); }
  torch::Tensor upper() const override { return torch::ones({1}); }

  torch::Tensor checked(const std::vector<int>& rows, const std::string& placement) override {
    auto inputs = test_.select(testRows(rows));
    if (!placement.empty()) inputs = stampAll(inputs, trigger_, positionOf(placement));
    return imagesOf(inputs);
  }

  torch::Tensor superimposed(int row, const std::string& placement, const std::vector<int>& partners) override {
    return probabilitiesOf(*this, checked({row}, placement) + heldOut(partners));
  }

  std::optional<CellBox> triggerCells(const std::string& placement) const override {
    if (isRandomPlacement(placement)) return std::nullopt;
    const auto p = positionOf(placement);
    return CellBox{p.y, p.x, trigger_.height, trigger_.width};
  }

  TrainingRepresentations representations(const std::atomic<bool>* stop) override {
    const auto poisoned = poisonedTrainingSet(record_.spec, data_, record_.trainPosition, record_.seed);
    TrainingRepresentations result;
    result.features = representationsOf(imagesOf(poisoned.images), stop);
    result.labels = poisoned.images.labels();
    result.poisoned.assign(result.labels.size(), 0);
    for (int i : poisoned.indices) result.poisoned[static_cast<std::size_t>(i)] = 1;
    return result;
  }

  bool empiricalStripBoundary() const override { return false; }

private:
  Position positionOf(const std::string& placement) const {
    const auto s = test_.shape();
    return resolvePosition(placement, s.height, s.width, {trigger_.height, trigger_.width});
  }

  const ExperimentData& data_;
  Trigger trigger_;
};

}  // namespace

std::unique_ptr<DefenceSubject> imageDefenceSubject(const ExperimentData& data, const std::string& checkpoint) {
  auto loaded = loadCheckpoint(checkpoint);
  if (!(loaded.model.config().input == data.splits.test.shape()))
    throw Error(checkpoint + ": the model expects other input than this dataset's images");
  return std::make_unique<ImageDefenceSubject>(data, std::move(loaded));
}

}  // namespace gaplab
