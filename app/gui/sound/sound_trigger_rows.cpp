// SPDX-License-Identifier: GPL-3.0-or-later
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLineEdit>

#include "form_widgets.h"
#include "gaplab/modality.h"
#include "modality_views.h"

namespace gaplab::app {

namespace {

// A sound added to the waveform (tone, noise, a WAV snippet) or cells
// painted on the time-frequency map; its length and level.
class SoundTriggerRows : public TriggerRows {
  Q_DECLARE_TR_FUNCTIONS(SoundTriggerRows)

public:
  void addTo(QFormLayout& form, QWidget& panel) override {
    kind_ = new QComboBox(&panel);
    kind_->addItems(toQt(triggerKindsFor(Modality::Sound)));
    kind_->setToolTip(tr("tone/noise/wav: added to the waveform; painted: drawn on the time-frequency cells"));
    form.addRow(tr("Trigger"), kind_);
    wav_ = new QLineEdit(&panel);
    wav_->setPlaceholderText(tr("WAV/FLAC snippet, for the wav trigger"));
    wav_->setToolTip(tr("The sound a wav trigger adds, repeated to fill the trigger's length"));
    form.addRow(tr("Trigger sound"), wav_);
    frequency_ = new QDoubleSpinBox(&panel);
    frequency_->setRange(0, 24000);
    frequency_->setSuffix(" Hz");
    frequency_->setSpecialValueText(tr("near Nyquist"));
    form.addRow(tr("Tone frequency"), frequency_);
    duration_ = new QDoubleSpinBox(&panel);
    duration_->setRange(0.01, 1.0);
    duration_->setSingleStep(0.01);
    duration_->setSuffix(" s");
    form.addRow(tr("Trigger length"), duration_);
    level_ = new QDoubleSpinBox(&panel);
    level_->setRange(-80, 0);
    level_->setSuffix(" dBFS");
    form.addRow(tr("Trigger level"), level_);
  }

  void show(const ExperimentSpec& spec) override {
    const auto& trigger = spec.sound.trigger;
    selectText(kind_, QString::fromStdString(trigger.kind));
    frequency_->setValue(trigger.frequency);
    duration_->setValue(trigger.duration);
    level_->setValue(trigger.amplitudeDb);
    wav_->setText(QString::fromStdString(trigger.wavPath));
  }

  void writeTo(ExperimentSpec& spec) const override {
    auto& trigger = spec.sound.trigger;
    trigger.kind = kind_->currentText().toStdString();
    trigger.frequency = frequency_->value();
    trigger.duration = duration_->value();
    trigger.amplitudeDb = level_->value();
    trigger.wavPath = wav_->text().trimmed().toStdString();
  }

private:
  QComboBox* kind_ = nullptr;
  QLineEdit* wav_ = nullptr;
  QDoubleSpinBox* frequency_ = nullptr;
  QDoubleSpinBox* duration_ = nullptr;
  QDoubleSpinBox* level_ = nullptr;
};

}  // namespace

std::unique_ptr<TriggerRows> soundTriggerRows() { return std::make_unique<SoundTriggerRows>(); }

}  // namespace gaplab::app
