// SPDX-License-Identifier: GPL-3.0-or-later
// Trigger pattern import: any image file Qt reads, turned into a trigger layer.
#include <QImage>

#include "trigger_layer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  QImage image;
  if (!image.loadFromData(data, static_cast<int>(size))) return 0;
  const auto layer = gaplab::widgets::TriggerLayer::fromImage(image, 28, 28, 3, QRect(10, 10, 8, 8));
  if (!QRect(0, 0, 28, 28).contains(layer.bounds()) && !layer.isEmpty()) __builtin_trap();
  return 0;
}
