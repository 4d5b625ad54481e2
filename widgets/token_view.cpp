// SPDX-License-Identifier: GPL-3.0-or-later
#include "token_view.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <limits>

namespace gaplab::widgets {

namespace {
constexpr double kMargin = 6, kGap = 4, kPadding = 4;
}

TokenView::TokenView(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
  setMouseTracking(true);
}

void TokenView::setTokens(const QStringList& tokens) {
  tokens_ = tokens;
  insertion_ = std::clamp(insertion_, 0, int(tokens_.size()));
  relayout();
}

void TokenView::setTriggerWords(const QStringList& words) {
  words_ = words;
  relayout();
}

void TokenView::setInsertion(int index) {
  insertion_ = std::clamp(index, 0, int(tokens_.size()));
  relayout();
}

void TokenView::setTruncation(int length) {
  truncation_ = length;
  update();
}

void TokenView::setRelevance(const std::vector<float>& relevance) {
  relevance_ = relevance;
  update();
}

std::vector<TokenView::Box> TokenView::layout(int width, int insertion) const {
  const QFontMetricsF metrics(font());
  const double lineHeight = metrics.height() + 2 * kPadding;
  std::vector<Box> boxes;
  double x = kMargin, y = kMargin;
  auto place = [&](double w, int token, int sequenceIndex) {
    if (x + w > width - kMargin && x > kMargin) {
      x = kMargin;
      y += lineHeight + kGap;
    }
    boxes.push_back({QRectF(x, y, w, lineHeight), token, sequenceIndex});
    x += w + kGap;
  };
  int sequence = 0;
  for (int i = 0; i <= tokens_.size(); ++i) {
    if (i == insertion) {
      place(metrics.horizontalAdvance(words_.join(' ')) + 2 * kPadding + 4, -1, sequence);
      sequence += int(words_.size());
    }
    if (i < tokens_.size()) place(metrics.horizontalAdvance(tokens_[i]) + 2 * kPadding, i, sequence++);
  }
  return boxes;
}

void TokenView::relayout() {
  boxes_ = layout(width(), insertion_);
  updateGeometry();
  update();
}

void TokenView::resizeEvent(QResizeEvent*) { boxes_ = layout(width(), insertion_); }

int TokenView::heightForWidth(int width) const {
  const auto boxes = layout(width, insertion_);
  return boxes.empty() ? 40 : int(std::ceil(boxes.back().rect.bottom() + kMargin));
}

QSize TokenView::sizeHint() const { return {480, heightForWidth(480)}; }

QRectF TokenView::chipRect() const {
  for (const Box& box : boxes_)
    if (box.token < 0) return box.rect;
  return {};
}

QRectF TokenView::tokenRect(int token) const {
  for (const Box& box : boxes_)
    if (box.token == token) return box.rect;
  return {};
}

int TokenView::insertionAt(QPointF point) const {
  // The nearest gap: before a token whose box is right of the point on its line, or after the line's last token.
  int best = 0;
  double bestDistance = std::numeric_limits<double>::max();
  for (const Box& box : boxes_) {
    if (box.token < 0) continue;
    const double dy = point.y() < box.rect.top() ? box.rect.top() - point.y()
                      : point.y() > box.rect.bottom() ? point.y() - box.rect.bottom() : 0.0;
    const double before = std::abs(point.x() - box.rect.left()) + 4 * dy;
    const double after = std::abs(point.x() - box.rect.right()) + 4 * dy;
    if (before < bestDistance) {
      bestDistance = before;
      best = box.token;
    }
    if (after < bestDistance) {
      bestDistance = after;
      best = box.token + 1;
    }
  }
  return best;
}

void TokenView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.fillRect(rect(), palette().base());
  const double maxAbs = relevance_.empty() ? 0.0
                                           : std::abs(*std::max_element(relevance_.begin(), relevance_.end(),
                                                                        [](float a, float b) { return std::abs(a) < std::abs(b); }));
  auto shade = [&](int sequenceIndex) -> QColor {
    if (maxAbs <= 0 || sequenceIndex >= int(relevance_.size())) return palette().alternateBase().color();
    const double r = relevance_[static_cast<std::size_t>(sequenceIndex)] / maxAbs;
    const int strength = int(std::lround(std::min(1.0, std::abs(r)) * 200));
    return r >= 0 ? QColor(255, 255 - strength, 255 - strength) : QColor(255 - strength, 255 - strength, 255);
  };
  bool markerDrawn = false;
  for (const Box& box : boxes_) {
    const bool chip = box.token < 0;
    const bool cut = box.sequenceIndex >= truncation_;
    if (cut && !markerDrawn) {
      painter.setPen(QPen(QColor(200, 0, 0), 2));
      painter.drawLine(box.rect.topLeft() - QPointF(kGap / 2, 0), box.rect.bottomLeft() - QPointF(kGap / 2, 0));
      painter.drawText(box.rect.topLeft() - QPointF(kGap / 2, 1), tr("%1 tokens").arg(truncation_));
      markerDrawn = true;
    }
    if (chip) {
      if (dragOffset_) continue;  // drawn at the mouse below
      painter.setPen(QPen(QColor(180, 90, 0), 1.5));
      painter.setBrush(QColor(255, 200, 120));
      painter.drawRoundedRect(box.rect, 6, 6);
      painter.setPen(Qt::black);
      painter.drawText(box.rect, Qt::AlignCenter, words_.join(' '));
      continue;
    }
    painter.setPen(Qt::NoPen);
    painter.setBrush(shade(box.sequenceIndex));
    painter.drawRoundedRect(box.rect, 3, 3);
    painter.setPen(cut ? palette().color(QPalette::Disabled, QPalette::Text) : palette().color(QPalette::Text));
    painter.drawText(box.rect, Qt::AlignCenter, tokens_[box.token]);
  }
  if (dragOffset_) {
    const QRectF chip(dragPoint_ - *dragOffset_, chipRect().size());
    const auto preview = layout(width(), insertionAt(dragPoint_));
    for (const Box& box : preview)
      if (box.token < 0) {
        painter.setPen(QPen(QColor(180, 90, 0), 2, Qt::DashLine));
        painter.setBrush(Qt::NoBrush);
        painter.drawRoundedRect(box.rect, 6, 6);
      }
    painter.setPen(QPen(QColor(180, 90, 0), 1.5));
    painter.setBrush(QColor(255, 200, 120, 220));
    painter.drawRoundedRect(chip, 6, 6);
    painter.setPen(Qt::black);
    painter.drawText(chip, Qt::AlignCenter, words_.join(' '));
  }
}

