// SPDX-License-Identifier: GPL-3.0-or-later
#include "modality_views.h"

#include <QCoreApplication>

#include "gaplab/error.h"
#include "image/image_workspace.h"
#include "sound/sound_workspace.h"
#include "text/text_workspace.h"

namespace gaplab::app {

namespace {

template <class W>
Workspace* make(QWidget* parent) {
  return new W(parent);
}

const std::vector<ModalityViews>& registered() {
  static const std::vector<ModalityViews> views{
      {Modality::Image, QCoreApplication::translate("ModalityViews", "&Image"), make<ImageWorkspace>, imageTriggerRows},
      {Modality::Sound, QCoreApplication::translate("ModalityViews", "&Sound"), make<SoundWorkspace>, soundTriggerRows},
      {Modality::Text, QCoreApplication::translate("ModalityViews", "&Text"), make<TextWorkspace>, textTriggerRows},
  };
  return views;
}

}  // namespace

const ModalityViews& viewsOf(Modality modality) {
  for (const auto& views : registered())
    if (views.modality == modality) return views;
  throw Error("the GUI has no views for the " + toString(modality) + " modality");
}

std::vector<ModalityViews> modalityViews() {
  std::vector<ModalityViews> views;
  for (const auto modality : allModalities()) views.push_back(viewsOf(modality));
  return views;
}

}  // namespace gaplab::app
