// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QWidget>

#include <array>
#include <optional>

#include "heads.h"
#include "lab.h"

class QComboBox;
class QLabel;

namespace gaplab::widgets {
class ProbabilityBars;
}

namespace gaplab::app {

// What each model makes of the current input with the trigger where it is:
// the class probabilities, and the attack success rate over the test set at
// this position (first an estimate with its 95% interval, then exact).
class InspectionPanel : public QWidget {
  Q_OBJECT
public:
  explicit InspectionPanel(QWidget* parent = nullptr);

  void setClasses(const QStringList& names, int target);
  void setInspection(Head head, const Inspection& inspection);
  void setAsr(Head head, double asr, double low, double high, int evaluated, bool final);
  void clear(Head head, const QString& why);
  // The head whose activation map is drawn on the input, if any.
  std::optional<Head> mapHead() const;
  QString asrText(Head head) const;
  QFont asrFont() const;  // the ASR figures' type

Q_SIGNALS:
  void mapHeadChanged();

protected:
  // The ASR figures are 1.8x the panel's type: they follow it when it changes (lecture mode).
  void changeEvent(QEvent* event) override;

private:
  struct Column {
    QLabel* title = nullptr;
    widgets::ProbabilityBars* bars = nullptr;
    QLabel* asr = nullptr;
    QLabel* detail = nullptr;
  };
  std::array<Column, 2> columns_;
  QComboBox* mapHead_;
};

}  // namespace gaplab::app