void TokenView::mousePressEvent(QMouseEvent* event) {
  const QRectF chip = chipRect();
  if (event->button() != Qt::LeftButton || !chip.contains(event->position())) return QWidget::mousePressEvent(event);
  dragOffset_ = event->position() - chip.topLeft();
  dragPoint_ = event->position();
  setCursor(Qt::ClosedHandCursor);
  update();
}

void TokenView::mouseMoveEvent(QMouseEvent* event) {
  if (!dragOffset_) {
    setCursor(chipRect().contains(event->position()) ? Qt::OpenHandCursor : Qt::ArrowCursor);
    return;
  }
  const int before = insertionAt(dragPoint_);
  dragPoint_ = event->position();
  const int now = insertionAt(dragPoint_);
  update();
  if (now != before) Q_EMIT insertionMoved(now);
}

void TokenView::mouseReleaseEvent(QMouseEvent* event) {
  if (!dragOffset_ || event->button() != Qt::LeftButton) return QWidget::mouseReleaseEvent(event);
  dragPoint_ = event->position();
  const int index = insertionAt(dragPoint_);
  dragOffset_.reset();
  setCursor(Qt::OpenHandCursor);
  setInsertion(index);
  Q_EMIT insertionChanged(index);
}

}  // namespace gaplab::widgets
