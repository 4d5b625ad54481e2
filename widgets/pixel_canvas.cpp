// SPDX-License-Identifier: GPL-3.0-or-later
#include "pixel_canvas.h"

#include <QMouseEvent>
#include <QPainter>
#include <QUndoCommand>
#include <QWheelEvent>

#include <cmath>
#include <limits>

namespace gaplab::widgets {

namespace {

// One undoable edit: the layer before and after (layers are small: a 28x28
// image or a 101x40 spectrogram), so undo is exact whatever the tool did.
class LayerCommand : public QUndoCommand {
public:
  LayerCommand(PixelCanvas* canvas, TriggerLayer before, TriggerLayer after, bool moved, const QString& text)
      : QUndoCommand(text), canvas_(canvas), before_(std::move(before)), after_(std::move(after)), moved_(moved) {}
  void undo() override {
    if (canvas_) canvas_->restoreLayer(before_, moved_);
  }
  void redo() override {
    if (canvas_ && canvas_->layer() != after_) canvas_->restoreLayer(after_, moved_);
  }

private:
  QPointer<PixelCanvas> canvas_;
  TriggerLayer before_, after_;
  bool moved_;
};

QRgb cellColour(const TriggerLayer& layer, QPoint cell) {
  auto byte = [](float v) { return static_cast<int>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f)); };
  if (layer.channels() >= 3)
    return qRgba(byte(layer.value(0, cell)), byte(layer.value(1, cell)), byte(layer.value(2, cell)),
                 byte(layer.mask(cell)));
  const int g = byte(layer.value(0, cell));
  return qRgba(g, g, g, byte(layer.mask(cell)));
}

}  // namespace

PixelCanvas::PixelCanvas(QWidget* parent) : QWidget(parent) {
  setMouseTracking(true);
  setFocusPolicy(Qt::StrongFocus);
  setAttribute(Qt::WA_OpaquePaintEvent);
  setBaseImage(QImage(28, 28, QImage::Format_Grayscale8));
}

void PixelCanvas::setBaseImage(const QImage& image, int channels) {
  base_ = image;
  if (layer_.width() != image.width() || layer_.height() != image.height() || layer_.channels() != channels)
    layer_ = TriggerLayer(image.width(), image.height(), channels);
  update();
}

void PixelCanvas::setOverlay(const QImage& overlay) {
  overlay_ = overlay;
  update();
}

void PixelCanvas::setLayer(const TriggerLayer& layer) {
  layer_ = layer;
  update();
}

void PixelCanvas::commitLayer(const TriggerLayer& layer, const QString& text) {
  if (layer == layer_) return;
  before_ = layer_;
  layer_ = layer;
  pushEdit(text, false);
  before_.reset();
  update();
  Q_EMIT layerEdited();
}

void PixelCanvas::setTool(Tool tool) {
  tool_ = tool;
  setCursor(tool == Tool::Move ? Qt::OpenHandCursor : Qt::CrossCursor);
}

void PixelCanvas::setKeepAspect(bool keep) {
  keepAspect_ = keep;
  update();
}

void PixelCanvas::setZoom(double zoom) {
  zoom_ = std::clamp(zoom, 1.0, 16.0);
  const QSize cells(std::max(1, base_.width()), std::max(1, base_.height()));
  // Beyond "fit", grow so that a surrounding scroll area scrolls.
  setMinimumSize(zoom_ > 1.0 ? QSize(int(cells.width() * 8 * zoom_), int(cells.height() * 8 * zoom_))
                             : minimumSizeHint());
  update();
}

void PixelCanvas::setGridVisible(bool visible) {
  gridVisible_ = visible;
  update();
}

PixelCanvas::Geometry PixelCanvas::geometry() const {
  Geometry g;
  const double cols = std::max(1, base_.width()), rows = std::max(1, base_.height());
  g.cellWidth = width() / cols;
  g.cellHeight = height() / rows;
  if (keepAspect_) g.cellWidth = g.cellHeight = std::min(g.cellWidth, g.cellHeight);
  g.origin = QPointF((width() - g.cellWidth * cols) / 2.0, (height() - g.cellHeight * rows) / 2.0);
  return g;
}

QPoint PixelCanvas::cellAt(QPointF p) const {
  const Geometry g = geometry();
  return {static_cast<int>(std::floor((p.x() - g.origin.x()) / g.cellWidth)),
          static_cast<int>(std::floor((p.y() - g.origin.y()) / g.cellHeight))};
}

QRectF PixelCanvas::cellRect(QPoint cell) const {
  const Geometry g = geometry();
  return {g.origin.x() + cell.x() * g.cellWidth, g.origin.y() + cell.y() * g.cellHeight, g.cellWidth, g.cellHeight};
}

QImage PixelCanvas::layerImage() const {
  QImage image(layer_.width(), layer_.height(), QImage::Format_ARGB32);
  for (int y = 0; y < layer_.height(); ++y)
    for (int x = 0; x < layer_.width(); ++x) image.setPixel(x, y, cellColour(layer_, QPoint(x, y)));
  return image;
}

