// SPDX-License-Identifier: GPL-3.0-or-later
#include "trigger_layer.h"

#include <QColor>
#include <QImage>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace gaplab::widgets {

TriggerLayer::TriggerLayer(int width, int height, int channels)
    : width_(width), height_(height), channels_(channels) {
  if (width <= 0 || height <= 0 || channels <= 0)
    throw std::invalid_argument("trigger layer size must be positive, got " + std::to_string(width) + "x" +
                                std::to_string(height) + "x" + std::to_string(channels));
  mask_.assign(static_cast<std::size_t>(width * height), 0.0f);
  values_.assign(static_cast<std::size_t>(channels * width * height), 0.0f);
}

float TriggerLayer::mask(QPoint cell) const { return contains(cell) ? mask_[index(cell)] : 0.0f; }

float TriggerLayer::value(int channel, QPoint cell) const {
  if (!contains(cell) || channel < 0 || channel >= channels_) return 0.0f;
  return values_[static_cast<std::size_t>(channel * width_ * height_) + index(cell)];
}

void TriggerLayer::set(QPoint cell, float maskValue, const std::vector<float>& values) {
  if (!contains(cell)) return;
  mask_[index(cell)] = std::clamp(maskValue, 0.0f, 1.0f);
  for (int c = 0; c < channels_; ++c) {
    const float v = values.empty() ? 0.0f : values[static_cast<std::size_t>(std::min<int>(c, int(values.size()) - 1))];
    values_[static_cast<std::size_t>(c * width_ * height_) + index(cell)] = v;
  }
}

void TriggerLayer::clear(QPoint cell) { set(cell, 0.0f, std::vector<float>(static_cast<std::size_t>(channels_), 0.0f)); }

QRect TriggerLayer::bounds() const {
  int left = width_, top = height_, right = -1, bottom = -1;
  for (int y = 0; y < height_; ++y)
    for (int x = 0; x < width_; ++x)
      if (mask_[static_cast<std::size_t>(y * width_ + x)] > 0.0f) {
        left = std::min(left, x);
        right = std::max(right, x);
        top = std::min(top, y);
        bottom = std::max(bottom, y);
      }
  if (right < 0) return {};
  return QRect(QPoint(left, top), QPoint(right, bottom));
}

int TriggerLayer::paintedCells() const {
  return static_cast<int>(std::count_if(mask_.begin(), mask_.end(), [](float m) { return m > 0.0f; }));
}

bool TriggerLayer::translate(QPoint offset) {
  const QRect b = bounds();
  if (b.isEmpty() || offset.isNull()) return !b.isEmpty() || offset.isNull();
  if (!contains(b.topLeft() + offset) || !contains(b.bottomRight() + offset)) return false;
  TriggerLayer moved(width_, height_, channels_);
  std::vector<float> values(static_cast<std::size_t>(channels_));
  for (int y = b.top(); y <= b.bottom(); ++y)
    for (int x = b.left(); x <= b.right(); ++x) {
      const QPoint cell(x, y);
      if (mask(cell) <= 0.0f) continue;
      for (int c = 0; c < channels_; ++c) values[static_cast<std::size_t>(c)] = value(c, cell);
      moved.set(cell + offset, mask(cell), values);
    }
  *this = std::move(moved);
  return true;
}

QPoint TriggerLayer::clampedTopLeft(QPoint topLeft) const {
  const QRect b = bounds();
  if (b.isEmpty()) return topLeft;
  return {std::clamp(topLeft.x(), 0, width_ - b.width()), std::clamp(topLeft.y(), 0, height_ - b.height())};
}

void TriggerLayer::moveTo(QPoint topLeft) {
  const QRect b = bounds();
  if (b.isEmpty()) return;
  translate(clampedTopLeft(topLeft) - b.topLeft());
}

TriggerLayer::Crop TriggerLayer::crop() const {
  Crop crop;
  crop.bounds = bounds();
  const QRect& b = crop.bounds;
  if (b.isEmpty()) return crop;
  crop.mask.reserve(static_cast<std::size_t>(b.width() * b.height()));
  for (int y = b.top(); y <= b.bottom(); ++y)
    for (int x = b.left(); x <= b.right(); ++x) crop.mask.push_back(mask(QPoint(x, y)));
  crop.pattern.reserve(static_cast<std::size_t>(channels_ * b.width() * b.height()));
  for (int c = 0; c < channels_; ++c)
    for (int y = b.top(); y <= b.bottom(); ++y)
      for (int x = b.left(); x <= b.right(); ++x) crop.pattern.push_back(value(c, QPoint(x, y)));
  return crop;
}

TriggerLayer TriggerLayer::fromCrop(int width, int height, int channels, const Crop& crop) {
  TriggerLayer layer(width, height, channels);
  const QRect& b = crop.bounds;
  if (b.isEmpty()) return layer;
  const auto area = static_cast<std::size_t>(b.width() * b.height());
  if (!QRect(0, 0, width, height).contains(b) || crop.mask.size() != area ||
      crop.pattern.size() != area * static_cast<std::size_t>(channels))
    throw std::invalid_argument("trigger crop does not fit a " + std::to_string(width) + "x" +
                                std::to_string(height) + " layer");
  std::vector<float> values(static_cast<std::size_t>(channels));
  for (int y = 0; y < b.height(); ++y)
    for (int x = 0; x < b.width(); ++x) {
      const auto i = static_cast<std::size_t>(y * b.width() + x);
      for (int c = 0; c < channels; ++c) values[static_cast<std::size_t>(c)] = crop.pattern[c * area + i];
      layer.set(QPoint(b.left() + x, b.top() + y), crop.mask[i], values);
    }
  return layer;
}

TriggerLayer TriggerLayer::fromImage(const QImage& source, int width, int height, int channels, QRect bounds) {
  TriggerLayer layer(width, height, channels);
  if (source.isNull()) return layer;
  bounds = bounds.intersected(QRect(0, 0, width, height));
  if (bounds.isEmpty()) bounds = QRect(0, 0, std::min(8, width), std::min(8, height));
  const QImage image = source.size() == bounds.size()
                           ? source
                           : source.scaled(bounds.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) {
      const QColor c = image.pixelColor(x, y);
      const std::vector<float> values = channels >= 3
                                            ? std::vector<float>{float(c.redF()), float(c.greenF()), float(c.blueF())}
                                            : std::vector<float>{float(c.lightnessF())};
      layer.set(bounds.topLeft() + QPoint(x, y), float(c.alphaF()), values);
    }
  return layer;
}

bool TriggerLayer::operator==(const TriggerLayer& o) const {
  return width_ == o.width_ && height_ == o.height_ && channels_ == o.channels_ && mask_ == o.mask_ &&
         values_ == o.values_;
}

}  // namespace gaplab::widgets
