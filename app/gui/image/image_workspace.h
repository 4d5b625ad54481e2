// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include "workspace.h"

class QUndoStack;

namespace gaplab::widgets {
class PixelCanvas;
}

namespace gaplab::app {

// Images: paint the trigger on a zoomable pixel canvas over a test image,
// drag it (optionally snapping to the paper's named positions), and see the
// class activation map follow it.
class ImageWorkspace : public Workspace {
  Q_OBJECT
public:
  explicit ImageWorkspace(QWidget* parent = nullptr);
  widgets::PixelCanvas* canvas() const { return canvas_; }
  QUndoStack* undoStack() const { return undo_; }
  // Loads a PNG (or any Qt image) as the trigger pattern at the trigger's position; throws naming the file.
  void importPattern(const QString& path);

protected:
  void showSample(const LabSample& sample) override;
  void showInspection(const Inspection& inspection) override;
  void clearInspection() override;
  Placement placement() const override;
  void placeTrigger(Placement placement) override;
  void resetTrigger() override;
  bool triggerUsable() const override;
  void writeTrigger(ExperimentSpec& spec) const override;

private:
  QWidget* makeToolBar();
  widgets::PixelCanvas* canvas_;
  QUndoStack* undo_;
  bool painted_ = false;  // the user changed the trigger's cells: it goes into the spec
};

}  // namespace gaplab::app
