// SPDX-License-Identifier: GPL-3.0-or-later
#include "image_workspace.h"

#include <QAction>
#include <QCheckBox>
#include <QColorDialog>
#include <QFileDialog>
#include <QImageReader>
#include <QLabel>
#include <QScrollArea>
#include <QSpinBox>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include <stdexcept>

#include "gaplab/positions.h"
#include "gaplab/trigger.h"
#include "canvas_tools.h"
#include "heatmap_image.h"
#include "pixel_canvas.h"

namespace gaplab::app {

using widgets::PixelCanvas;
using widgets::TriggerLayer;

ImageWorkspace::ImageWorkspace(QWidget* parent) : Workspace(Modality::Image, "lecture-image", parent) {
  undo_ = new QUndoStack(this);
  canvas_ = new PixelCanvas(this);
  canvas_->setUndoStack(undo_);
  canvas_->setTool(PixelCanvas::Tool::Move);
  canvas_->setSnapProvider([this](QSize size) {
    std::vector<QPoint> points;
    const QImage& base = canvas_->baseImage();
    for (const auto& name : namedPositions()) {
      try {
        const auto p = resolvePosition(name, base.height(), base.width(), {size.height(), size.width()});
        points.emplace_back(p.x, p.y);
      } catch (const std::exception&) {
        // a trigger too large for this position: no snap point there
      }
    }
    return points;
  });
  connect(canvas_, &PixelCanvas::triggerMoved, this, [this] { triggerMoved(); });
  connect(canvas_, &PixelCanvas::layerEdited, this, [this] {
    painted_ = true;
    triggerEdited();  // new sessions carry the new trigger, then re-measure
  });
  auto* editor = new QWidget(this);
  auto* layout = new QVBoxLayout(editor);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(makeToolBar());
  auto* scroll = new QScrollArea(editor);
  scroll->setWidget(canvas_);
  scroll->setWidgetResizable(true);
  scroll->setAlignment(Qt::AlignCenter);
  layout->addWidget(scroll, 1);
  auto* hint = new QLabel(tr("Drag the trigger with Move (M); paint with Brush (B), Erase (E), Fill (F). "
                             "Ctrl+wheel zooms. Snap (S) jumps to the paper's nine positions."),
                          editor);
  hint->setWordWrap(true);
  layout->addWidget(hint);
  setEditor(editor);
}

QWidget* ImageWorkspace::makeToolBar() {
  auto* bar = new QToolBar(tr("Trigger tools"), this);
  addToolActions(bar, canvas_,
                 {{tr("Move"), QKeySequence(Qt::Key_M), PixelCanvas::Tool::Move, tr("Drag the trigger to another position")},
                  {tr("Brush"), QKeySequence(Qt::Key_B), PixelCanvas::Tool::Brush, tr("Paint trigger pixels")},
                  {tr("Erase"), QKeySequence(Qt::Key_E), PixelCanvas::Tool::Erase, tr("Remove trigger pixels")},
                  {tr("Fill"), QKeySequence(Qt::Key_F), PixelCanvas::Tool::Fill,
                   tr("Flood-fill a region of the trigger layer")}});
  bar->addSeparator();
  auto* size = new QSpinBox(bar);
  size->setRange(1, 16);
  size->setPrefix(tr("brush "));
  size->setToolTip(tr("Brush size in pixels"));
  connect(size, &QSpinBox::valueChanged, canvas_, &PixelCanvas::setBrushSize);
  bar->addWidget(size);
  auto* colour = bar->addAction(tr("Colour…"));
  colour->setToolTip(tr("The brush colour (grey images use its lightness)"));
  connect(colour, &QAction::triggered, this, [this] {
    const QColor chosen = QColorDialog::getColor(Qt::white, this, tr("Brush colour"));
    if (!chosen.isValid()) return;
    auto ink = canvas_->ink();
    ink.noise = false;
    ink.values = canvas_->layer().channels() >= 3
                     ? std::vector<float>{float(chosen.redF()), float(chosen.greenF()), float(chosen.blueF())}
                     : std::vector<float>{float(chosen.lightnessF())};
    canvas_->setInk(ink);
  });
  auto* noise = bar->addAction(tr("Noise"));
  noise->setCheckable(true);
  noise->setToolTip(tr("Paint uniform random values, like the paper's trigger"));
  connect(noise, &QAction::toggled, this, [this](bool on) {
    auto ink = canvas_->ink();
    ink.noise = on;
    canvas_->setInk(ink);
  });
  auto* snap = bar->addAction(tr("Snap"));
  snap->setCheckable(true);
  snap->setShortcut(QKeySequence(Qt::Key_S));
  snap->setToolTip(tr("Snap the dragged trigger to the paper's named positions (S)"));
  connect(snap, &QAction::toggled, canvas_, &PixelCanvas::setSnapping);
  bar->addSeparator();
  auto* import = bar->addAction(tr("Import…"));
  import->setToolTip(tr("Use an image file (PNG, …) as the trigger pattern"));
  connect(import, &QAction::triggered, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Trigger pattern"), QString(),
                                                      tr("Images (*.png *.jpg *.bmp *.pgm *.ppm)"));
    if (path.isEmpty()) return;
    try {
      importPattern(path);
    } catch (const std::exception& e) {
      Q_EMIT statusChanged(QString::fromUtf8(e.what()));
    }
  });
  auto* clear = bar->addAction(tr("Clear"));
  clear->setToolTip(tr("Remove the whole trigger (undoable)"));
  connect(clear, &QAction::triggered, this, [this] {
    const auto& layer = canvas_->layer();
    canvas_->commitLayer(TriggerLayer(layer.width(), layer.height(), layer.channels()), tr("Clear trigger"));
  });
  auto* reset = bar->addAction(tr("Reset"));
  reset->setToolTip(tr("Back to the setup's trigger at its training position"));
  connect(reset, &QAction::triggered, this, [this] {
    painted_ = false;
    resetTrigger();
    triggerEdited();
    triggerMoved();
  });
  bar->addSeparator();
  addUndoActions(bar, undo_);
  return bar;
}

