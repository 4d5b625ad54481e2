// SPDX-License-Identifier: GPL-3.0-or-later
#include "trigger_tools.h"

#include <algorithm>
#include <cstdlib>
#include <deque>

namespace gaplab::widgets {

namespace {

// splitmix64: a tiny portable generator, so a painted noise trigger is the
// same on every machine.
float nextUniform(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return static_cast<float>((z >> 40) * (1.0 / 16777216.0));
}

std::vector<float> inkValues(Ink& ink, int channels) {
  std::vector<float> values(static_cast<std::size_t>(channels));
  for (int c = 0; c < channels; ++c) {
    if (ink.noise) values[static_cast<std::size_t>(c)] = nextUniform(ink.seed);
    else if (!ink.values.empty())
      values[static_cast<std::size_t>(c)] = ink.values[std::min<std::size_t>(static_cast<std::size_t>(c), ink.values.size() - 1)];
  }
  return values;
}

}  // namespace

std::vector<QPoint> brushCells(QPoint centre, int size) {
  std::vector<QPoint> cells;
  size = std::max(size, 1);
  const int first = -(size - 1) / 2;
  for (int dy = 0; dy < size; ++dy)
    for (int dx = 0; dx < size; ++dx) cells.emplace_back(centre.x() + first + dx, centre.y() + first + dy);
  return cells;
}

std::vector<QPoint> lineCells(QPoint from, QPoint to) {
  // Bresenham's line.
  std::vector<QPoint> cells;
  int x = from.x(), y = from.y();
  const int dx = std::abs(to.x() - x), dy = -std::abs(to.y() - y);
  const int sx = x < to.x() ? 1 : -1, sy = y < to.y() ? 1 : -1;
  int error = dx + dy;
  for (;;) {
    cells.emplace_back(x, y);
    if (x == to.x() && y == to.y()) break;
    const int twice = 2 * error;
    if (twice >= dy) {
      error += dy;
      x += sx;
    }
    if (twice <= dx) {
      error += dx;
      y += sy;
    }
  }
  return cells;
}

void paintCells(TriggerLayer& layer, const std::vector<QPoint>& cells, Ink& ink) {
  for (const QPoint& cell : cells)
    if (layer.contains(cell)) layer.set(cell, ink.mask, inkValues(ink, layer.channels()));
}

void eraseCells(TriggerLayer& layer, const std::vector<QPoint>& cells) {
  for (const QPoint& cell : cells) layer.clear(cell);
}

int floodFill(TriggerLayer& layer, QPoint start, Ink& ink) {
  if (!layer.contains(start)) return 0;
  const bool painted = layer.mask(start) > 0.0f;
  std::vector<char> seen(static_cast<std::size_t>(layer.width() * layer.height()), 0);
  auto visit = [&](QPoint c) -> char& { return seen[static_cast<std::size_t>(c.y() * layer.width() + c.x())]; };
  std::deque<QPoint> queue{start};
  visit(start) = 1;
  std::vector<QPoint> region;
  while (!queue.empty()) {
    const QPoint cell = queue.front();
    queue.pop_front();
    region.push_back(cell);
    for (const QPoint step : {QPoint(1, 0), QPoint(-1, 0), QPoint(0, 1), QPoint(0, -1)}) {
      const QPoint next = cell + step;
      if (!layer.contains(next) || visit(next) || (layer.mask(next) > 0.0f) != painted) continue;
      visit(next) = 1;
      queue.push_back(next);
    }
  }
  paintCells(layer, region, ink);
  return static_cast<int>(region.size());
}

}  // namespace gaplab::widgets
