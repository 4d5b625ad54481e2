// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QPoint>
#include <QString>

#include <optional>
#include <vector>

#include "gaplab/experiment_spec.h"
#include "gaplab/grid.h"
#include "lab.h"

namespace gaplab::app {

// A position map as measured: the grid and the cells filled so far.
struct MapState {
  Head head = Head::Gap;
  std::vector<int> columns, rows;
  std::vector<QPoint> positions;
  std::vector<double> asr;
};

// Everything a workspace needs to come back as it was: saved in sessions.
struct WorkspaceState {
  Modality modality = Modality::Image;
  ExperimentSpec spec;  // the setup, with the edited trigger
  int sample = 0;
  std::optional<Position> placement;
  std::vector<LabModelInfo> models;  // checkpoints in the model cache
  std::vector<MapState> maps;
  std::vector<GridRow> gridRows;
  ExperimentSpec gridSpec;
};

}  // namespace gaplab::app
