// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QImage>
#include <QPoint>
#include <QRect>

#include <cstdint>
#include <vector>

namespace gaplab::widgets {

// The trigger as the user edits it: a layer the size of the input holding a
// mask weight per cell and a value per channel and cell. The trigger core
// stamps is the layer cropped to its painted cells; the crop's top-left
// corner is the trigger position. A value type: copies are snapshots, which
// is what undo stores.
class TriggerLayer {
public:
  TriggerLayer() = default;
  TriggerLayer(int width, int height, int channels);

  int width() const { return width_; }
  int height() const { return height_; }
  int channels() const { return channels_; }
  bool contains(QPoint cell) const { return cell.x() >= 0 && cell.y() >= 0 && cell.x() < width_ && cell.y() < height_; }

  float mask(QPoint cell) const;
  float value(int channel, QPoint cell) const;
  // Sets a cell's mask and its value in every channel (values.size() == channels()).
  void set(QPoint cell, float maskValue, const std::vector<float>& values);
  void clear(QPoint cell);

  QRect bounds() const;  // the painted cells' bounding box; empty when nothing is painted
  bool isEmpty() const { return bounds().isEmpty(); }
  int paintedCells() const;
  // Moves every cell by `offset`; refuses (returns false, unchanged) if a
  // painted cell would leave the layer.
  bool translate(QPoint offset);
  // Moves the painted cells so that bounds().topLeft() == topLeft, clamped so they stay inside.
  void moveTo(QPoint topLeft);
  QPoint clampedTopLeft(QPoint topLeft) const;

  // The trigger core stamps: pattern (CHW) and mask over bounds().
  struct Crop {
    QRect bounds;
    std::vector<float> pattern;
    std::vector<float> mask;
  };
  Crop crop() const;
  // A layer with `crop` placed at crop.bounds (which must fit).
  static TriggerLayer fromCrop(int width, int height, int channels, const Crop& crop);

  // An image file's pixels as the trigger, scaled to `bounds` (clamped inside
  // the layer): colour or lightness as values, alpha as the mask.
  static TriggerLayer fromImage(const QImage& image, int width, int height, int channels, QRect bounds);

  bool operator==(const TriggerLayer& other) const;
  bool operator!=(const TriggerLayer& other) const { return !(*this == other); }

private:
  std::size_t index(QPoint cell) const { return static_cast<std::size_t>(cell.y() * width_ + cell.x()); }
  int width_ = 0;
  int height_ = 0;
  int channels_ = 1;
  std::vector<float> mask_;    // height * width
  std::vector<float> values_;  // channels * height * width (CHW)
};

}  // namespace gaplab::widgets
