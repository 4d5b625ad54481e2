// SPDX-License-Identifier: GPL-3.0-or-later
#include "defence_figure.h"

#include <qcustomplot.h>

#include <algorithm>

namespace gaplab::widgets {

namespace {

const QColor kClean(0x1f, 0x77, 0xb4);
const QColor kTriggered(0xd6, 0x27, 0x28);

QCPBars* bars(QCustomPlot* p, const QColor& colour, const QString& name) {
  auto* b = new QCPBars(p->xAxis, p->yAxis);
  QColor fill = colour;
  fill.setAlpha(150);
  b->setBrush(fill);
  b->setPen(QPen(colour.darker(120)));
  b->setName(name);
  return b;
}

void verticalLine(QCustomPlot* p, double x, const QString& label) {
  auto* line = new QCPItemStraightLine(p);
  line->point1->setCoords(x, 0);
  line->point2->setCoords(x, 1);
  line->setPen(QPen(Qt::black, 1.5, Qt::DashLine));
  auto* text = new QCPItemText(p);
  text->position->setType(QCPItemPosition::ptAxisRectRatio);
  text->setPositionAlignment(Qt::AlignTop | Qt::AlignLeft);
  text->position->setCoords(0.02, 0.02);
  text->setText(label);
}

}  // namespace

DefenceFigure::DefenceFigure(QWidget* parent) : FigureWidget(parent) {
  setFigureName("defence");
  plot()->legend->setFont(QFont(font().family(), 8));
}

void DefenceFigure::reset(const QString& kind) {
  kind_ = kind;
  labels_.clear();
  values_.clear();
  values2_.clear();
  x_.clear();
  y_.clear();
  poisoned_.clear();
  flagged_.clear();
  QCustomPlot* p = plot();
  p->clearPlottables();
  p->clearItems();
  p->legend->setVisible(false);
  p->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
}

void DefenceFigure::clear() {
  reset("");
  queueReplot();
}

void DefenceFigure::showAnomalyIndices(const QStringList& classes, const std::vector<double>& indices) {
  reset("nc");
  labels_ = classes;
  values_ = indices;
  QCustomPlot* p = plot();
  auto ticker = QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText);
  QVector<double> x, y;
  double top = 2.5;
  for (int i = 0; i < static_cast<int>(indices.size()); ++i) {
    x.push_back(i);
    y.push_back(indices[static_cast<std::size_t>(i)]);
    ticker->addTick(i, i < classes.size() ? classes[i] : QString::number(i));
    top = std::max(top, indices[static_cast<std::size_t>(i)] + 0.5);
  }
  auto* b = bars(p, kTriggered, tr("anomaly index"));
  b->setData(x, y);
  p->xAxis->setTicker(ticker);
  p->xAxis->setTickLabelRotation(60);
  p->xAxis->setRange(-0.7, std::max<double>(1, indices.size()) - 0.3);
  p->xAxis->setLabel(QString());
  double bottom = 0;
  for (double v : indices) bottom = std::min(bottom, v - 0.3);
  p->yAxis->setRange(bottom, top);
  p->yAxis->setLabel(tr("anomaly index (small mask: > 0)"));
  auto* threshold = new QCPItemStraightLine(p);
  threshold->point1->setCoords(0, 2);
  threshold->point2->setCoords(1, 2);
  threshold->setPen(QPen(Qt::black, 1.5, Qt::DashLine));
  queueReplot();
}

