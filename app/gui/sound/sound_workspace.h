// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QTemporaryDir>

#include "workspace.h"

class QSoundEffect;
class QUndoStack;

namespace gaplab::widgets {
class PixelCanvas;
class WaveformView;
}  // namespace gaplab::widgets

namespace gaplab::app {

// Sound: the clip's spectrogram (the model's MFCC or log-mel input, time to
// the right, low coefficients at the bottom) and waveform. A tone or noise
// burst is dragged in time; a painted trigger is drawn on time-frequency
// cells and dragged in time and frequency. Plays the clip with and without
// the trigger.
class SoundWorkspace : public Workspace {
  Q_OBJECT
public:
  explicit SoundWorkspace(QWidget* parent = nullptr);
  widgets::PixelCanvas* canvas() const { return canvas_; }
  // The clip shown, and the same clip with the trigger at its current onset
  // (waveform triggers), for listening.
  std::vector<float> cleanClip() const { return currentSample().waveform; }
  std::vector<float> triggeredClip() const;

protected:
  void showSample(const LabSample& sample) override;
  void showInspection(const Inspection& inspection) override;
  void clearInspection() override;
  Placement placement() const override;
  void placeTrigger(Placement placement) override;
  void resetTrigger() override;
  bool triggerUsable() const override;
  void writeTrigger(ExperimentSpec& spec) const override;
  // Maps run like the spectrogram: onset frame to the right, first bin upwards.
  QPoint toMap(Placement p) const override { return {p.y, p.x}; }
  Placement fromMap(QPoint p) const override { return {p.y(), p.x()}; }
  MapAxes mapAxes() const override { return {tr("trigger onset (frame)"), painted() ? tr("first bin") : QString(), false}; }

private:
  bool painted() const;
  int bins() const;
  // Feature images have time down the rows; the canvas has time to the right and low bins at the bottom.
  QImage spectrogram(const std::vector<float>& features, int frames, int bins) const;
  void updateWaveform();
  void play(bool withTrigger);

  widgets::PixelCanvas* canvas_;
  widgets::WaveformView* waveform_;
  QUndoStack* undo_;
  QSoundEffect* player_ = nullptr;
  QTemporaryDir audioDir_;
  bool edited_ = false;
};

}  // namespace gaplab::app
