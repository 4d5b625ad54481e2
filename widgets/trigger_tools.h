// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QPoint>

#include <cstdint>
#include <vector>

#include "trigger_layer.h"

namespace gaplab::widgets {

// What a brush or fill lays down: a fixed value per channel, or uniform
// noise in [0,1) (the paper's trigger is noise), always with a mask weight.
struct Ink {
  bool noise = false;
  std::vector<float> values{1.0f};  // per channel (one value is used for every channel)
  float mask = 1.0f;
  std::uint64_t seed = 1;  // noise: the generator's state, advanced per painted cell
};

// The cells a square brush of `size` covers around `centre` (size 1: the cell itself).
std::vector<QPoint> brushCells(QPoint centre, int size);
// Cells on the straight line from `from` to `to` (both included), so a fast stroke leaves no gaps.
std::vector<QPoint> lineCells(QPoint from, QPoint to);

void paintCells(TriggerLayer& layer, const std::vector<QPoint>& cells, Ink& ink);
void eraseCells(TriggerLayer& layer, const std::vector<QPoint>& cells);
// Fills the 4-connected region of cells painted (or unpainted) like `start`. Returns the count.
int floodFill(TriggerLayer& layer, QPoint start, Ink& ink);

}  // namespace gaplab::widgets
