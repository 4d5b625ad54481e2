// SPDX-License-Identifier: GPL-3.0-or-later
// The image trigger editor: strokes, fills and drags change exactly the
// expected cells, and undo/redo restores them.
#include <QSignalSpy>
#include <QUndoStack>

#include <set>

#include "pixel_canvas.h"
#include "widget_events.h"

using gaplab::test::drag;
using gaplab::widgets::Ink;
using gaplab::widgets::PixelCanvas;
using gaplab::widgets::TriggerLayer;

namespace {

// 28x28 cells of 10 px: cell (x, y) has its centre at (10x + 5, 10y + 5).
QPointF centre(int x, int y) { return {10.0 * x + 5, 10.0 * y + 5}; }

std::set<std::pair<int, int>> paintedCells(const TriggerLayer& layer) {
  std::set<std::pair<int, int>> cells;
  for (int y = 0; y < layer.height(); ++y)
    for (int x = 0; x < layer.width(); ++x)
      if (layer.mask(QPoint(x, y)) > 0) cells.insert({x, y});
  return cells;
}

TriggerLayer block(int left, int top, int size) {
  TriggerLayer layer(28, 28, 1);
  for (int y = top; y < top + size; ++y)
    for (int x = left; x < left + size; ++x) layer.set(QPoint(x, y), 1.0f, {0.5f});
  return layer;
}

}  // namespace

class TestPixelCanvas : public QObject {
  Q_OBJECT
  std::unique_ptr<PixelCanvas> canvas_;
  std::unique_ptr<QUndoStack> undo_;

private Q_SLOTS:
  void init() {
    undo_ = std::make_unique<QUndoStack>();
    canvas_ = std::make_unique<PixelCanvas>();
    QImage base(28, 28, QImage::Format_Grayscale8);
    base.fill(0);
    canvas_->setBaseImage(base, 1);
    canvas_->setUndoStack(undo_.get());
    canvas_->resize(280, 280);
    canvas_->show();
    QVERIFY(QTest::qWaitForWindowExposed(canvas_.get()));
    QCOMPARE(canvas_->cellAt(centre(3, 4)), QPoint(3, 4));
  }

  void strokePaintsTheCellsUnderTheMouseAndUndoRemovesThem() {
    canvas_->setTool(PixelCanvas::Tool::Brush);
    Ink ink;
    ink.values = {0.75f};
    canvas_->setInk(ink);
    QSignalSpy edited(canvas_.get(), &PixelCanvas::layerEdited);
    // A fast stroke: the mouse skips cells 3-5, which the line between events fills in.
    drag(canvas_.get(), {centre(2, 3), centre(6, 3), centre(6, 5)});
    const std::set<std::pair<int, int>> expected{{2, 3}, {3, 3}, {4, 3}, {5, 3}, {6, 3}, {6, 4}, {6, 5}};
    QVERIFY(paintedCells(canvas_->layer()) == expected);
    QCOMPARE(canvas_->layer().value(0, QPoint(4, 3)), 0.75f);
    QVERIFY(edited.count() >= 1);
    QCOMPARE(undo_->count(), 1);  // one stroke, one undo step
    undo_->undo();
    QVERIFY(canvas_->layer().isEmpty());
    undo_->redo();
    QVERIFY(paintedCells(canvas_->layer()) == expected);
  }

  void brushSizeCoversASquare() {
    canvas_->setTool(PixelCanvas::Tool::Brush);
    canvas_->setBrushSize(3);
    drag(canvas_.get(), {centre(10, 10)});
    QCOMPARE(canvas_->layer().paintedCells(), 9);
    QCOMPARE(canvas_->layer().bounds(), QRect(9, 9, 3, 3));
  }

  void eraseAndFill() {
    canvas_->setLayer(block(0, 0, 4));
    canvas_->setTool(PixelCanvas::Tool::Erase);
    drag(canvas_.get(), {centre(0, 0), centre(3, 0)});
    QCOMPARE(canvas_->layer().paintedCells(), 12);
    QCOMPARE(canvas_->layer().bounds(), QRect(0, 1, 4, 3));
    // Fill the unpainted region: everything but the 12 painted cells.
    canvas_->setTool(PixelCanvas::Tool::Fill);
    drag(canvas_.get(), {centre(20, 20)});
    QCOMPARE(canvas_->layer().paintedCells(), 28 * 28);
    undo_->undo();
    QCOMPARE(canvas_->layer().paintedCells(), 12);
    undo_->undo();
    QCOMPARE(canvas_->layer().paintedCells(), 16);
  }

