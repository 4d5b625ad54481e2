// SPDX-License-Identifier: GPL-3.0-or-later
#include "image_set_impl.h"

#include <algorithm>

#include "gaplab/error.h"

namespace gaplab {

namespace {
const ImageSet::Impl& emptyImpl() {
  static const ImageSet::Impl empty{torch::zeros({0, 1, 0, 0}), torch::zeros({0}, torch::kLong), {}};
  return empty;
}
}  // namespace

ImageSet wrapTensors(torch::Tensor images, torch::Tensor labels, std::vector<std::string> classNames) {
  if (images.dim() != 4) throw Error("images must be NCHW, got " + std::to_string(images.dim()) + " dimensions");
  if (labels.dim() != 1 || labels.size(0) != images.size(0))
    throw Error("label count " + std::to_string(labels.numel()) + " does not match image count " +
                std::to_string(images.size(0)));
  auto impl = std::make_shared<ImageSet::Impl>();
  impl->images = images.to(torch::kFloat32).contiguous();
  impl->labels = labels.to(torch::kLong).contiguous();
  impl->classNames = std::move(classNames);
  return ImageSet(std::move(impl));
}

torch::Tensor toIndexTensor(const std::vector<int>& indices) {
  return torch::tensor(std::vector<int64_t>(indices.begin(), indices.end()), torch::kLong);
}

std::vector<int> toIntVector(const torch::Tensor& values) {
  const auto longs = values.to(torch::kLong).contiguous();
  const auto* p = longs.data_ptr<int64_t>();
  return std::vector<int>(p, p + longs.numel());
}

ImageSet::ImageSet() = default;
ImageSet::ImageSet(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

ImageSet ImageSet::fromBuffer(ImageShape shape, std::vector<float> pixels, std::vector<int> labels,
                              std::vector<std::string> classNames) {
  if (shape.channels <= 0 || shape.height <= 0 || shape.width <= 0)
    throw Error("image shape must be positive, got " + std::to_string(shape.channels) + "x" +
                std::to_string(shape.height) + "x" + std::to_string(shape.width));
  const auto n = static_cast<int64_t>(labels.size());
  if (static_cast<int64_t>(pixels.size()) != n * shape.pixels())
    throw Error("pixel buffer holds " + std::to_string(pixels.size()) + " values, expected " +
                std::to_string(n * shape.pixels()) + " for " + std::to_string(n) + " images");
  for (int label : labels)
    if (label < 0 || (!classNames.empty() && label >= static_cast<int>(classNames.size())))
      throw Error("label " + std::to_string(label) + " is not a class of this set");
  auto images = torch::from_blob(pixels.data(), {n, shape.channels, shape.height, shape.width}).clone();
  return wrapTensors(images, toIndexTensor(labels), std::move(classNames));
}

const ImageSet::Impl& ImageSet::impl() const { return impl_ ? *impl_ : emptyImpl(); }

int ImageSet::size() const { return static_cast<int>(impl().images.size(0)); }

ImageShape ImageSet::shape() const {
  const auto& t = impl().images;
  return {static_cast<int>(t.size(1)), static_cast<int>(t.size(2)), static_cast<int>(t.size(3))};
}

int ImageSet::numClasses() const {
  if (!impl().classNames.empty()) return static_cast<int>(impl().classNames.size());
  return size() ? static_cast<int>(impl().labels.max().item<int64_t>()) + 1 : 0;
}

const std::vector<std::string>& ImageSet::classNames() const { return impl().classNames; }

int ImageSet::label(int index) const {
  if (index < 0 || index >= size()) throw Error("image index " + std::to_string(index) + " out of range");
  return static_cast<int>(impl().labels[index].item<int64_t>());
}

std::vector<int> ImageSet::labels() const { return toIntVector(impl().labels); }

std::vector<float> ImageSet::image(int index) const {
  if (index < 0 || index >= size()) throw Error("image index " + std::to_string(index) + " out of range");
  const auto one = impl().images[index].contiguous();
  return std::vector<float>(one.data_ptr<float>(), one.data_ptr<float>() + one.numel());
}

std::vector<float> ImageSet::pixels() const {
  const auto& t = impl().images;
  return std::vector<float>(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
}

ImageSet ImageSet::select(const std::vector<int>& indices) const {
  for (int i : indices)
    if (i < 0 || i >= size()) throw Error("image index " + std::to_string(i) + " out of range");
  const auto idx = toIndexTensor(indices);
  return wrapTensors(impl().images.index_select(0, idx), impl().labels.index_select(0, idx), impl().classNames);
}

ImageSet ImageSet::first(int count) const {
  const int n = std::clamp(count, 0, size());
  return wrapTensors(impl().images.narrow(0, 0, n), impl().labels.narrow(0, 0, n), impl().classNames);
}

ImageSet ImageSet::replaced(const std::vector<int>& rows, const ImageSet& replacements) const {
  if (static_cast<int>(rows.size()) != replacements.size())
    throw Error("replacing " + std::to_string(rows.size()) + " images with " + std::to_string(replacements.size()));
  if (rows.empty()) return *this;
  if (!(replacements.shape() == shape())) throw Error("replacement images have another shape");
  const auto index = toIndexTensor(rows);
  return wrapTensors(imagesOf(*this).index_copy(0, index, imagesOf(replacements)),
                     labelsOf(*this).index_copy(0, index, labelsOf(replacements)), classNames());
}

ImageSet ImageSet::withLabels(const std::vector<int>& labels) const {
  if (static_cast<int>(labels.size()) != size())
    throw Error("got " + std::to_string(labels.size()) + " labels for " + std::to_string(size()) + " images");
  return wrapTensors(impl().images, toIndexTensor(labels), impl().classNames);
}

std::vector<int> ImageSet::indicesWithLabelOtherThan(int label) const {
  const auto idx = torch::nonzero(impl().labels != label).flatten();
  return toIntVector(idx);
}

}  // namespace gaplab
