// SPDX-License-Identifier: GPL-3.0-or-later
// Takes the docs' screenshots from the running app: each workspace with
// its lecture preset trained, the trigger dragged away from where it was
// poisoned, and the position map (image, sound) or grid (text) filled in.
// Usage: gaplab_screenshots OUTPUT_DIR   (run with QT_QPA_PLATFORM=offscreen)
#include <QApplication>
#include <QDir>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QScreen>
#include <QLineEdit>
#include <QSpinBox>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <cstdio>

#include "image/image_workspace.h"
#include "budget_panel.h"
#include "defences_panel.h"
#include "main_window.h"
#include "map_panel.h"
#include "pixel_canvas.h"
#include "sound/sound_workspace.h"
#include "text/text_workspace.h"
#include "token_view.h"
#include "widget_events.h"

using namespace gaplab::app;

namespace {

bool waitFor(QObject* sender, const char* signal, int seconds) {
  QSignalSpy spy(sender, signal);
  return spy.wait(seconds * 1000);
}

// Trains both heads of the workspace's preset. labReady() comes while the
// loading job is still winding down, and that job's end is announced as
// trainingFinished() too: so ask for a training that starts once the data is
// in, and count it done when the workspace is idle with both models.
bool prepare(MainWindow& window, Workspace* workspace) {
  const auto name = workspace->modalityName();
  window.setCurrentWorkspace(workspace->modality());
  QSignalSpy finished(workspace, &Workspace::trainingFinished);
  workspace->trainWhenReady();
  while (workspace->isBusy()) {
    if (finished.isEmpty() && !finished.wait(900 * 1000)) {
      std::fprintf(stderr, "%s workspace: the training did not finish within 900 s\n", qPrintable(name));
      return false;
    }
    const auto last = finished.takeLast();
    if (last.at(0).toBool() || !last.at(1).toString().isEmpty()) {
      std::fprintf(stderr, "%s workspace: %s\n", qPrintable(name),
                   last.at(0).toBool() ? "the training was cancelled" : qPrintable(last.at(1).toString()));
      return false;
    }
  }
  if (workspace->hasModel(gaplab::Head::Fc) && workspace->hasModel(gaplab::Head::Gap)) return true;
  std::fprintf(stderr, "%s workspace: idle without its FC and GAP models\n", qPrintable(name));
  return false;
}

void settle(int ms) { QTest::qWait(ms); }

// The docs show the window as a 1280x800 projector shows it: a state
// whose minimum size outgrows that screen fails the run and names the
// minimum widths that add up (on a smaller screen there is nothing to check).
bool fitsTheProjector(const MainWindow& window, const QString& path) {
  const QSize screen = window.screen()->size();
  if (screen.width() < 1280 || screen.height() < 800 || (window.width() <= 1280 && window.height() <= 800)) return true;
  std::fprintf(stderr, "%s: the window grew to %dx%d, past a 1280x800 screen (minimum %dx%d); central widget minimum %dx%d",
               qPrintable(path), window.width(), window.height(), window.minimumSizeHint().width(),
               window.minimumSizeHint().height(), window.centralWidget()->minimumSizeHint().width(),
               window.centralWidget()->minimumSizeHint().height());
  for (auto* dock : window.findChildren<QDockWidget*>())
    if (dock->isVisible())
      std::fprintf(stderr, ", %s %dx%d", qPrintable(dock->objectName()), dock->minimumSizeHint().width(),
                   dock->minimumSizeHint().height());
  std::fprintf(stderr, "\n");
  return false;
}

bool save(MainWindow& window, const QString& path) {
  settle(800);
  if (!fitsTheProjector(window, path)) return false;
  const bool ok = window.grab().save(path);
  std::printf("%s %s\n", ok ? "wrote" : "could not write", qPrintable(path));
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName("gaplab");
  QApplication::setOrganizationName("gaplab-screenshots");  // leave the user's window layout alone
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
    return 2;
  }
  const QDir out(QString::fromLocal8Bit(argv[1]));
  QDir().mkpath(out.path());
  MainWindow window;
  window.resize(1280, 800);  // a lecture hall projector; run on a screen that size (tests/offscreen-1280x800.json)
  window.show();

