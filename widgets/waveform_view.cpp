// SPDX-License-Identifier: GPL-3.0-or-later
#include "waveform_view.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace gaplab::widgets {

WaveformView::WaveformView(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void WaveformView::setSamples(const std::vector<float>& samples) {
  samples_ = samples;
  update();
}

void WaveformView::setHighlights(const std::vector<std::pair<int, int>>& ranges) {
  highlights_ = ranges;
  update();
}

void WaveformView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), palette().base());
  if (samples_.empty() || width() <= 0) return;
  const double perPixel = double(samples_.size()) / width();
  for (const auto& [start, length] : highlights_)
    painter.fillRect(QRectF(start / perPixel, 0, std::max(1.0, length / perPixel), height()), QColor(255, 200, 0, 90));
  float peak = 1e-6f;
  for (const float sample : samples_) peak = std::max(peak, std::abs(sample));
  const float scale = 0.45f * height() / peak;
  painter.setPen(palette().color(QPalette::Text));
  const int mid = height() / 2;
  for (int x = 0; x < width(); ++x) {
    const auto from = static_cast<std::size_t>(x * perPixel);
    const auto to = std::min(samples_.size(), static_cast<std::size_t>((x + 1) * perPixel) + 1);
    if (from >= to) continue;
    const auto [lo, hi] = std::minmax_element(samples_.begin() + long(from), samples_.begin() + long(to));
    painter.drawLine(x, mid - int(*hi * scale), x, mid - int(*lo * scale));
  }
}

}  // namespace gaplab::widgets
