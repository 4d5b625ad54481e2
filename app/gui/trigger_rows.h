// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include "gaplab/experiment_spec.h"

class QFormLayout;
class QWidget;

namespace gaplab::app {

// One modality's trigger settings in the Setup panel (each modality's folder
// under app/gui has its own; modality_views.h lists them). The rows' widgets
// are children of the panel, which owns them the Qt way and forwards their
// edits as its own changed(); this object only reads and writes them.
class TriggerRows {
public:
  virtual ~TriggerRows() = default;
  virtual void addTo(QFormLayout& form, QWidget& panel) = 0;
  virtual void show(const ExperimentSpec& spec) = 0;
  // Writes what the rows show into `spec`; keys they do not show stay.
  virtual void writeTo(ExperimentSpec& spec) const = 0;
};

}  // namespace gaplab::app
