// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QKeySequence>
#include <QString>

#include <vector>

#include "pixel_canvas.h"

class QToolBar;
class QUndoStack;

namespace gaplab::app {

// The toolbar actions the image and sound workspaces share for their canvas.
struct CanvasTool {
  QString name;
  QKeySequence key;
  widgets::PixelCanvas::Tool tool;
  QString tip;
};

// One checkable action per tool, exclusive, Move checked; each sets the canvas's tool.
void addToolActions(QToolBar* bar, widgets::PixelCanvas* canvas, const std::vector<CanvasTool>& tools);
// Undo (Ctrl+Z) and Redo (Ctrl+Shift+Z) for the canvas's edits.
void addUndoActions(QToolBar* bar, QUndoStack* undo);

}  // namespace gaplab::app
