// SPDX-License-Identifier: GPL-3.0-or-later
#include <QComboBox>
#include <QCoreApplication>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>

#include "form_widgets.h"
#include "gaplab/modality.h"
#include "modality_views.h"

namespace gaplab::app {

namespace {

// A patch of pixels: its pattern and size. A painted patch is edited on the
// canvas, so choosing "painted" here keeps the spec's pixels as they are.
class ImageTriggerRows : public TriggerRows {
  Q_DECLARE_TR_FUNCTIONS(ImageTriggerRows)

public:
  void addTo(QFormLayout& form, QWidget& panel) override {
    pattern_ = new QComboBox(&panel);
    pattern_->addItems(toQt(triggerKindsFor(Modality::Image)));
    pattern_->setToolTip(tr("The trigger's pattern; painting on the canvas makes it \"painted\""));
    form.addRow(tr("Trigger pattern"), pattern_);
    auto* size = new QHBoxLayout;
    width_ = spin(1, 512, tr("Trigger width (pixels)"), &panel);
    height_ = spin(1, 512, tr("Trigger height (pixels)"), &panel);
    size->addWidget(width_);
    size->addWidget(new QLabel("×", &panel));
    size->addWidget(height_);
    form.addRow(tr("Trigger size"), size);
  }

  void show(const ExperimentSpec& spec) override {
    selectText(pattern_, QString::fromStdString(spec.trigger.pattern));
    width_->setValue(spec.trigger.width);
    height_->setValue(spec.trigger.height);
  }

  void writeTo(ExperimentSpec& spec) const override {
    if (pattern_->currentText() == "painted") return;
    spec.trigger.pattern = pattern_->currentText().toStdString();
    spec.trigger.width = width_->value();
    spec.trigger.height = height_->value();
    spec.trigger.values.clear();
    spec.trigger.maskValues.clear();
  }

private:
  QComboBox* pattern_ = nullptr;
  QSpinBox* width_ = nullptr;
  QSpinBox* height_ = nullptr;
};

}  // namespace

std::unique_ptr<TriggerRows> imageTriggerRows() { return std::make_unique<ImageTriggerRows>(); }

}  // namespace gaplab::app
