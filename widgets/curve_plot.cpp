// SPDX-License-Identifier: GPL-3.0-or-later
#include "curve_plot.h"

#include <qcustomplot.h>

namespace gaplab::widgets {

CurvePlot::CurvePlot(QWidget* parent) : FigureWidget(parent) {
  // The legend below the axes, never over the curves.
  plot()->legend->setVisible(true);
  plot()->legend->setFont(QFont(font().family(), 8));
  plot()->axisRect()->insetLayout()->take(plot()->legend);
  plot()->plotLayout()->addElement(1, 0, plot()->legend);
  plot()->legend->setFillOrder(QCPLegend::foColumnsFirst);
  plot()->legend->setWrap(4);
  plot()->plotLayout()->setRowStretchFactor(1, 0.001);
  // Whole epochs on the x axis, whatever the number of points.
  QSharedPointer<QCPAxisTickerFixed> epochs(new QCPAxisTickerFixed);
  epochs->setTickStep(1);
  epochs->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
  plot()->xAxis->setTicker(epochs);
  plot()->xAxis->setRange(0.5, 1.5);
  plot()->yAxis2->setVisible(true);
  plot()->yAxis2->setRange(0, 1);
  setAxisLabels(tr("epoch"), tr("loss"), tr("accuracy, ASR"));
}

void CurvePlot::setAxisLabels(const QString& x, const QString& left, const QString& right) {
  plot()->xAxis->setLabel(x);
  plot()->yAxis->setLabel(left);
  plot()->yAxis2->setLabel(right);
}

int CurvePlot::addSeries(const QString& name, const QColor& colour, Qt::PenStyle style, bool rightAxis) {
  QCPGraph* graph = plot()->addGraph(plot()->xAxis, rightAxis ? plot()->yAxis2 : plot()->yAxis);
  graph->setName(name);
  graph->setPen(QPen(colour, 2, style));
  graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
  series_.push_back({name, graph, {}, {}});
  return static_cast<int>(series_.size()) - 1;
}

void CurvePlot::append(int id, double x, double y) {
  if (id < 0 || id >= seriesCount()) return;
  Series& s = series_[static_cast<std::size_t>(id)];
  s.x.push_back(x);
  s.y.push_back(y);
  s.graph->addData(x, y);  // only the new point: no re-copy of the series
  plot()->xAxis->rescale();
  plot()->xAxis->setRange(plot()->xAxis->range().lower - 0.5, plot()->xAxis->range().upper + 0.5);
  bool found = false;
  const QCPRange loss = [&] {
    QCPRange all;
    bool first = true;
    for (const Series& other : series_) {
      if (other.graph->valueAxis() != plot()->yAxis) continue;
      const QCPRange r = other.graph->getValueRange(found);
      if (!found) continue;
      all = first ? r : QCPRange(std::min(all.lower, r.lower), std::max(all.upper, r.upper));
      first = false;
    }
    return all;
  }();
  if (loss.upper > loss.lower) plot()->yAxis->setRange(0, loss.upper * 1.1);
  queueReplot();
}

void CurvePlot::clear() {
  plot()->clearGraphs();
  series_.clear();
  queueReplot();
}

int CurvePlot::pointCount(int id) const {
  return id < 0 || id >= seriesCount() ? 0 : static_cast<int>(series_[static_cast<std::size_t>(id)].x.size());
}

QString CurvePlot::csv() const {
  QString text = "series,x,y\n";
  for (const Series& s : series_)
    for (int i = 0; i < s.x.size(); ++i)
      text += QString("%1,%2,%3\n").arg(s.name).arg(s.x[i]).arg(s.y[i], 0, 'g', 8);
  return text;
}

}  // namespace gaplab::widgets
