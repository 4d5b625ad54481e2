#include <QApplication>
#include <QLabel>

#include "main_window.h"
#include "test_support.h"

class TestMainWindow : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void opensAndSaysWhatItWillBecome() {
    gaplab::app::MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.windowTitle().startsWith("gaplab"));
    bool explains = false;
    for (const auto* label : window.findChildren<QLabel*>()) explains |= label->text().contains("workspaces");
    QVERIFY(explains);
  }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
