// SPDX-License-Identifier: GPL-3.0-or-later
#include "canvas_tools.h"

#include <QAction>
#include <QActionGroup>
#include <QToolBar>
#include <QUndoStack>

namespace gaplab::app {

void addToolActions(QToolBar* bar, widgets::PixelCanvas* canvas, const std::vector<CanvasTool>& tools) {
  auto* group = new QActionGroup(bar);
  for (const auto& t : tools) {
    QAction* action = bar->addAction(t.name);
    action->setCheckable(true);
    action->setShortcut(t.key);
    action->setToolTip(QString("%1 (%2)").arg(t.tip, t.key.toString()));
    action->setChecked(t.tool == widgets::PixelCanvas::Tool::Move);
    action->setObjectName(QString("tool-%1").arg(t.name.toLower()));
    group->addAction(action);
    const auto tool = t.tool;
    QObject::connect(action, &QAction::triggered, canvas, [canvas, tool] { canvas->setTool(tool); });
  }
}

void addUndoActions(QToolBar* bar, QUndoStack* undo) {
  QAction* undoAction = undo->createUndoAction(bar, QObject::tr("Undo"));
  undoAction->setShortcut(QKeySequence::Undo);
  QAction* redoAction = undo->createRedoAction(bar, QObject::tr("Redo"));
  redoAction->setShortcut(QKeySequence::Redo);
  bar->addAction(undoAction);
  bar->addAction(redoAction);
}

}  // namespace gaplab::app
