// SPDX-License-Identifier: GPL-3.0-or-later
#include <QCoreApplication>
#include <QFormLayout>
#include <QLineEdit>

#include "modality_views.h"

namespace gaplab::app {

namespace {

// The trigger words, typed as one line.
class TextTriggerRows : public TriggerRows {
  Q_DECLARE_TR_FUNCTIONS(TextTriggerRows)

public:
  void addTo(QFormLayout& form, QWidget& panel) override {
    words_ = new QLineEdit(&panel);
    words_->setToolTip(tr("The trigger words, separated by spaces"));
    form.addRow(tr("Trigger words"), words_);
  }

  void show(const ExperimentSpec& spec) override {
    QStringList words;
    for (const auto& w : spec.text.words) words << QString::fromStdString(w);
    words_->setText(words.join(' '));
  }

  void writeTo(ExperimentSpec& spec) const override {
    spec.text.words.clear();
    for (const auto& w : words_->text().split(' ', Qt::SkipEmptyParts)) spec.text.words.push_back(w.toStdString());
  }

private:
  QLineEdit* words_ = nullptr;
};

}  // namespace

std::unique_ptr<TriggerRows> textTriggerRows() { return std::make_unique<TextTriggerRows>(); }

}  // namespace gaplab::app
