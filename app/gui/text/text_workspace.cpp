// SPDX-License-Identifier: GPL-3.0-or-later
#include "text_workspace.h"

#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

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
  const int count = int(tokens_->tokens().size());
  int index = 0;
  if (where == "end") index = count;
  else if (where == "middle") index = count / 2;
  else if (where.size() > 1 && where[0] == '@') index = std::atoi(where.c_str() + 1);
  tokens_->setInsertion(index);
}

}  // namespace gaplab::app
