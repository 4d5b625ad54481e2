// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QWidget>

#include <utility>
#include <vector>

namespace gaplab::widgets {

// A clip's waveform (min/max per pixel column) with the trigger's sample
// ranges shaded, aligned with the spectrogram above it.
class WaveformView : public QWidget {
  Q_OBJECT
public:
  explicit WaveformView(QWidget* parent = nullptr);
  void setSamples(const std::vector<float>& samples);
  // [start, start + length) sample ranges covered by the trigger.
  void setHighlights(const std::vector<std::pair<int, int>>& ranges);
  QSize sizeHint() const override { return {400, 70}; }
  QSize minimumSizeHint() const override { return {100, 40}; }

protected:
  void paintEvent(QPaintEvent* event) override;

private:
  std::vector<float> samples_;
  std::vector<std::pair<int, int>> highlights_;
};

}  // namespace gaplab::widgets
