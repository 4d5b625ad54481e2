// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QColor>
#include <QPoint>

#include <vector>

#include "figure_widget.h"

class QCPColorMap;
class QCPItemRect;

namespace gaplab::widgets {

// ASR at every trigger position as a heat map over the input (x right, y
// down, like the image), in %, on a viridis scale; cells not measured are
// grey. Filled in cell by cell as a sweep progresses: a sweep in
// coarseToFine() order shows a whole (blocky) picture after its first pass,
// each cell standing in for its block until finer passes measure the rest. A
// click asks to move the trigger there.
class PositionMapView : public FigureWidget {
  Q_OBJECT
public:
  explicit PositionMapView(QWidget* parent = nullptr);

  // The trigger's top-left positions evaluated: columns xs, rows ys (pixels, ascending).
  void setGrid(const std::vector<int>& xs, const std::vector<int>& ys, const QString& title);
  void setCell(int x, int y, double asr);  // asr in [0,1]; x,y from the grid
  void setMarker(QPoint position);         // the trigger's current position
  // What the axes measure (pixels, frames, bins, tokens); y grows downwards for images.
  void setAxes(const QString& x, const QString& y, bool yDownwards);
  int filledCells() const { return filled_; }
  const std::vector<int>& columns() const { return xs_; }
  const std::vector<int>& rows() const { return ys_; }
  double cell(int x, int y) const;       // NaN if not evaluated
  double shownCell(int x, int y) const;  // what the map shows: measured, or its block's estimate; NaN if neither
  // `positions` reordered for a coarse-to-fine sweep: every 8th column and
  // row of the grid first, then every 4th, 2nd, and the rest.
  static std::vector<QPoint> coarseToFine(const std::vector<QPoint>& positions);
  static QColor unmeasuredColor() { return QColor(0x9e, 0x9e, 0x9e); }
  QString csv() const override;     // x,y,asr
  // The grid position nearest to a plot-widget pixel, if inside the map.
  bool positionAt(QPoint pixel, QPoint* position) const;

Q_SIGNALS:
  void positionClicked(QPoint position);

private:
  void showCell(int column, int row, double asr);
  int columnOf(int x) const;
  int rowOf(int y) const;

  QCPColorMap* map_;
  QCPItemRect* marker_;
  std::vector<int> xs_, ys_;
  std::vector<double> values_;
  int filled_ = 0;
};

}  // namespace gaplab::widgets
