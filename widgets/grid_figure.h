// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QStringList>

#include <vector>

#include "figure_widget.h"

namespace gaplab::widgets {

// One line of the paper's figure: ASR at each test position for a model
// trained (poisoned) at one position, mean and std over repetitions.
struct GridLine {
  QString head;           // "fc" or "gap"
  QString trainPosition;
  std::vector<double> mean;  // one per test position, in [0,1]
  std::vector<double> std;
};

// The paper-style figure: ASR vs test position, one line per training
// position; GAP solid, FC dash-dot, the same colour for the same training
// position; error bars for the std over repetitions.
class GridFigure : public FigureWidget {
  Q_OBJECT
public:
  explicit GridFigure(QWidget* parent = nullptr);
  void setData(const QStringList& testPositions, const std::vector<GridLine>& lines);
  int lineCount() const { return static_cast<int>(lines_.size()); }
  QString csv() const override;  // head,pos_train,pos_test,asr_mean,asr_std

private:
  QStringList testPositions_;
  std::vector<GridLine> lines_;
};

}  // namespace gaplab::widgets
