// SPDX-License-Identifier: GPL-3.0-or-later
// The whole window on a 1280x800 screen (the offscreen platform configured
// by tests/offscreen-1280x800.json): at the default font, at 200% and in
// lecture mode, in every workspace, nothing the room reads is cut off:
// every class row has room for a bold "100.0%" and is fully on screen, and
// every map's colour scale is tall enough for its label.
#include <QApplication>
#include <QDockWidget>
#include <QScreen>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <qcustomplot.h>

#include "gaplab/experiment.h"
#include "inspection_panel.h"
#include "main_window.h"
#include "position_map_view.h"
#include "probability_bars.h"

using namespace gaplab::app;
using gaplab::widgets::PositionMapView;
using gaplab::widgets::ProbabilityBars;

namespace {

// What of `widget` is on screen: its rect clipped by every ancestor's.
QRect shownPart(const QWidget* widget) {
  QRect shown = widget->rect();
  QPoint offset;  // widget's origin in the ancestor's coordinates
  for (const QWidget* w = widget; w->parentWidget() && !w->isWindow(); w = w->parentWidget()) {
    offset += w->pos();
    shown &= w->parentWidget()->rect().translated(-offset);
  }
  return shown;
}

QString where(const QWidget* widget) {
  QStringList path;
  for (const QWidget* w = widget; w; w = w->parentWidget())
    if (!w->objectName().isEmpty()) path.prepend(w->objectName());
  return path.join('/');
}

void checkNothingClips(QMainWindow& window, const QString& state) {
  int bars = 0, maps = 0;
  for (auto* b : window.findChildren<ProbabilityBars*>()) {
    if (!b->isVisibleTo(&window)) continue;
    ++bars;
    QFont bold = b->font();
    bold.setBold(true);
    const int needed = QFontMetrics(bold).horizontalAdvance("100.0%");
    QVERIFY2(shownPart(b) == b->rect(),
             qPrintable(QString("%1: %2's class bars are cut to %3x%4 of %5x%6")
                            .arg(state, where(b)).arg(shownPart(b).width()).arg(shownPart(b).height())
                            .arg(b->width()).arg(b->height())));
    QVERIFY2(b->rows() == 10, qPrintable(state + ": the class bars have their ten rows"));
    for (int row = 0; row < b->rows(); ++row) {
      const QRect r = b->percentRect(row);
      QVERIFY2(r.width() >= needed && b->rect().contains(r),
               qPrintable(QString("%1: row %2 has %3 px for %4 px").arg(state).arg(row).arg(r.width()).arg(needed)));
    }
  }
  for (auto* view : window.findChildren<PositionMapView*>()) {
    if (!view->isVisibleTo(&window)) continue;
    ++maps;
    auto* plot = view->findChild<QCustomPlot*>();
    QVERIFY(plot);
    for (int i = 0; i < plot->plotLayout()->elementCount(); ++i) {
      auto* scale = qobject_cast<QCPColorScale*>(plot->plotLayout()->elementAt(i));
      if (!scale) continue;
      const int needed = QFontMetrics(scale->axis()->labelFont()).horizontalAdvance(scale->label());
      QVERIFY2(scale->axis()->axisRect()->height() >= needed,
               qPrintable(QString("%1: the scale's label needs %2 px, the scale is %3 px tall")
                              .arg(state).arg(needed).arg(scale->axis()->axisRect()->height())));
    }
  }
  QVERIFY2(bars >= 2, qPrintable(state + ": both heads' class bars are shown"));
  QVERIFY2(maps >= 1, qPrintable(state + ": a map is shown"));
}

}  // namespace

class TestWindowFit : public QObject {
  Q_OBJECT
  QTemporaryDir home_;

private Q_SLOTS:
  void initTestCase() {
    qputenv("XDG_CACHE_HOME", home_.filePath("cache").toUtf8());
    qputenv("XDG_CONFIG_HOME", home_.filePath("config").toUtf8());
    // The test means a 1280x800 screen; under another platform it says so.
    const QSize screen = QGuiApplication::primaryScreen()->size();
    if (screen != QSize(1280, 800))
      QSKIP(qPrintable(QString("the screen is %1x%2, not 1280x800").arg(screen.width()).arg(screen.height())));
  }

  void nothingClips_data() {
    QTest::addColumn<double>("fontScale");
    QTest::addColumn<bool>("lecture");
    QTest::newRow("1280x800") << 1.0 << false;
    QTest::newRow("1280x800 at 200%") << 2.0 << false;
    QTest::newRow("1280x800 in lecture mode") << 1.0 << true;
  }
  void nothingClips() {
    QFETCH(double, fontScale);
    QFETCH(bool, lecture);
    const QFont original = QApplication::font();
    QFont font = original;
    font.setPointSizeF(font.pointSizeF() * fontScale);
    QApplication::setFont(font);
    {
      MainWindow window;
      window.showMaximized();
      QVERIFY(QTest::qWaitForWindowExposed(&window));
      if (lecture) window.setLectureMode(true);
      QTRY_COMPARE(window.size(), QSize(1280, lecture ? 800 : window.size().height()));
      auto* tabs = window.findChild<QTabWidget*>();
      QVERIFY(tabs);
      for (int tab = 0; tab < tabs->count(); ++tab) {
        tabs->setCurrentIndex(tab);
        // Ten classes with Fashion-MNIST's long names, the widest the bars show.
        // ... and the texts a trained model's inspection shows, at their longest.
        for (auto* panel : window.findChildren<InspectionPanel*>()) {
          panel->setClasses({"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
                             "Bag", "Ankle boot"}, 7);
          for (const auto head : {gaplab::Head::Fc, gaplab::Head::Gap}) {
            panel->setAsr(head, 0.933, 0.897, 0.957, 1000, true);
            gaplab::Inspection inspection;
            inspection.probabilities = {0.1f, 0, 0, 0, 0, 0, 0, 0.9f, 0, 0};
            inspection.truncated = true;
            panel->setInspection(head, inspection);
          }
        }
        QApplication::processEvents();
        // Layouts settle once the events they posted are handled.
        QTest::qWait(0);
        checkNothingClips(window, QString("%1, %2").arg(QTest::currentDataTag(), tabs->tabText(tab)));
        if (QTest::currentTestFailed()) break;
      }
      if (lecture) window.setLectureMode(false);
    }
    QApplication::setFont(original);
  }
};

QTEST_MAIN(TestWindowFit)
#include "tst_window_fit.moc"
