// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/positions.h"

#include <algorithm>
#include <cstdio>

#include "gaplab/error.h"

namespace gaplab {

const std::vector<std::string>& namedPositions() {
  static const std::vector<std::string> names{"upper-left",  "upper-middle", "upper-right",
                                              "middle-left", "middle",       "middle-right",
                                              "lower-left",  "lower-middle", "lower-right"};
  return names;
}

void checkFits(Position p, int imageHeight, int imageWidth, Extent t) {
  if (t.height > imageHeight || t.width > imageWidth)
    throw Error("trigger of " + std::to_string(t.width) + "x" + std::to_string(t.height) +
                " is larger than the input of " + std::to_string(imageWidth) + "x" + std::to_string(imageHeight));
  if (p.x < 0 || p.y < 0 || p.x + t.width > imageWidth || p.y + t.height > imageHeight)
    throw Error("trigger of " + std::to_string(t.width) + "x" + std::to_string(t.height) + " at " + toString(p) +
                " does not fit the input of " + std::to_string(imageWidth) + "x" + std::to_string(imageHeight));
}

Position resolvePosition(const std::string& token, int imageHeight, int imageWidth, Extent t) {
  Position p;
  const auto colon = token.find(':');
  if (colon != std::string::npos) {
    int x = 0, y = 0;
    char rest = 0;
    if (std::sscanf(token.c_str(), "%d:%d%c", &x, &y, &rest) != 2)
      throw Error("bad position '" + token + "': expected x:y with whole numbers, or a name");
    p = {x, y};
  } else {
    const auto& names = namedPositions();
    const auto it = std::find(names.begin(), names.end(), token);
    if (it == names.end()) {
      std::string known;
      for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
      throw Error("unknown position '" + token + "' (known: " + known + ", or x:y)");
    }
    if (t.height > imageHeight || t.width > imageWidth) checkFits({0, 0}, imageHeight, imageWidth, t);
    const auto index = static_cast<int>(it - names.begin());
    const int column = index % 3, row = index / 3;
    const int xs[3] = {0, (imageWidth - t.width) / 2, imageWidth - t.width};
    const int ys[3] = {0, (imageHeight - t.height) / 2, imageHeight - t.height};
    p = {xs[column], ys[row]};
  }
  checkFits(p, imageHeight, imageWidth, t);
  return p;
}

std::string toString(Position p) { return std::to_string(p.x) + ":" + std::to_string(p.y); }

std::vector<Position> positionGrid(int imageHeight, int imageWidth, Extent t, int stride) {
  if (stride <= 0) throw Error("stride must be positive, got " + std::to_string(stride));
  checkFits({0, 0}, imageHeight, imageWidth, t);
  auto axis = [stride](int last) {
    std::vector<int> values;
    for (int v = 0; v <= last; v += stride) values.push_back(v);
    if (values.back() != last) values.push_back(last);
    return values;
  };
  std::vector<Position> grid;
  for (int y : axis(imageHeight - t.height))
    for (int x : axis(imageWidth - t.width)) grid.push_back({x, y});
  return grid;
}

}  // namespace gaplab
