// SPDX-License-Identifier: GPL-3.0-or-later
// The class probabilities never clip: at the widget's smallest size, with the
// default font and with one twice as large (200% scaling, lecture fonts),
// every row's percentage has room for a bold "100.0%".
#include <QTest>

#include "probability_bars.h"

using gaplab::widgets::ProbabilityBars;

class TestProbabilityBars : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void percentagesNeverClip_data() {
    QTest::addColumn<double>("fontScale");
    QTest::newRow("default font") << 1.0;
    QTest::newRow("font at 200%") << 2.0;
  }
  void percentagesNeverClip() {
    QFETCH(double, fontScale);
    ProbabilityBars bars;
    QFont font = bars.font();
    font.setPointSizeF(font.pointSizeF() * fontScale);
    bars.setFont(font);
    bars.setClasses({"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                     "Ankle boot"});
    bars.setProbabilities({0, 0, 0, 0, 0, 0, 0, 0, 0, 1.0f});
    bars.resize(bars.minimumSizeHint());
    QFont bold = bars.font();
    bold.setBold(true);
    const int needed = QFontMetrics(bold).horizontalAdvance("100.0%");
    for (int row = 0; row < 10; ++row) {
      const QRect r = bars.percentRect(row);
      QVERIFY2(r.width() >= needed, qPrintable(QString("%1 px for %2 px of text").arg(r.width()).arg(needed)));
      QVERIFY(bars.rect().contains(r));
    }
    QVERIFY(bars.sizeHint().width() >= bars.minimumSizeHint().width());
  }
};

QTEST_MAIN(TestProbabilityBars)
#include "tst_probability_bars.moc"
