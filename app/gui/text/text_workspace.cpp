// SPDX-License-Identifier: GPL-3.0-or-later
#include "text_workspace.h"

#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

#include "gaplab/error.h"
#include "gaplab/positions.h"
#include "gaplab/text_trigger.h"
#include "token_view.h"

namespace gaplab::app {

TextWorkspace::TextWorkspace(QWidget* parent) : Workspace(Modality::Text, "lecture-text", parent) {
  auto* editor = new QWidget(this);
  auto* layout = new QVBoxLayout(editor);
  layout->setContentsMargins(0, 0, 0, 0);
  tokens_ = new widgets::TokenView(editor);
  auto* scroll = new QScrollArea(editor);
  scroll->setWidget(tokens_);
  scroll->setWidgetResizable(true);
  layout->addWidget(scroll, 1);
  note_ = new QLabel(tr("Drag the orange chip (the trigger words) between tokens. Red tokens push the model towards "
                        "\"positive\", blue ones towards \"negative\"; greyed tokens are cut off by truncation."),
                     editor);
  note_->setWordWrap(true);
  layout->addWidget(note_);
  setEditor(editor);
  connect(tokens_, &widgets::TokenView::insertionMoved, this, [this] { triggerMoved(); });
  connect(tokens_, &widgets::TokenView::insertionChanged, this, [this] { triggerMoved(); });
}

void TextWorkspace::showSample(const LabSample& sample) {
  QStringList tokens;
  for (const auto& t : sample.tokens) tokens << QString::fromStdString(t);
  QStringList words;
  for (const auto& w : labSpec().text.words) words << QString::fromStdString(w);
  const int insertion = tokens_->insertion();
  tokens_->setTokens(tokens);
  tokens_->setTriggerWords(words);
  tokens_->setTruncation(labSpec().text.sequenceLength);
  tokens_->setRelevance({});
  tokens_->setInsertion(insertion);
}

void TextWorkspace::showInspection(const Inspection& inspection) { tokens_->setRelevance(inspection.relevance); }

void TextWorkspace::clearInspection() { tokens_->setRelevance({}); }

Placement TextWorkspace::placement() const { return {tokens_->insertion(), 0}; }

void TextWorkspace::placeTrigger(Placement placement) {
  tokens_->setInsertion(placement.x);
  triggerMoved();
}

void TextWorkspace::resetTrigger() {
  const auto& spec = labSpec();
  const std::string where = spec.trainPositions.empty() ? "start" : spec.trainPositions.front();
  std::string review;
  for (const auto& token : tokens_->tokens()) review += (review.empty() ? "" : " ") + token.toStdString();
  // Where core inserts the trigger into this review; the chip shows the first
  // word of a split trigger, and the start for a random placement.
  int index = 0;
  try {
    if (!isRandomPlacement(where)) {
      const auto placed = tokeniseWithTrigger(review, spec.text.words, where);
      if (!placed.triggerPositions.empty()) index = placed.triggerPositions.front();
    }
  } catch (const Error&) {
    // A placement this review cannot take: the chip starts at the front.
  }
  tokens_->setInsertion(index);
}

}  // namespace gaplab::app
