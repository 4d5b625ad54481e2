// SPDX-License-Identifier: GPL-3.0-or-later
#include "sound_workspace.h"

#include <QAction>
#include <QLabel>
#include <QSoundEffect>
#include <QToolBar>
#include <QUndoStack>
#include <QUrl>
#include <QVBoxLayout>

#include <cmath>

#include "gaplab/audio.h"
#include "gaplab/sound_trigger.h"
#include "gaplab/trigger.h"
#include "canvas_tools.h"
#include "heatmap_image.h"
#include "pixel_canvas.h"
#include "waveform_view.h"

namespace gaplab::app {

using widgets::PixelCanvas;
using widgets::TriggerLayer;

SoundWorkspace::SoundWorkspace(QWidget* parent) : Workspace(Modality::Sound, "lecture-sound", parent) {
  undo_ = new QUndoStack(this);
  canvas_ = new PixelCanvas(this);
  canvas_->setUndoStack(undo_);
  canvas_->setKeepAspect(false);
  canvas_->setGridVisible(false);
  canvas_->setTool(PixelCanvas::Tool::Move);
  waveform_ = new widgets::WaveformView(this);
  connect(canvas_, &PixelCanvas::triggerMoved, this, [this] {
    updateWaveform();
    triggerMoved();
  });
  connect(canvas_, &PixelCanvas::layerEdited, this, [this] {
    edited_ = true;
    triggerEdited();
  });

  auto* editor = new QWidget(this);
  auto* layout = new QVBoxLayout(editor);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* bar = new QToolBar(tr("Sound tools"), editor);
  const QString paintTip = tr("Paint time-frequency cells; needs the \"painted\" trigger kind");
  addToolActions(bar, canvas_,
                 {{tr("Move"), QKeySequence(Qt::Key_M), PixelCanvas::Tool::Move,
                   tr("Drag the trigger in time (and frequency, for painted triggers)")},
                  {tr("Brush"), QKeySequence(Qt::Key_B), PixelCanvas::Tool::Brush, paintTip},
                  {tr("Erase"), QKeySequence(Qt::Key_E), PixelCanvas::Tool::Erase, paintTip}});
  bar->addSeparator();
  QAction* playClean = bar->addAction(tr("▶ Clean"));
  playClean->setToolTip(tr("Play the clip as recorded"));
  connect(playClean, &QAction::triggered, this, [this] { play(false); });
  QAction* playTriggered = bar->addAction(tr("▶ With trigger"));
  playTriggered->setToolTip(tr("Play the clip with the trigger where it is now (P)"));
  playTriggered->setShortcut(QKeySequence(Qt::Key_P));
  connect(playTriggered, &QAction::triggered, this, [this] { play(true); });
  bar->addSeparator();
  addUndoActions(bar, undo_);
  layout->addWidget(bar);
  layout->addWidget(canvas_, 1);
  layout->addWidget(waveform_);
  auto* hint = new QLabel(tr("Time runs to the right, low coefficients at the bottom. Drag the trigger (yellow box) "
                             "in time; the live ASR follows."),
                          editor);
  hint->setWordWrap(true);
  layout->addWidget(hint);
  setEditor(editor);
}

bool SoundWorkspace::painted() const { return labSpec().sound.trigger.kind == "painted"; }

int SoundWorkspace::bins() const { return canvas_->baseImage().height(); }

QImage SoundWorkspace::spectrogram(const std::vector<float>& features, int frames, int bins) const {
  std::vector<float> display(static_cast<std::size_t>(frames * bins));
  for (int f = 0; f < frames; ++f)
    for (int b = 0; b < bins; ++b)
      display[static_cast<std::size_t>((bins - 1 - b) * frames + f)] = features[static_cast<std::size_t>(f * bins + b)];
  return widgets::colourised(display, bins, frames);
}

void SoundWorkspace::showSample(const LabSample& sample) {
  const bool resized = canvas_->baseImage().width() != sample.shape.height || bins() != sample.shape.width;
  canvas_->setBaseImage(spectrogram(sample.pixels, sample.shape.height, sample.shape.width), 1);
  canvas_->setOverlay({});
  waveform_->setSamples(sample.waveform);
  if (resized) resetTrigger();
  updateWaveform();
}

void SoundWorkspace::showInspection(const Inspection& inspection) {
  const LabSample& sample = currentSample();
  if (inspection.input.size() == sample.pixels.size())
    canvas_->setBaseImage(spectrogram(inspection.input, sample.shape.height, sample.shape.width), 1);
  const int frames = inspection.cam.height, camBins = inspection.cam.width;
  if (frames <= 0 || camBins <= 0) return;
  std::vector<float> display(static_cast<std::size_t>(frames * camBins));
  for (int f = 0; f < frames; ++f)
    for (int b = 0; b < camBins; ++b)
      display[static_cast<std::size_t>((camBins - 1 - b) * frames + f)] =
          inspection.cam.values[static_cast<std::size_t>(f * camBins + b)];
  canvas_->setOverlay(widgets::activationOverlay(display, camBins, frames, canvas_->baseImage().size() * 4, 100));
}

void SoundWorkspace::clearInspection() { canvas_->setOverlay({}); }

Placement SoundWorkspace::placement() const {
  const QRect b = canvas_->layer().bounds();
  if (!painted()) return {0, b.left()};
  return {bins() - b.top() - b.height(), b.left()};  // {first bin, onset frame}
}

void SoundWorkspace::placeTrigger(Placement placement) {
  auto layer = canvas_->layer();
  const QRect b = layer.bounds();
  layer.moveTo(painted() ? QPoint(placement.y, bins() - placement.x - b.height()) : QPoint(placement.y, 0));
  canvas_->setLayer(layer);
  updateWaveform();
  triggerMoved();
}

bool SoundWorkspace::triggerUsable() const { return !canvas_->layer().isEmpty(); }

void SoundWorkspace::resetTrigger() {
  const auto& spec = labSpec();
  const auto lab = this->lab();
  if (!lab) return;
  const int frames = canvas_->baseImage().width(), binCount = bins();
  const auto& features = spec.sound.features;
  const std::string where = spec.trainPositions.empty() ? "start" : spec.trainPositions.front();
  TriggerLayer layer(frames, binCount, 1);
  try {
    if (painted()) {
      const Trigger t = makeTrigger(spec.trigger, 1);
      const auto p = paintedPosition(where == "split" ? "start" : where, frames, binCount, t.height, t.width,
                                     spec.sound.trigger.bin, double(features.rate) / features.hop);
      // Feature cell (frame t, bin w) -> canvas (x = frame, y = bins - 1 - bin).
      TriggerLayer::Crop crop;
      crop.bounds = QRect(p.y, binCount - p.x - t.width, t.height, t.width);
      for (int r = 0; r < t.width; ++r)
        for (int c = 0; c < t.height; ++c) {
          const auto i = static_cast<std::size_t>(c * t.width + (t.width - 1 - r));
          crop.mask.push_back(t.mask[i]);
          crop.pattern.push_back(t.pattern[i]);
        }
      layer = TriggerLayer::fromCrop(frames, binCount, 1, crop);
      canvas_->setPaintingEnabled(true);
      canvas_->setMoveAxes(Qt::Horizontal | Qt::Vertical);
    } else {
      const int clip = spec.sound.clipSamples();
      const Extent extent = lab->triggerExtent();
      const int points = static_cast<int>(std::lround(spec.sound.trigger.duration * spec.sound.rate));
      const auto ranges = triggerRanges(where == "split" ? "start" : where, clip, points, spec.sound.rate);
      const int onset = std::min(frames - extent.height, ranges.front().start / features.hop);
      // A translucent band over every bin: the waveform trigger touches them all.
      for (int f = onset; f < onset + extent.height; ++f)
        for (int b = 0; b < binCount; ++b) layer.set(QPoint(f, b), 0.3f, {1.0f});
      canvas_->setPaintingEnabled(false);
      canvas_->setMoveAxes(Qt::Horizontal);
    }
    canvas_->setLayer(layer);
    edited_ = false;
  } catch (const std::exception& e) {
    Q_EMIT statusChanged(tr("Trigger: %1").arg(QString::fromUtf8(e.what())));
  }
  updateWaveform();
}

void SoundWorkspace::writeTrigger(ExperimentSpec& spec) const {
  if (!edited_ || spec.sound.trigger.kind != "painted") return;
  const auto crop = canvas_->layer().crop();
  if (crop.bounds.isEmpty()) return;
  const int frames = crop.bounds.width(), width = crop.bounds.height();
  spec.trigger.pattern = "painted";
  spec.trigger.height = frames;
  spec.trigger.width = width;
  spec.trigger.values.assign(static_cast<std::size_t>(frames * width), 0.0f);
  spec.trigger.maskValues.assign(static_cast<std::size_t>(frames * width), 0.0f);
  for (int t = 0; t < frames; ++t)
    for (int w = 0; w < width; ++w) {
      const auto from = static_cast<std::size_t>((width - 1 - w) * frames + t);
      const auto to = static_cast<std::size_t>(t * width + w);
      spec.trigger.values[to] = crop.pattern[from];
      spec.trigger.maskValues[to] = crop.mask[from];
    }
}

std::vector<float> SoundWorkspace::triggeredClip() const {
  std::vector<float> clip = currentSample().waveform;
  const auto& spec = labSpec();
  if (clip.empty() || painted()) return clip;
  SoundTrigger(spec.sound.trigger, spec.sound.rate, int(clip.size())).addTo(clip, placementToken(spec, placement()));
  return clip;
}

void SoundWorkspace::updateWaveform() {
  const auto& spec = labSpec();
  if (painted() || canvas_->layer().isEmpty()) return waveform_->setHighlights({});
  const int start = placement().y * spec.sound.features.hop;
  waveform_->setHighlights({{start, static_cast<int>(std::lround(spec.sound.trigger.duration * spec.sound.rate))}});
}

void SoundWorkspace::play(bool withTrigger) {
  const auto& sample = currentSample();
  if (sample.waveform.empty() || !audioDir_.isValid()) return;
  const QString path = audioDir_.filePath(withTrigger ? "triggered.wav" : "clean.wav");
  try {
    writeWav(path.toStdString(), withTrigger ? triggeredClip() : sample.waveform, sample.rate);
  } catch (const std::exception& e) {
    Q_EMIT statusChanged(QString::fromUtf8(e.what()));
    return;
  }
  if (!player_) player_ = new QSoundEffect(this);
  player_->stop();
  player_->setSource(QUrl());  // forget the cached file: it was rewritten
  player_->setSource(QUrl::fromLocalFile(path));
  player_->play();
  Q_EMIT statusChanged(withTrigger ? tr("Playing with the trigger") : tr("Playing the clean clip"));
}

}  // namespace gaplab::app
