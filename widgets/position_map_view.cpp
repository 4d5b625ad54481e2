// SPDX-License-Identifier: GPL-3.0-or-later
#include "position_map_view.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

namespace gaplab::widgets {

namespace {

// Viridis (matplotlib's default): perceptually uniform, readable in grey, and
// ending in yellow, so a cell at 100% never looks like the white background;
// cells not measured yet are a neutral grey that no ASR takes.
QCPColorGradient asrGradient() {
  QCPColorGradient gradient;
  gradient.clearColorStops();
  gradient.setColorStopAt(0.00, QColor(0x44, 0x01, 0x54));
  gradient.setColorStopAt(0.25, QColor(0x3b, 0x52, 0x8b));
  gradient.setColorStopAt(0.50, QColor(0x21, 0x91, 0x8c));
  gradient.setColorStopAt(0.75, QColor(0x5e, 0xc9, 0x62));
  gradient.setColorStopAt(1.00, QColor(0xfd, 0xe7, 0x25));
  gradient.setColorInterpolation(QCPColorGradient::ciRGB);
  gradient.setNanHandling(QCPColorGradient::nhNanColor);
  gradient.setNanColor(PositionMapView::unmeasuredColor());
  return gradient;
}

// The grid step a cell belongs to in coarse-to-fine order: 8 for every 8th
// column and row, then 4, 2, 1.
int coarseness(int column, int row) {
  for (const int step : {8, 4, 2})
    if (column % step == 0 && row % step == 0) return step;
  return 1;
}

}  // namespace

PositionMapView::PositionMapView(QWidget* parent) : FigureWidget(parent) {
  QCustomPlot* p = plot();
  p->xAxis->setLabel(tr("trigger x (px)"));
  p->yAxis->setLabel(tr("trigger y (px)"));
  p->yAxis->setRangeReversed(true);  // image coordinates: y grows downwards
  map_ = new QCPColorMap(p->xAxis, p->yAxis);
  const QCPColorGradient gradient = asrGradient();
  map_->setGradient(gradient);
  map_->setDataRange(QCPRange(0, 100));
  map_->setInterpolate(false);
  auto* scale = new QCPColorScale(p);
  // Short enough to fit beside a short map in lecture fonts; the grey cells
  // are explained under the map.
  scale->setLabel(tr("ASR (%)"));
  scale->setDataRange(QCPRange(0, 100));
  scale->setGradient(gradient);
  p->plotLayout()->addElement(0, 1, scale);
  auto* note = new QCPTextElement(p, tr("grey: not measured"));
  note->setObjectName("note");
  note->setTextColor(QColor(110, 110, 110));
  p->plotLayout()->addElement(1, 0, note);
  map_->setColorScale(scale);
  marker_ = new QCPItemRect(p);
  marker_->setPen(QPen(QColor(0, 200, 255), 2));
  marker_->setVisible(false);
  connect(p, &QCustomPlot::mousePress, this, [this](QMouseEvent* event) {
    QPoint position;
    if (event->button() == Qt::LeftButton && positionAt(event->pos(), &position)) Q_EMIT positionClicked(position);
  });
}

void PositionMapView::setGrid(const std::vector<int>& xs, const std::vector<int>& ys, const QString& title) {
  xs_ = xs;
  ys_ = ys;
  values_.assign(xs.size() * ys.size(), std::numeric_limits<double>::quiet_NaN());
  filled_ = 0;
  // A colour map needs two cells per axis to have a cell size: a single row
  // (text, a tone's onset) or column is drawn as two identical ones.
  const int nx = std::max<int>(2, int(xs.size())), ny = std::max<int>(2, int(ys.size()));
  auto range = [](const std::vector<int>& v) {
    if (v.empty()) return QCPRange(0, 1);
    if (v.size() == 1) return QCPRange(v.front() - 0.5, v.front() + 0.5);
    return QCPRange(v.front(), v.back());
  };
  map_->data()->setSize(nx, ny);
  map_->data()->setRange(range(xs), range(ys));
  plot()->yAxis->setTicks(ys.size() > 1);
  plot()->yAxis->setTickLabels(ys.size() > 1);
  map_->data()->fill(std::numeric_limits<double>::quiet_NaN());
  map_->setName(title);
  auto* heading = qobject_cast<QCPTextElement*>(plot()->plotLayout()->element(0, 0));
  if (heading && heading->objectName() == "title") {
    heading->setText(title);
  } else {
    plot()->plotLayout()->insertRow(0);
    heading = new QCPTextElement(plot(), title);
    heading->setObjectName("title");
    plot()->plotLayout()->addElement(0, 0, heading);
  }
  const double halfX = xs.size() > 1 ? (xs.back() - xs.front()) / (2.0 * (nx - 1)) : 0.5;
  const double halfY = ys.size() > 1 ? (ys.back() - ys.front()) / (2.0 * (ny - 1)) : 0.5;
  plot()->rescaleAxes();
  plot()->xAxis->setRange(plot()->xAxis->range().lower - halfX, plot()->xAxis->range().upper + halfX);
  plot()->yAxis->setRange(plot()->yAxis->range().lower - halfY, plot()->yAxis->range().upper + halfY);
  queueReplot();
}

void PositionMapView::setAxes(const QString& x, const QString& y, bool yDownwards) {
  plot()->xAxis->setLabel(x);
  plot()->yAxis->setLabel(y);
  plot()->yAxis->setRangeReversed(yDownwards);
  queueReplot();
}

int PositionMapView::columnOf(int x) const {
  const auto it = std::find(xs_.begin(), xs_.end(), x);
  return it == xs_.end() ? -1 : int(it - xs_.begin());
}

int PositionMapView::rowOf(int y) const {
  const auto it = std::find(ys_.begin(), ys_.end(), y);
  return it == ys_.end() ? -1 : int(it - ys_.begin());
}

void PositionMapView::setCell(int x, int y, double asr) {
  const int c = columnOf(x), r = rowOf(y);
  if (c < 0 || r < 0) return;
  double& v = values_[static_cast<std::size_t>(r) * xs_.size() + static_cast<std::size_t>(c)];
  if (std::isnan(v)) ++filled_;
  v = asr;
  // Cells of this one's coarse block not measured yet show its value until
  // finer passes measure them (coarse-to-fine sweeps: a whole picture first).
  const int step = coarseness(c, r);
  const int columns = int(xs_.size()), rows = int(ys_.size());
  for (int rr = r; rr < std::min(rows, r + step); ++rr)
    for (int cc = c; cc < std::min(columns, c + step); ++cc)
      if ((rr == r && cc == c) || std::isnan(values_[static_cast<std::size_t>(rr) * xs_.size() + std::size_t(cc)]))
        showCell(cc, rr, asr);
  queueReplot();
}

void PositionMapView::showCell(int column, int row, double asr) {
  // A single row or column is drawn as two identical ones (see setGrid).
  for (int dc = 0; dc < (xs_.size() == 1 ? 2 : 1); ++dc)
    for (int dr = 0; dr < (ys_.size() == 1 ? 2 : 1); ++dr) map_->data()->setCell(column + dc, row + dr, 100 * asr);
}

double PositionMapView::shownCell(int x, int y) const {
  const int c = columnOf(x), r = rowOf(y);
  if (c < 0 || r < 0) return std::numeric_limits<double>::quiet_NaN();
  return map_->data()->cell(c, r) / 100;
}

std::vector<QPoint> PositionMapView::coarseToFine(const std::vector<QPoint>& positions) {
  std::set<int> xs, ys;
  for (const QPoint& p : positions) {
    xs.insert(p.x());
    ys.insert(p.y());
  }
  const std::vector<int> columns(xs.begin(), xs.end()), rows(ys.begin(), ys.end());
  auto indexOf = [](const std::vector<int>& values, int v) {
    return int(std::lower_bound(values.begin(), values.end(), v) - values.begin());
  };
  std::vector<QPoint> ordered = positions;
  std::stable_sort(ordered.begin(), ordered.end(), [&](QPoint a, QPoint b) {
    return coarseness(indexOf(columns, a.x()), indexOf(rows, a.y())) >
           coarseness(indexOf(columns, b.x()), indexOf(rows, b.y()));
  });
  return ordered;
}

double PositionMapView::cell(int x, int y) const {
  const int c = columnOf(x), r = rowOf(y);
  if (c < 0 || r < 0) return std::numeric_limits<double>::quiet_NaN();
  return values_[static_cast<std::size_t>(r) * xs_.size() + static_cast<std::size_t>(c)];
}

void PositionMapView::setMarker(QPoint position) {
  marker_->topLeft->setCoords(position.x() - 0.5, position.y() - 0.5);
  marker_->bottomRight->setCoords(position.x() + 0.5, position.y() + 0.5);
  marker_->setVisible(true);
  queueReplot();
}

bool PositionMapView::positionAt(QPoint pixel, QPoint* position) const {
  if (xs_.empty() || ys_.empty()) return false;
  const double key = plot()->xAxis->pixelToCoord(pixel.x());
  const double value = plot()->yAxis->pixelToCoord(pixel.y());
  if (!plot()->axisRect()->rect().contains(pixel)) return false;
  auto nearest = [](const std::vector<int>& values, double v) {
    return *std::min_element(values.begin(), values.end(),
                             [v](int a, int b) { return std::abs(a - v) < std::abs(b - v); });
  };
  *position = QPoint(nearest(xs_, key), nearest(ys_, value));
  return true;
}

QString PositionMapView::csv() const {
  QString text = "x,y,asr\n";
  for (std::size_t r = 0; r < ys_.size(); ++r)
    for (std::size_t c = 0; c < xs_.size(); ++c) {
      const double v = values_[r * xs_.size() + c];
      text += QString("%1,%2,%3\n").arg(xs_[c]).arg(ys_[r]).arg(std::isnan(v) ? QString() : QString::number(v, 'g', 6));
    }
  return text;
}

}  // namespace gaplab::widgets
