// SPDX-License-Identifier: GPL-3.0-or-later
// Workspace state for sessions: what state() captures and restore() puts back.
#include <QFileInfo>
#include <QSpinBox>

#include <algorithm>
#include <cmath>

#include "grid_panel.h"
#include "inspection_panel.h"
#include "map_panel.h"
#include "position_map_view.h"
#include "setup_panel.h"
#include "training_panel.h"
#include "workspace.h"

namespace gaplab::app {

WorkspaceState Workspace::state() const {
  WorkspaceState s;
  s.modality = modality_;
  s.spec = currentSpec();
  s.sample = sampleIndex();
  if (lab_) s.placement = placement();
  for (const auto& model : models_)
    if (model) s.models.push_back(*model);
  for (const Head head : kHeads) {
    const auto* view = map_->view(head);
    if (view->filledCells() == 0) continue;
    MapState m;
    m.head = head;
    m.columns = view->columns();
    m.rows = view->rows();
    for (const int y : m.rows)
      for (const int x : m.columns)
        if (!std::isnan(view->cell(x, y))) {
          m.positions.emplace_back(x, y);
          m.asr.push_back(view->cell(x, y));
        }
    s.maps.push_back(m);
  }
  s.gridRows = grid_->rows();
  s.gridSpec = gridSpec_;
  return s;
}

void Workspace::restore(const WorkspaceState& state) {
  cancelAll();
  setup_->setSpec(state.spec);
  userTrigger_ = false;  // the trigger comes from the saved spec, then moves to the saved placement
  pendingPlacement_ = state.placement;
  for (const Head head : kHeads) {
    models_[static_cast<std::size_t>(headSlot(head))].reset();
    inspection_->clear(head, tr("not trained"));
  }
  for (const auto& model : state.models)
    if (QFileInfo::exists(QString::fromStdString(model.checkpoint))) {
      models_[static_cast<std::size_t>(headSlot(model.head))] = model;
      LabModelInfo shown = model;
      shown.fromCache = true;
      training_->setModel(shown);
    } else {
      inspection_->clear(model.head, tr("the saved model is no longer in the cache: train again"));
    }
  for (const auto& m : state.maps) {
    auto* view = map_->view(m.head);
    const auto axes = mapAxes();
    view->setAxes(axes.x, axes.y, axes.yDownwards);
    view->setGrid(m.columns, m.rows, tr("%1: ASR by trigger position").arg(headName(m.head)));
    for (std::size_t i = 0; i < m.positions.size() && i < m.asr.size(); ++i)
      view->setCell(m.positions[i].x(), m.positions[i].y(), m.asr[i]);
  }
  gridSpec_ = state.gridSpec;
  grid_->setRows(state.gridRows, gridSpec_);
  sampleSpin_->blockSignals(true);
  sampleSpin_->setMaximum(std::max(sampleSpin_->maximum(), state.sample));
  sampleSpin_->setValue(state.sample);
  sampleSpin_->blockSignals(false);
  lab_.reset();
  if (state.placement) reload();  // it had data loaded; a workspace never opened stays unloaded
}

}  // namespace gaplab::app
