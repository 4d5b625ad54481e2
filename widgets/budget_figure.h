// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QString>

#include <vector>

#include "figure_widget.h"

namespace gaplab::widgets {

// One cell of a poison-budget sweep: a head and regime at one poison level,
// means and stds over its repetitions.
struct BudgetPoint {
  QString head;    // "fc" or "gap"
  QString regime;  // "fixed", "random", "random-pattern"
  double percent = 0;  // poison, % of the training split
  double coverageMean = 0, coverageStd = 0;  // share of positions with ASR >= 0.9
  double asrMean = 0, asrStd = 0;            // mean ASR over every position
};

// How much poison a backdoor needs to fire everywhere: coverage_90 (left)
// and the mean ASR over every position (right) against poison % on a log
// axis; one curve per head x regime (GAP solid, FC dashed; a colour per
// regime), mean +/- std as a band.
class BudgetFigure : public FigureWidget {
  Q_OBJECT
public:
  explicit BudgetFigure(QWidget* parent = nullptr);
  // Replaces every point (each curve's points in any order).
  void setPoints(const std::vector<BudgetPoint>& points);
  int curveCount() const { return static_cast<int>(curves_.size()); }
  int pointCount(int curve) const;
  QString csv() const override;  // head,regime,poison_pct,coverage_90_mean,coverage_90_std,asr_mean,asr_std
  // 7.5 x 4.2 inches: two panels across a two-column paper's full width.
  QSize exportSize() const override { return {540, 300}; }

private:
  struct Curve {
    QString head, regime;
    std::vector<BudgetPoint> points;  // ascending percent
  };
  std::vector<Curve> curves_;
};

}  // namespace gaplab::widgets
