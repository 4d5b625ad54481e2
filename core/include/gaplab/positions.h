// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <string>
#include <vector>

#include "gaplab/image_set.h"

namespace gaplab {

// Top-left corner of a trigger on an image, in pixels.
struct Position {
  int x = 0;
  int y = 0;
  bool operator==(const Position& o) const { return x == o.x && y == o.y; }
  bool operator!=(const Position& o) const { return !(*this == o); }
};

struct Extent {
  int height = 0;
  int width = 0;
};

// upper-left, upper-middle, upper-right, middle-left, middle, middle-right,
// lower-left, lower-middle, lower-right. "middle" centres the trigger
// (rounding down), the paper's placement.
const std::vector<std::string>& namedPositions();

// The token "random" in a list of training positions means the random
// per-sample placement of Salem et al. instead of a fixed position.
inline constexpr const char* kRandomPosition = "random";

// Resolves a name or "x:y". Throws Error naming the token if it is unknown or
// if the trigger does not fit the image there (a trigger is never clipped).
Position resolvePosition(const std::string& token, int imageHeight, int imageWidth, Extent trigger);
void checkFits(Position position, int imageHeight, int imageWidth, Extent trigger);
std::string toString(Position position);  // "x:y"

// Every position on a stride grid (x and y from 0 in steps of stride, plus the
// last valid position so the far edges are always covered), row by row.
std::vector<Position> positionGrid(int imageHeight, int imageWidth, Extent trigger, int stride);

}  // namespace gaplab
