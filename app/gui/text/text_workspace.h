// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include "workspace.h"

class QLabel;

namespace gaplab::widgets {
class TokenView;
}

namespace gaplab::app {

// Text: a test review as tokens, the trigger words as a chip dragged
// between them, the 250-token truncation shown, and each token shaded by
// its share of the prediction.
class TextWorkspace : public Workspace {
  Q_OBJECT
public:
  explicit TextWorkspace(QWidget* parent = nullptr);
  widgets::TokenView* tokenView() const { return tokens_; }

protected:
  void showSample(const LabSample& sample) override;
  void showInspection(const Inspection& inspection) override;
  void clearInspection() override;
  Placement placement() const override;
  void placeTrigger(Placement placement) override;
  void resetTrigger() override;
  MapAxes mapAxes() const override { return {tr("trigger before token"), QString(), false}; }

private:
  widgets::TokenView* tokens_;
  QLabel* note_;
};

}  // namespace gaplab::app
