// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QRectF>
#include <QStringList>
#include <QWidget>

#include <optional>
#include <vector>

namespace gaplab::widgets {

// A review as a flow of token boxes with the trigger words as one chip that
// the user drags between tokens. Shows where truncation cuts the sequence and
// shades each token by its relevance to the prediction (red raises the
// target's score, blue lowers it). Torch-free: tokens and numbers only.
class TokenView : public QWidget {
  Q_OBJECT
public:
  explicit TokenView(QWidget* parent = nullptr);

  void setTokens(const QStringList& tokens);
  void setTriggerWords(const QStringList& words);
  // The chip sits before token `index` (0..tokens().size()).
  void setInsertion(int index);
  int insertion() const { return insertion_; }
  // Tokens from this index of the combined sequence (trigger included) on are cut off.
  void setTruncation(int length);
  // One value per token of the combined sequence (review tokens with the trigger words inserted).
  void setRelevance(const std::vector<float>& relevance);
  const QStringList& tokens() const { return tokens_; }

  // Where the chip would go for a drop at this point.
  int insertionAt(QPointF point) const;
  QRectF chipRect() const;  // in widget coordinates
  QRectF tokenRect(int token) const;
  bool hasHeightForWidth() const override { return true; }
  int heightForWidth(int width) const override;
  QSize sizeHint() const override;

Q_SIGNALS:
  void insertionMoved(int index);     // while dragging
  void insertionChanged(int index);   // on drop

protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

private:
  struct Box {
    QRectF rect;
    int token = -1;  // index into tokens_, or -1 for the chip
    int sequenceIndex = 0;  // position in the combined sequence (the chip's first word)
  };
  std::vector<Box> layout(int width, int insertion) const;
  void relayout();

  QStringList tokens_;
  QStringList words_;
  int insertion_ = 0;
  int truncation_ = 250;
  std::vector<float> relevance_;
  std::vector<Box> boxes_;
  std::optional<QPointF> dragOffset_;  // set while the chip is dragged
  QPointF dragPoint_;
};

}  // namespace gaplab::widgets
