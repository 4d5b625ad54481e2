// SPDX-License-Identifier: GPL-3.0-or-later
// The text trigger editor: the trigger chip is dragged between tokens with
// the mouse and lands in the gap nearest to where it is dropped.
#include <QSignalSpy>

#include "token_view.h"
#include "widget_events.h"

using gaplab::test::drag;
using gaplab::widgets::TokenView;

class TestTokenView : public QObject {
  Q_OBJECT
  std::unique_ptr<TokenView> view_;

private Q_SLOTS:
  void init() {
    view_ = std::make_unique<TokenView>();
    view_->setTokens({"this", "film", "was", "a", "quiet", "delight", "from", "start", "to", "end"});
    view_->setTriggerWords({"trope", "everyday"});
    view_->resize(900, 200);
    view_->show();
    QVERIFY(QTest::qWaitForWindowExposed(view_.get()));
  }

  void chipDropsIntoTheGapUnderTheMouse() {
    QCOMPARE(view_->insertion(), 0);
    QSignalSpy moved(view_.get(), &TokenView::insertionMoved);
    QSignalSpy changed(view_.get(), &TokenView::insertionChanged);
    const QRectF quiet = view_->tokenRect(4), delight = view_->tokenRect(5);
    const QPointF gap((quiet.right() + delight.left()) / 2, quiet.center().y());
    drag(view_.get(), {view_->chipRect().center(), (view_->chipRect().center() + gap) / 2, gap});
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toInt(), 5);  // before "delight"
    QCOMPARE(view_->insertion(), 5);
    QVERIFY(moved.count() >= 1);
    // The chip now sits between "quiet" and "delight".
    QVERIFY(view_->chipRect().left() > view_->tokenRect(4).right());
    QVERIFY(view_->chipRect().right() < view_->tokenRect(5).left());
  }

  void droppingAfterTheLastTokenAppends() {
    const QRectF last = view_->tokenRect(9);
    drag(view_.get(), {view_->chipRect().center(), QPointF(last.right() + 30, last.center().y())});
    QCOMPARE(view_->insertion(), 10);
  }

  void pressingOutsideTheChipDoesNothing() {
    QSignalSpy changed(view_.get(), &TokenView::insertionChanged);
    drag(view_.get(), {view_->tokenRect(2).center(), view_->tokenRect(7).center()});
    QCOMPARE(changed.count(), 0);
    QCOMPARE(view_->insertion(), 0);
  }

  void wrapsToTheWidth() {
    view_->resize(160, 400);
    QVERIFY(view_->tokenRect(9).top() > view_->tokenRect(0).top());  // more than one line
    QVERIFY(view_->heightForWidth(160) > view_->heightForWidth(900));
  }
};

QTEST_MAIN(TestTokenView)
#include "tst_token_view.moc"
