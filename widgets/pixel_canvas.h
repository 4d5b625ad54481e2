// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QImage>
#include <QPointer>
#include <QUndoStack>
#include <QWidget>

#include <functional>
#include <optional>
#include <vector>

#include "trigger_layer.h"
#include "trigger_tools.h"

namespace gaplab::widgets {

// A zoomable grid of cells (an image's pixels, or a spectrogram's
// time-frequency cells) with a trigger layer on top. The user paints the
// trigger (brush, eraser, flood fill, with a colour or noise) and drags it
// with the Move tool; edits go on a QUndoStack. Torch-free: the owner turns
// the layer into a core trigger and the cell into a position.
class PixelCanvas : public QWidget {
  Q_OBJECT
public:
  enum class Tool { Brush, Erase, Fill, Move };

  explicit PixelCanvas(QWidget* parent = nullptr);

  // One image pixel per cell; sets the grid. A layer of another size is replaced by an empty one.
  void setBaseImage(const QImage& image, int channels = 1);
  const QImage& baseImage() const { return base_; }
  // Drawn over the base, stretched to it (a CAM); a null image hides it.
  void setOverlay(const QImage& overlay);
  void setLayer(const TriggerLayer& layer);  // not an undoable edit
  // Replaces the layer as one undoable edit (import, clear).
  void commitLayer(const TriggerLayer& layer, const QString& text);
  const TriggerLayer& layer() const { return layer_; }

  void setUndoStack(QUndoStack* stack) { undo_ = stack; }
  void setTool(Tool tool);
  Tool tool() const { return tool_; }
  void setInk(const Ink& ink) { ink_ = ink; }
  const Ink& ink() const { return ink_; }
  void setBrushSize(int cells) { brushSize_ = std::max(1, cells); }
  int brushSize() const { return brushSize_; }
  void setPaintingEnabled(bool enabled) { paintingEnabled_ = enabled; }
  // Which way the Move tool may drag (a tone burst moves in time only).
  void setMoveAxes(Qt::Orientations axes) { moveAxes_ = axes; }
  // Snapping: the provider lists the allowed top-left corners for a trigger of the given size.
  void setSnapProvider(std::function<std::vector<QPoint>(QSize)> provider) { snapProvider_ = std::move(provider); }
  void setSnapping(bool on) { snapping_ = on; }
  bool snapping() const { return snapping_; }
  // Square cells (images) or cells stretched to fill the widget (spectrograms).
  void setKeepAspect(bool keep);
  void setZoom(double zoom);  // 1 = fit the widget
  double zoom() const { return zoom_; }
  void setGridVisible(bool visible);

  QPoint cellAt(QPointF widgetPoint) const;  // may lie outside the grid
  QRectF cellRect(QPoint cell) const;        // in widget coordinates
  QSize sizeHint() const override { return {360, 360}; }
  QSize minimumSizeHint() const override { return {120, 120}; }

  // Used by the undo commands.
  void restoreLayer(const TriggerLayer& layer, bool moved);

Q_SIGNALS:
  void layerEdited();                 // the trigger's cells or values changed
  void triggerMoved(QPoint topLeft);  // while dragging, and after undo/redo of a move
  void dragFinished(QPoint topLeft);
  void cellHovered(QPoint cell);

protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;

private:
  struct Geometry {
    QPointF origin;
    double cellWidth = 1;
    double cellHeight = 1;
  };
  Geometry geometry() const;
  void applyStroke(QPoint from, QPoint to);
  void dragTo(QPoint cell);
  void pushEdit(const QString& text, bool moved);
  QImage layerImage() const;

  QImage base_;
  QImage overlay_;
  TriggerLayer layer_;
  QPointer<QUndoStack> undo_;
  Tool tool_ = Tool::Brush;
  Ink ink_;
  int brushSize_ = 1;
  bool paintingEnabled_ = true;
  Qt::Orientations moveAxes_ = Qt::Horizontal | Qt::Vertical;
  std::function<std::vector<QPoint>(QSize)> snapProvider_;
  bool snapping_ = false;
  bool keepAspect_ = true;
  bool gridVisible_ = true;
  double zoom_ = 1.0;

  // The gesture in progress.
  std::optional<TriggerLayer> before_;
  QPoint lastCell_;
  QPoint dragStartCell_;
  QPoint dragStartTopLeft_;
};

}  // namespace gaplab::widgets
