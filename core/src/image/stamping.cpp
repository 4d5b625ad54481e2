// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/stamping.h"

#include "gaplab/error.h"
#include "image_set_impl.h"

namespace gaplab {

namespace {

void checkCompatible(ImageShape shape, const Trigger& trigger) {
  trigger.validate();
  if (trigger.channels != 1 && trigger.channels != shape.channels)
    throw Error("trigger has " + std::to_string(trigger.channels) + " channels, the input has " +
                std::to_string(shape.channels));
}

struct TriggerTensors {
  torch::Tensor pattern;  // [C or 1, h, w]
  torch::Tensor mask;     // [1, h, w]
};

TriggerTensors tensorsOf(const Trigger& t) {
  auto pattern = torch::from_blob(const_cast<float*>(t.pattern.data()), {t.channels, t.height, t.width}).clone();
  auto mask = torch::from_blob(const_cast<float*>(t.mask.data()), {1, t.height, t.width}).clone();
  return {pattern, mask};
}

// Stamps `batch` ([N, C, H, W]) in place at one position.
void stampRegion(torch::Tensor& batch, const Trigger& t, const TriggerTensors& tt, Position p) {
  checkFits(p, static_cast<int>(batch.size(2)), static_cast<int>(batch.size(3)), {t.height, t.width});
  auto region = batch.narrow(2, p.y, t.height).narrow(3, p.x, t.width);
  switch (t.blend) {
    case BlendMode::Add: region.add_(tt.mask * tt.pattern); break;
    case BlendMode::Replace: region.mul_(1 - tt.mask).add_(tt.mask * tt.pattern); break;
    case BlendMode::Alpha: {
      const auto weight = t.alpha * tt.mask;
      region.mul_(1 - weight).add_(weight * tt.pattern);
      break;
    }
  }
  if (t.clip) region.clamp_(0.0, 1.0);
}

}  // namespace

void stampImage(std::vector<float>& chw, ImageShape shape, const Trigger& trigger, Position position) {
  checkCompatible(shape, trigger);
  if (chw.size() != static_cast<std::size_t>(shape.pixels()))
    throw Error("image buffer holds " + std::to_string(chw.size()) + " values, expected " +
                std::to_string(shape.pixels()));
  auto batch = torch::from_blob(chw.data(), {1, shape.channels, shape.height, shape.width});
  stampRegion(batch, trigger, tensorsOf(trigger), position);
}

ImageSet stampAll(const ImageSet& images, const Trigger& trigger, Position position) {
  checkCompatible(images.shape(), trigger);
  auto batch = imagesOf(images).clone();
  stampRegion(batch, trigger, tensorsOf(trigger), position);
  return wrapTensors(batch, labelsOf(images), images.classNames());
}

ImageSet stampEach(const ImageSet& images, const Trigger& trigger, const std::vector<Position>& positions) {
  checkCompatible(images.shape(), trigger);
  if (static_cast<int>(positions.size()) != images.size())
    throw Error("got " + std::to_string(positions.size()) + " positions for " + std::to_string(images.size()) +
                " images");
  auto batch = imagesOf(images).clone();
  const auto tt = tensorsOf(trigger);
  for (std::size_t i = 0; i < positions.size(); ++i) {
    auto one = batch.narrow(0, static_cast<int64_t>(i), 1);
    stampRegion(one, trigger, tt, positions[i]);
  }
  return wrapTensors(batch, labelsOf(images), images.classNames());
}

ImageSet stampEachWith(const ImageSet& images, const Trigger& trigger, const std::vector<std::vector<float>>& patterns,
                       const std::vector<Position>& positions) {
  checkCompatible(images.shape(), trigger);
  if (static_cast<int>(positions.size()) != images.size() || positions.size() != patterns.size())
    throw Error("got " + std::to_string(positions.size()) + " positions and " + std::to_string(patterns.size()) +
                " patterns for " + std::to_string(images.size()) + " images");
  auto batch = imagesOf(images).clone();
  Trigger each = trigger;
  for (std::size_t i = 0; i < positions.size(); ++i) {
    each.pattern = patterns[i];
    each.validate();
    auto one = batch.narrow(0, static_cast<int64_t>(i), 1);
    stampRegion(one, each, tensorsOf(each), positions[i]);
  }
  return wrapTensors(batch, labelsOf(images), images.classNames());
}

}  // namespace gaplab