void ImageWorkspace::importPattern(const QString& path) {
  QImageReader reader(path);
  QImage image = reader.read();
  if (image.isNull())
    throw std::runtime_error("cannot read the trigger image '" + path.toStdString() + "': " +
                             reader.errorString().toStdString());
  const auto& layer = canvas_->layer();
  const QRect bounds = layer.bounds();
  const TriggerLayer imported = TriggerLayer::fromImage(image, layer.width(), layer.height(), layer.channels(),
                                                        bounds.isEmpty() ? QRect() : bounds);
  canvas_->commitLayer(imported, tr("Import pattern"));
}

void ImageWorkspace::showSample(const LabSample& sample) {
  const QImage image = widgets::imageFromChw(sample.pixels, sample.shape.channels, sample.shape.height, sample.shape.width);
  const bool resized = image.size() != canvas_->baseImage().size();
  canvas_->setBaseImage(image, sample.shape.channels);
  canvas_->setOverlay({});
  if (resized) resetTrigger();
}

void ImageWorkspace::showInspection(const Inspection& inspection) {
  const QSize size = canvas_->baseImage().size() * 8;
  canvas_->setOverlay(widgets::activationOverlay(inspection.cam.values, inspection.cam.height, inspection.cam.width, size));
}

void ImageWorkspace::clearInspection() { canvas_->setOverlay({}); }

Placement ImageWorkspace::placement() const {
  const QRect bounds = canvas_->layer().bounds();
  return {bounds.left(), bounds.top()};
}

void ImageWorkspace::placeTrigger(Placement placement) {
  auto layer = canvas_->layer();
  layer.moveTo(QPoint(placement.x, placement.y));
  canvas_->setLayer(layer);
  triggerMoved();
}

bool ImageWorkspace::triggerUsable() const { return !canvas_->layer().isEmpty(); }

void ImageWorkspace::resetTrigger() {
  const QImage& base = canvas_->baseImage();
  const auto& spec = labSpec();
  const int channels = canvas_->layer().channels();
  try {
    const Trigger trigger = makeTrigger(spec.trigger, channels);
    std::string where = spec.trainPositions.empty() ? "middle" : spec.trainPositions.front();
    if (isRandomPlacement(where)) where = "middle";
    const auto p = resolvePosition(where, base.height(), base.width(), {trigger.height, trigger.width});
    TriggerLayer::Crop crop{QRect(p.x, p.y, trigger.width, trigger.height), trigger.pattern, trigger.mask};
    canvas_->setLayer(TriggerLayer::fromCrop(base.width(), base.height(), channels, crop));
    painted_ = spec.trigger.pattern == "painted";
  } catch (const std::exception& e) {
    Q_EMIT statusChanged(tr("Trigger: %1").arg(QString::fromUtf8(e.what())));
  }
}

void ImageWorkspace::writeTrigger(ExperimentSpec& spec) const {
  if (!painted_) return;
  const auto crop = canvas_->layer().crop();
  if (crop.bounds.isEmpty()) return;
  spec.trigger.pattern = "painted";
  spec.trigger.width = crop.bounds.width();
  spec.trigger.height = crop.bounds.height();
  spec.trigger.values = crop.pattern;
  spec.trigger.maskValues = crop.mask;
}

}  // namespace gaplab::app
