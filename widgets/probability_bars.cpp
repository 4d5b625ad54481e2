// SPDX-License-Identifier: GPL-3.0-or-later
#include "probability_bars.h"

#include <QPainter>

#include <algorithm>

namespace gaplab::widgets {

ProbabilityBars::ProbabilityBars(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Minimum);
}

void ProbabilityBars::setClasses(const QStringList& names) {
  names_ = names;
  probabilities_.assign(static_cast<std::size_t>(names.size()), 0.0f);
  updateGeometry();
  update();
}

void ProbabilityBars::setProbabilities(const std::vector<float>& probabilities) {
  probabilities_ = probabilities;
  update();
}

void ProbabilityBars::setTarget(int target) {
  target_ = target;
  update();
}

void ProbabilityBars::setTitle(const QString& title) {
  title_ = title;
  update();
}

int ProbabilityBars::predicted() const {
  if (probabilities_.empty()) return -1;
  return int(std::max_element(probabilities_.begin(), probabilities_.end()) - probabilities_.begin());
}

QSize ProbabilityBars::sizeHint() const {
  const int line = fontMetrics().height() + 4;
  return {std::max(260, labelWidth() + 60 + percentWidth()), line * (int(names_.size()) + 1) + 4};
}

QSize ProbabilityBars::minimumSizeHint() const {
  // Never narrower than the labels, a short bar and the percentages: a dock
  // squeezed by the window clips nothing (it scrolls or the window grows).
  return {labelWidth() + 24 + percentWidth(), sizeHint().height()};
}

int ProbabilityBars::labelWidth() const {
  QFont bold = font();
  bold.setBold(true);
  const QFontMetrics boldMetrics(bold);  // the predicted class is drawn bold
  int width = 0;
  for (const QString& name : names_) width = std::max(width, boldMetrics.horizontalAdvance(name));
  return width + 8;
}

int ProbabilityBars::percentWidth() const {
  QFont bold = font();
  bold.setBold(true);
  return QFontMetrics(bold).horizontalAdvance(QStringLiteral("100.0%")) + 6;  // the widest figure, bold
}

int ProbabilityBars::rowHeight() const {
  // Squeezed below its size hint (a small screen, large fonts), the rows
  // close up and their type shrinks with them: every class stays on screen.
  const int ideal = fontMetrics().height() + 4;
  return std::max(6, std::min(ideal, height() / (int(names_.size()) + 1)));
}

QRect ProbabilityBars::percentRect(int row) const {
  const int line = rowHeight();
  return {width() - percentWidth(), (row + 1) * line, percentWidth(), line};
}

void ProbabilityBars::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  const int line = rowHeight();
  const double squeeze = double(line) / (fontMetrics().height() + 4);
  QFont base = font();
  if (squeeze < 1) {
    base.setPointSizeF(std::max(5.0, base.pointSizeF() * squeeze));
    painter.setFont(base);
  }
  const int labelWidth = this->labelWidth();
  const int barWidth = std::max(20, width() - labelWidth - percentWidth() - 4);
  painter.drawText(QRect(0, 0, width(), line), Qt::AlignLeft | Qt::AlignVCenter, title_);
  const int best = predicted();
  for (int i = 0; i < names_.size(); ++i) {
    const int y = (i + 1) * line;
    const float p = i < int(probabilities_.size()) ? probabilities_[static_cast<std::size_t>(i)] : 0.0f;
    QFont f = base;
    f.setBold(i == best);
    painter.setFont(f);
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(QRect(0, y, labelWidth - 4, line), Qt::AlignRight | Qt::AlignVCenter, names_[i]);
    const QColor colour = i == target_ ? QColor(214, 39, 40) : i == best ? QColor(31, 119, 180) : QColor(150, 150, 150);
    painter.fillRect(QRect(labelWidth, y + 2, int(barWidth * std::clamp(p, 0.0f, 1.0f)), line - 4), colour);
    // Before a model exists there is nothing to show: a dash, not 0.0%.
    painter.drawText(percentRect(i), Qt::AlignRight | Qt::AlignVCenter,
                     probabilities_.empty() ? QStringLiteral("–") : QString::number(100.0 * p, 'f', 1) + "%");
  }
}

}  // namespace gaplab::widgets
