// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <memory>
#include <string>
#include <vector>

namespace gaplab {

struct ImageShape {
  int channels = 1;
  int height = 0;
  int width = 0;
  int pixels() const { return channels * height * width; }
  bool operator==(const ImageShape& o) const {
    return channels == o.channels && height == o.height && width == o.width;
  }
};

// An immutable set of labelled images, float in [0,1], NCHW. Copies are cheap
// (the pixels are shared) and safe to hand to other threads.
class ImageSet {
public:
  struct Impl;  // holds the tensors; defined in core/src/image_set_impl.h

  ImageSet();
  // pixels: size()*shape.pixels() floats, image after image, CHW each.
  static ImageSet fromBuffer(ImageShape shape, std::vector<float> pixels, std::vector<int> labels,
                             std::vector<std::string> classNames);
  explicit ImageSet(std::shared_ptr<const Impl> impl);

  int size() const;
  ImageShape shape() const;
  int numClasses() const;
  const std::vector<std::string>& classNames() const;
  int label(int index) const;
  std::vector<int> labels() const;
  std::vector<float> image(int index) const;  // CHW
  std::vector<float> pixels() const;          // all images, NCHW

  ImageSet select(const std::vector<int>& indices) const;
  ImageSet first(int count) const;  // the first min(count, size()) images
  ImageSet withLabels(const std::vector<int>& labels) const;
  // A copy in which image rows[i] and its label are replacements' i-th
  // (throws Error for another count or shape).
  ImageSet replaced(const std::vector<int>& rows, const ImageSet& replacements) const;
  // Indices of images whose label differs from `label`.
  std::vector<int> indicesWithLabelOtherThan(int label) const;

  const Impl& impl() const;

private:
  std::shared_ptr<const Impl> impl_;
};

}  // namespace gaplab