void PixelCanvas::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), palette().window());
  const Geometry g = geometry();
  const QRectF area(g.origin, QSizeF(g.cellWidth * base_.width(), g.cellHeight * base_.height()));
  painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
  painter.drawImage(area, base_);
  if (!overlay_.isNull()) {
    painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
    painter.drawImage(area, overlay_);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
  }
  painter.drawImage(area, layerImage());
  if (gridVisible_ && g.cellWidth >= 8 && g.cellHeight >= 8) {
    painter.setPen(QPen(QColor(128, 128, 128, 60), 0));
    for (int x = 0; x <= base_.width(); ++x)
      painter.drawLine(QPointF(area.left() + x * g.cellWidth, area.top()), QPointF(area.left() + x * g.cellWidth, area.bottom()));
    for (int y = 0; y <= base_.height(); ++y)
      painter.drawLine(QPointF(area.left(), area.top() + y * g.cellHeight), QPointF(area.right(), area.top() + y * g.cellHeight));
  }
  const QRect bounds = layer_.bounds();
  if (!bounds.isEmpty()) {
    const QRectF box = cellRect(bounds.topLeft()).united(cellRect(bounds.bottomRight()));
    painter.setPen(QPen(QColor(255, 200, 0), 2, Qt::DashLine));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(box);
  }
}

void PixelCanvas::mousePressEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) return QWidget::mousePressEvent(event);
  const QPoint cell = cellAt(event->position());
  before_ = layer_;
  lastCell_ = cell;
  switch (tool_) {
    case Tool::Brush:
    case Tool::Erase:
      if (paintingEnabled_) applyStroke(cell, cell);
      break;
    case Tool::Fill:
      if (paintingEnabled_ && floodFill(layer_, cell, ink_) > 0) {
        update();
        Q_EMIT layerEdited();
      }
      break;
    case Tool::Move:
      dragStartCell_ = cell;
      dragStartTopLeft_ = layer_.bounds().topLeft();
      setCursor(Qt::ClosedHandCursor);
      break;
  }
}

void PixelCanvas::mouseMoveEvent(QMouseEvent* event) {
  const QPoint cell = cellAt(event->position());
  if (layer_.contains(cell)) Q_EMIT cellHovered(cell);
  if (!before_ || !(event->buttons() & Qt::LeftButton) || cell == lastCell_) return;
  if (tool_ == Tool::Brush || tool_ == Tool::Erase) {
    if (paintingEnabled_) applyStroke(lastCell_, cell);
  } else if (tool_ == Tool::Move) {
    dragTo(cell);
  }
  lastCell_ = cell;
}

void PixelCanvas::mouseReleaseEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton || !before_) return QWidget::mouseReleaseEvent(event);
  if (tool_ == Tool::Move) {
    dragTo(cellAt(event->position()));
    setCursor(Qt::OpenHandCursor);
    if (*before_ != layer_) {
      pushEdit(tr("Move trigger"), true);
      Q_EMIT dragFinished(layer_.bounds().topLeft());
    }
  } else if (*before_ != layer_) {
    pushEdit(tool_ == Tool::Erase ? tr("Erase") : tool_ == Tool::Fill ? tr("Fill") : tr("Paint"), false);
  }
  before_.reset();
}

void PixelCanvas::wheelEvent(QWheelEvent* event) {
  if (!(event->modifiers() & Qt::ControlModifier)) return QWidget::wheelEvent(event);
  setZoom(zoom_ * (event->angleDelta().y() > 0 ? 1.25 : 0.8));
  event->accept();
}

void PixelCanvas::applyStroke(QPoint from, QPoint to) {
  std::vector<QPoint> cells;
  for (const QPoint& centre : lineCells(from, to))
    for (const QPoint& c : brushCells(centre, brushSize_)) cells.push_back(c);
  if (tool_ == Tool::Erase) eraseCells(layer_, cells);
  else paintCells(layer_, cells, ink_);
  update();
  Q_EMIT layerEdited();
}

void PixelCanvas::dragTo(QPoint cell) {
  const QRect bounds = layer_.bounds();
  if (bounds.isEmpty()) return;
  QPoint delta = cell - dragStartCell_;
  if (!(moveAxes_ & Qt::Horizontal)) delta.setX(0);
  if (!(moveAxes_ & Qt::Vertical)) delta.setY(0);
  QPoint target = layer_.clampedTopLeft(dragStartTopLeft_ + delta);
  if (snapping_ && snapProvider_) {
    const QPoint free = target;
    double best = std::numeric_limits<double>::max();
    for (const QPoint& p : snapProvider_(bounds.size())) {
      const double d = std::hypot(p.x() - free.x(), p.y() - free.y());
      if (d < best) {
        best = d;
        target = p;
      }
    }
  }
  if (target == bounds.topLeft()) return;
  layer_.moveTo(target);
  update();
  Q_EMIT triggerMoved(layer_.bounds().topLeft());
}

void PixelCanvas::pushEdit(const QString& text, bool moved) {
  if (undo_) undo_->push(new LayerCommand(this, *before_, layer_, moved, text));
}

void PixelCanvas::restoreLayer(const TriggerLayer& layer, bool moved) {
  layer_ = layer;
  update();
  if (moved) Q_EMIT triggerMoved(layer_.bounds().topLeft());
  else Q_EMIT layerEdited();
}

}  // namespace gaplab::widgets