  void moveDragsTheTriggerAndUndoPutsItBack() {
    canvas_->setLayer(block(0, 0, 3));
    canvas_->setTool(PixelCanvas::Tool::Move);
    QSignalSpy moved(canvas_.get(), &PixelCanvas::triggerMoved);
    drag(canvas_.get(), {centre(1, 1), centre(5, 3), centre(11, 6)});
    QCOMPARE(canvas_->layer().bounds(), QRect(10, 5, 3, 3));
    QCOMPARE(moved.last().at(0).toPoint(), QPoint(10, 5));
    QCOMPARE(canvas_->layer().value(0, QPoint(11, 6)), 0.5f);  // the values travel with the trigger
    QCOMPARE(canvas_->layer().paintedCells(), 9);
    undo_->undo();
    QCOMPARE(canvas_->layer().bounds(), QRect(0, 0, 3, 3));
    QCOMPARE(moved.last().at(0).toPoint(), QPoint(0, 0));
  }

  void dragStopsAtTheEdge() {
    canvas_->setLayer(block(0, 0, 3));
    canvas_->setTool(PixelCanvas::Tool::Move);
    drag(canvas_.get(), {centre(1, 1), centre(27, 27)});
    QCOMPARE(canvas_->layer().bounds(), QRect(25, 25, 3, 3));
  }

  void snappingJumpsToTheNearestNamedPosition() {
    canvas_->setLayer(block(0, 0, 3));
    canvas_->setTool(PixelCanvas::Tool::Move);
    canvas_->setSnapProvider([](QSize size) {
      return std::vector<QPoint>{{0, 0}, {(28 - size.width()) / 2, (28 - size.height()) / 2}, {25, 25}};
    });
    canvas_->setSnapping(true);
    drag(canvas_.get(), {centre(1, 1), centre(10, 14)});  // top-left would be (9, 13): nearest is the middle (12, 12)
    QCOMPARE(canvas_->layer().bounds().topLeft(), QPoint(12, 12));
    canvas_->setSnapping(false);
    drag(canvas_.get(), {centre(13, 13), centre(10, 14)});
    QCOMPARE(canvas_->layer().bounds().topLeft(), QPoint(9, 13));
  }

  void horizontalOnlyMovesKeepTheRow() {
    canvas_->setLayer(block(2, 4, 3));
    canvas_->setTool(PixelCanvas::Tool::Move);
    canvas_->setMoveAxes(Qt::Horizontal);
    drag(canvas_.get(), {centre(3, 5), centre(9, 20)});
    QCOMPARE(canvas_->layer().bounds().topLeft(), QPoint(8, 4));
  }

  void paintingCanBeDisabled() {
    canvas_->setPaintingEnabled(false);
    canvas_->setTool(PixelCanvas::Tool::Brush);
    drag(canvas_.get(), {centre(2, 2), centre(5, 5)});
    QVERIFY(canvas_->layer().isEmpty());
    QCOMPARE(undo_->count(), 0);
  }

  void importedImageBecomesTheTrigger() {
    QImage image(2, 1, QImage::Format_ARGB32);
    image.setPixelColor(0, 0, QColor(255, 255, 255, 255));
    image.setPixelColor(1, 0, QColor(0, 0, 0, 0));  // transparent: not part of the trigger
    const auto layer = TriggerLayer::fromImage(image, 28, 28, 1, QRect(3, 4, 2, 1));
    QCOMPARE(layer.bounds(), QRect(3, 4, 1, 1));
    QCOMPARE(layer.value(0, QPoint(3, 4)), 1.0f);
    QCOMPARE(layer.mask(QPoint(4, 4)), 0.0f);
    // Scaled to the trigger's size, and kept inside the input.
    const auto scaled = TriggerLayer::fromImage(QImage(64, 64, QImage::Format_RGB32), 28, 28, 3, QRect(24, 24, 8, 8));
    QCOMPARE(scaled.bounds(), QRect(24, 24, 4, 4));
  }

  void cropIsWhatCoreStamps() {
    TriggerLayer layer(28, 28, 1);
    layer.set(QPoint(5, 6), 1.0f, {0.25f});
    layer.set(QPoint(7, 6), 0.5f, {1.0f});
    const auto crop = layer.crop();
    QCOMPARE(crop.bounds, QRect(5, 6, 3, 1));
    QCOMPARE(crop.mask, (std::vector<float>{1.0f, 0.0f, 0.5f}));
    QCOMPARE(crop.pattern, (std::vector<float>{0.25f, 0.0f, 1.0f}));
    QVERIFY(TriggerLayer::fromCrop(28, 28, 1, crop) == layer);
  }
};

QTEST_MAIN(TestPixelCanvas)
#include "tst_pixel_canvas.moc"
