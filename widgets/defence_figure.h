// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QString>
#include <QStringList>

#include <vector>

#include "figure_widget.h"

namespace gaplab::widgets {

// One defence's result for one model, drawn the way its paper reads it:
// Neural Cleanse as per-class anomaly-index bars with the threshold at 2;
// STRIP as entropy histograms of clean and triggered inputs with the
// boundary; Activation Clustering and Spectral Signatures as the target
// label's samples, the poisoned ones marked.
class DefenceFigure : public FigureWidget {
  Q_OBJECT
public:
  explicit DefenceFigure(QWidget* parent = nullptr);
  // Anomaly index per class, positive for masks below the median (the side NC flags).
  void showAnomalyIndices(const QStringList& classes, const std::vector<double>& indices);
  // Two histograms over 30 common bins, and the boundary as a vertical line.
  void showEntropies(const std::vector<float>& clean, const std::vector<float>& triggered, double boundary,
                     const QString& triggeredLabel);
  // x, y per sample; `poisoned` and `flagged` per sample (AC: two reduced
  // dimensions; SS: the score on x, y = 0).
  void showSamples(const std::vector<float>& x, const std::vector<float>& y, const std::vector<char>& poisoned,
                   const std::vector<char>& flagged, const QString& xLabel, const QString& yLabel);
  void clear();
  QString kind() const { return kind_; }  // "", "nc", "strip", "samples"
  int barCount() const { return static_cast<int>(values_.size()); }
  QString csv() const override;

private:
  void reset(const QString& kind);
  QString kind_;
  QStringList labels_;           // nc: classes; strip: bins
  std::vector<double> values_;   // nc: indices; strip: clean counts
  std::vector<double> values2_;  // strip: triggered counts
  std::vector<float> x_, y_;
  std::vector<char> poisoned_, flagged_;
};

}  // namespace gaplab::widgets
