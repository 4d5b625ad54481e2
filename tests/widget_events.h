// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Mouse gestures for widget tests. QTest::mouseMove carries no held button
// (QTBUG-5232), so strokes post QMouseEvents with the button held.
#include <QApplication>
#include <QMouseEvent>
#include <QTest>

namespace gaplab::test {

inline void sendMouse(QWidget* widget, QEvent::Type type, QPointF at, Qt::MouseButton button, Qt::MouseButtons held) {
  QMouseEvent event(type, at, widget->mapToGlobal(at), button, held, Qt::NoModifier);
  QApplication::sendEvent(widget, &event);
}

// Press at the first point, move through the others with the left button held, release at the last.
inline void drag(QWidget* widget, const std::vector<QPointF>& path) {
  sendMouse(widget, QEvent::MouseButtonPress, path.front(), Qt::LeftButton, Qt::LeftButton);
  for (std::size_t i = 1; i < path.size(); ++i)
    sendMouse(widget, QEvent::MouseMove, path[i], Qt::NoButton, Qt::LeftButton);
  sendMouse(widget, QEvent::MouseButtonRelease, path.back(), Qt::LeftButton, Qt::NoButton);
}

}  // namespace gaplab::test
