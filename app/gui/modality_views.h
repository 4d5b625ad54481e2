// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The GUI's side of the modality registry (core's is gaplab/modality.h): for
// each modality, in core's order, its tab title, its workspace and its Setup
// rows. The window, the Setup panel and the command line's --workspace ask
// here; each entry's code lives in the modality's folder (app/gui/image,
// app/gui/sound, app/gui/text), so a new modality adds a folder and a line.
#include <QString>

#include <functional>
#include <memory>
#include <vector>

#include "gaplab/modality.h"
#include "trigger_rows.h"

class QWidget;

namespace gaplab::app {

class Workspace;

struct ModalityViews {
  Modality modality;
  QString title;  // the workspace tab's, with its mnemonic
  std::function<Workspace*(QWidget* parent)> makeWorkspace;
  std::function<std::unique_ptr<TriggerRows>()> makeTriggerRows;
};

// Every modality core registers, in its order (a modality without views here is a bug: throws Error).
std::vector<ModalityViews> modalityViews();
const ModalityViews& viewsOf(Modality modality);

// Each modality's rows (defined in its folder).
std::unique_ptr<TriggerRows> imageTriggerRows();
std::unique_ptr<TriggerRows> soundTriggerRows();
std::unique_ptr<TriggerRows> textTriggerRows();

}  // namespace gaplab::app
