// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QColor>
#include <QVector>

#include "figure_widget.h"

class QCPGraph;

namespace gaplab::widgets {

// Live curves (loss and accuracy per epoch), appended point by point; a
// replot is queued, never forced, so a burst of points costs one redraw.
class CurvePlot : public FigureWidget {
  Q_OBJECT
public:
  explicit CurvePlot(QWidget* parent = nullptr);

  void setAxisLabels(const QString& x, const QString& left, const QString& right);
  // Returns the series' id. rightAxis: plotted against the right-hand axis (accuracy).
  int addSeries(const QString& name, const QColor& colour, Qt::PenStyle style, bool rightAxis = false);
  void append(int series, double x, double y);
  void clear();
  int seriesCount() const { return static_cast<int>(series_.size()); }
  int pointCount(int series) const;
  QString csv() const override;  // series,x,y

private:
  struct Series {
    QString name;
    QCPGraph* graph = nullptr;
    QVector<double> x, y;
  };
  std::vector<Series> series_;
};

}  // namespace gaplab::widgets