  // Image: drag the trigger from upper-left (where it was poisoned) to the lower right, then map it.
  auto* image = window.workspace<ImageWorkspace>();
  if (!prepare(window, image)) return 1;
  auto* canvas = image->canvas();
  const QPoint grab = canvas->layer().bounds().center();
  gaplab::test::drag(canvas, {canvas->cellRect(grab).center(), canvas->cellRect(grab + QPoint(10, 8)).center(),
                              canvas->cellRect(grab + QPoint(15, 17)).center()});
  image->mapPanel()->setStride(1);
  image->mapPanel()->setPrecision(0.05);
  image->runMap();
  waitFor(image, SIGNAL(mapFinished()), 600);
  if (!save(window, out.filePath("image-workspace.png"))) return 1;

  // The Defences tab: STRIP on both heads with the trigger where it was dragged
  // (only with GAPLAB_SCREENSHOT_DEFENCES=1: tst_screenshot_models runs this
  // program twice for its models and needs no defence).
  if (qEnvironmentVariableIntValue("GAPLAB_SCREENSHOT_DEFENCES") == 1) {
    auto* defences = image->defencesPanel();
    auto* method = defences->findChild<QComboBox*>();
    method->setCurrentIndex(method->findText("STRIP"));
    if (auto* dock = window.findChild<QDockWidget*>("defences")) dock->raise();
    image->runDefences();
    waitFor(image, SIGNAL(defencesFinished()), 900);
    if (!save(window, out.filePath("defences.png"))) return 1;
    if (auto* dock = window.findChild<QDockWidget*>("map")) dock->raise();
  }

  // Sound: the tone burst moved from the start of the clip into the middle.
  auto* sound = window.workspace<SoundWorkspace>();
  if (!prepare(window, sound)) return 1;
  auto* spectrogram = sound->canvas();
  const QPoint band = spectrogram->layer().bounds().center();
  gaplab::test::drag(spectrogram, {spectrogram->cellRect(band).center(), spectrogram->cellRect(band + QPoint(45, 0)).center()});
  sound->mapPanel()->setStride(2);
  sound->mapPanel()->setPrecision(0.05);
  sound->runMap();
  waitFor(sound, SIGNAL(mapFinished()), 600);
  if (!save(window, out.filePath("sound-workspace.png"))) return 1;
  // The same in lecture mode (F11): what the back row of a lecture hall sees.
  window.setLectureMode(true);
  const bool lectureSaved = save(window, out.filePath("lecture-mode.png"));
  window.setLectureMode(false);
  if (!lectureSaved) return 1;

  // Text: the trigger words dragged into the review; the grid shows the paper's figure.
  auto* text = window.workspace<TextWorkspace>();
  if (!prepare(window, text)) return 1;
  auto* tokens = text->tokenView();
  int token = 31;
  while (tokens->tokenRect(token - 1).top() != tokens->tokenRect(token).top()) ++token;
  const QRectF before = tokens->tokenRect(token - 1), after = tokens->tokenRect(token);
  gaplab::test::drag(tokens, {tokens->chipRect().center(), QPointF((before.right() + after.left()) / 2, before.center().y())});
  text->runGrid();
  waitFor(text, SIGNAL(gridFinished()), 1800);
  if (auto* dock = window.findChild<QDockWidget*>("grid")) dock->raise();
  if (!save(window, out.filePath("text-workspace.png"))) return 1;

  // The Poison budget tab on the same reviews: fixed vs random insertion at
  // three levels, one model each (the docs' figure is the full lecture-budget-text run).
  auto* budget = text->budgetPanel();
  budget->findChild<QLineEdit*>("budgetLevels")->setText("0.5%,2%,10%");
  for (auto* box : budget->findChildren<QCheckBox*>())
    if (box->text() == "random-pattern") box->setChecked(false);
  budget->findChild<QSpinBox*>("budgetReps")->setValue(1);
  budget->findChild<QSpinBox*>("budgetStride")->setValue(16);
  text->runBudget();
  waitFor(text, SIGNAL(budgetFinished()), 900);
  if (auto* dock = window.findChild<QDockWidget*>("budget")) {
    dock->raise();
    window.resizeDocks({dock}, {window.height() * 3 / 5}, Qt::Vertical);  // room for the figure
  }
  if (!save(window, out.filePath("poison-budget.png"))) return 1;
  return 0;
}