void DefenceFigure::showEntropies(const std::vector<float>& clean, const std::vector<float>& triggered,
                                  double boundary, const QString& triggeredLabel) {
  reset("strip");
  float top = 0.01f;
  for (float h : clean) top = std::max(top, h);
  for (float h : triggered) top = std::max(top, h);
  const int bins = 30;
  const double width = top / bins;
  values_.assign(bins, 0);
  values2_.assign(bins, 0);
  for (float h : clean) values_[static_cast<std::size_t>(std::min(bins - 1, static_cast<int>(h / width)))] += 1;
  for (float h : triggered) values2_[static_cast<std::size_t>(std::min(bins - 1, static_cast<int>(h / width)))] += 1;
  QVector<double> x, a, b;
  for (int i = 0; i < bins; ++i) {
    x.push_back((i + 0.5) * width);
    labels_ << QString::number(i * width, 'f', 4);
    // As shares, so that 500 clean and 450 triggered inputs compare.
    a.push_back(clean.empty() ? 0 : values_[static_cast<std::size_t>(i)] / clean.size());
    b.push_back(triggered.empty() ? 0 : values2_[static_cast<std::size_t>(i)] / triggered.size());
  }
  QCustomPlot* p = plot();
  auto* cleanBars = bars(p, kClean, tr("clean"));
  cleanBars->setWidth(width);
  cleanBars->setData(x, a);
  auto* triggeredBars = bars(p, kTriggered, triggeredLabel);
  triggeredBars->setWidth(width);
  triggeredBars->setData(x, b);
  verticalLine(p, boundary, tr("boundary"));
  p->xAxis->setTickLabelRotation(0);
  p->xAxis->setRange(std::min(0.0, boundary) - width, top + width);
  p->xAxis->setLabel(tr("entropy (bits)"));
  double highest = 0.05;
  for (double v : a) highest = std::max(highest, v);
  for (double v : b) highest = std::max(highest, v);
  p->yAxis->setRange(0, highest * 1.1);
  p->yAxis->setLabel(tr("share of inputs"));
  p->legend->setVisible(true);
  queueReplot();
}

void DefenceFigure::showSamples(const std::vector<float>& x, const std::vector<float>& y,
                                const std::vector<char>& poisoned, const std::vector<char>& flagged,
                                const QString& xLabel, const QString& yLabel) {
  reset("samples");
  x_ = x;
  y_ = y;
  poisoned_ = poisoned;
  flagged_ = flagged;
  QVector<double> cx, cy, px, py, fx, fy;
  for (std::size_t i = 0; i < x.size(); ++i) {
    (poisoned[i] ? px : cx).push_back(x[i]);
    (poisoned[i] ? py : cy).push_back(y[i]);
    if (flagged[i]) {
      fx.push_back(x[i]);
      fy.push_back(y[i]);
    }
  }
  QCustomPlot* p = plot();
  auto add = [&](const QVector<double>& gx, const QVector<double>& gy, const QCPScatterStyle& style, const QString& name) {
    auto* g = p->addGraph();
    g->setLineStyle(QCPGraph::lsNone);
    g->setScatterStyle(style);
    g->setData(gx, gy);
    g->setName(name);
  };
  add(cx, cy, QCPScatterStyle(QCPScatterStyle::ssDisc, kClean, 3), tr("clean"));
  add(px, py, QCPScatterStyle(QCPScatterStyle::ssDisc, kTriggered, 4), tr("poisoned"));
  add(fx, fy, QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::black, 1), Qt::NoBrush, 8), tr("flagged"));
  p->rescaleAxes();
  if (p->yAxis->range().size() < 1e-9) p->yAxis->setRange(-1, 1);
  p->xAxis->setTickLabelRotation(0);
  p->xAxis->setLabel(xLabel);
  p->yAxis->setLabel(yLabel);
  p->legend->setVisible(true);
  queueReplot();
}

QString DefenceFigure::csv() const {
  QString out = "defence\nnot run\n";  // a figure exported before any run says so
  if (kind_ == "nc") {
    out = "class,anomaly_index\n";
    for (std::size_t i = 0; i < values_.size(); ++i)
      out += QString("%1,%2\n").arg(static_cast<int>(i) < labels_.size() ? labels_[static_cast<int>(i)] : QString::number(i)).arg(values_[i]);
  } else if (kind_ == "strip") {
    out = "bin_low,clean,triggered\n";
    for (std::size_t i = 0; i < values_.size(); ++i) out += QString("%1,%2,%3\n").arg(labels_[static_cast<int>(i)]).arg(values_[i]).arg(values2_[i]);
  } else if (kind_ == "samples") {
    out = "x,y,poisoned,flagged\n";
    for (std::size_t i = 0; i < x_.size(); ++i)
      out += QString("%1,%2,%3,%4\n").arg(x_[i]).arg(y_[i]).arg(int(poisoned_[i])).arg(int(flagged_[i]));
  }
  return out;
}

}  // namespace gaplab::widgets
