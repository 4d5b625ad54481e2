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
// Salem et al.'s Random Backdoor proper: a random position and a fresh
// pattern drawn from the trigger's distribution per poisoned sample (images:
// every value U[0,1) under the trigger's mask; sound: a burst of uniform
// noise at the trigger's amplitude and length; text: each trigger word drawn
// from the trigger's words, with replacement).
inline constexpr const char* kRandomPatternPosition = "random-pattern";
// Either of the two: training placements only, never test positions.
inline bool isRandomPlacement(const std::string& token) {
  return token == kRandomPosition || token == kRandomPatternPosition;
}

// Resolves a name or "x:y". Throws Error naming the token if it is unknown or
// if the trigger does not fit the image there (a trigger is never clipped).
Position resolvePosition(const std::string& token, int imageHeight, int imageWidth, Extent trigger);
void checkFits(Position position, int imageHeight, int imageWidth, Extent trigger);
std::string toString(Position position);  // "x:y"

// Every position on a stride grid (x and y from 0 in steps of stride, plus the
// last valid position so the far edges are always covered), row by row.
std::vector<Position> positionGrid(int imageHeight, int imageWidth, Extent trigger, int stride);

}  // namespace gaplab
