// SPDX-License-Identifier: GPL-3.0-or-later
// The sound and text workspaces on real data: train FC and GAP, move the
// trigger with the mouse (a tone burst in time; the trigger words between
// tokens) and get the ASR core computes for that placement.
#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>

#include <cstdio>

#include "gaplab/experiment.h"
#include "gaplab/text_data.h"

#include "budget_figure.h"
#include "budget_panel.h"
#include "defence_figure.h"
#include "defences_panel.h"
#include "inspection_panel.h"
#include "main_window.h"
#include "pixel_canvas.h"
#include "setup_panel.h"
#include "sound/sound_workspace.h"
#include "text/text_workspace.h"
#include "token_view.h"
#include "widget_events.h"

using namespace gaplab;
using namespace gaplab::app;

namespace {

bool trainBoth(Workspace* workspace, const ExperimentSpec& spec) {
  QSignalSpy ready(workspace, &Workspace::labReady);
  QSignalSpy failed(workspace, &Workspace::trainingFinished);  // a failed load ends like a failed training
  workspace->activate();
  QElapsedTimer waited;
  waited.start();
  // labReady() comes while the loading job winds down: a train() before it
  // has ended is refused as busy.
  while ((ready.isEmpty() || workspace->isBusy()) && failed.isEmpty() && waited.elapsed() < 180000) QTest::qWait(50);
  if (!workspace->lab()) {
    qWarning("loading failed: %s", failed.isEmpty() ? "no answer" : qPrintable(failed.first().at(1).toString()));
    return false;
  }
  workspace->setupPanel()->setSpec(spec);
  QSignalSpy trained(workspace, &Workspace::trainingFinished);
  workspace->train();
  if (!trained.wait(300000) || !trained.first().at(1).toString().isEmpty()) {
    qWarning("training failed: %s", qPrintable(trained.isEmpty() ? QString("timeout") : trained.first().at(1).toString()));
    return false;
  }
  return workspace->hasModel(Head::Fc) && workspace->hasModel(Head::Gap);
}

QString asrText(double asr) { return QString("ASR %1%").arg(100 * asr, 0, 'f', 1); }

}  // namespace

class TestWorkspaces : public QObject {
  Q_OBJECT
  QTemporaryDir home_;

private Q_SLOTS:
  void initTestCase() {
    // The reviews stay where the set-up put them; models and settings go to a private folder.
    if (qEnvironmentVariableIsEmpty("GAPLAB_IMDB_JSON")) qputenv("GAPLAB_IMDB_JSON", defaultImdbJsonPath().c_str());
    qputenv("XDG_CACHE_HOME", home_.filePath("cache").toUtf8());
    qputenv("XDG_CONFIG_HOME", home_.filePath("config").toUtf8());
  }

  void soundToneIsDraggedInTime() {
    MainWindow window;
    window.setCurrentWorkspace(Modality::Sound);
    window.show();
    auto* sound = window.workspace<SoundWorkspace>();
    auto spec = presetSpec("lecture-sound");
    spec.limitTrain = 800;
    spec.limitTest = 200;
    spec.training.epochs = 3;
    QVERIFY(trainBoth(sound, spec));

    auto* canvas = sound->canvas();
    const QRect band = canvas->layer().bounds();
    QCOMPARE(band.left(), 0);                       // poisoned at the start
    QCOMPARE(band.height(), canvas->layer().height());  // a waveform trigger covers every bin
    const QPoint grab = band.center();
    test::drag(canvas, {canvas->cellRect(grab).center(), canvas->cellRect(grab + QPoint(20, 7)).center(),
                        canvas->cellRect(grab + QPoint(40, -5)).center()});
    QCOMPARE(canvas->layer().bounds().topLeft(), QPoint(40, 0));  // time only
    QCOMPARE(sound->currentPlacement().y, 40);

    const auto state = sound->state();
    // The live loop's ASR (batches over the attack pool) against the named
    // placement's, counted over the whole pool in test order.
    const auto experiment = Experiment::open(state.spec);
    char onset[32];
    std::snprintf(onset, sizeof onset, "@%.6f", 40.0 * state.spec.sound.features.hop / state.spec.sound.rate);
    for (const auto& model : state.models) {
      const double asr = experiment->session(model.checkpoint, state.spec)->attackAt(onset).metrics.asr();
      QTRY_COMPARE_WITH_TIMEOUT(sound->inspectionPanel()->asrText(model.head), asrText(asr), 30000);
    }
    // Listening: the triggered clip differs from the clean one exactly where
    // the tone is, from frame 40's first sample for the tone's duration.
    const auto clean = sound->cleanClip(), triggered = sound->triggeredClip();
    QCOMPARE(triggered.size(), clean.size());
    const std::size_t start = std::size_t(40 * state.spec.sound.features.hop);
    const auto length = std::size_t(std::lround(state.spec.sound.trigger.duration * state.spec.sound.rate));
    QVERIFY(start + length <= clean.size());
    std::size_t changedInside = 0;
    for (std::size_t i = 0; i < clean.size(); ++i) {
      const bool inside = i >= start && i < start + length;
      if (!inside) QVERIFY2(triggered[i] == clean[i], qPrintable(QString("sample %1 changed outside the tone").arg(i)));
      changedInside += inside && triggered[i] != clean[i];
    }
    // A sine passes through zero: a few samples of the tone may add nothing.
    QVERIFY2(changedInside >= length * 95 / 100,
             qPrintable(QString("%1 of the tone's %2 samples changed").arg(changedInside).arg(length)));
  }

  void textChipIsDraggedBetweenTokens() {
    MainWindow window;
    window.setCurrentWorkspace(Modality::Text);
    window.show();
    auto* text = window.workspace<TextWorkspace>();
    auto spec = presetSpec("lecture-text");
    spec.limitTrain = 3000;
    spec.limitTest = 300;
    spec.poisonCount = 100;  // of the 2,400 training reviews
    spec.training.epochs = 3;
    QVERIFY(trainBoth(text, spec));

    auto* view = text->tokenView();
    QTRY_VERIFY(view->chipRect().isValid());
    // The first gap after token 3 whose two tokens share a line.
    int token = 4;
    while (view->tokenRect(token - 1).top() != view->tokenRect(token).top()) ++token;
    const QRectF before = view->tokenRect(token - 1), after = view->tokenRect(token);
    const QPointF gap((before.right() + after.left()) / 2, before.center().y());
    test::drag(view, {view->chipRect().center(), gap});
    QCOMPARE(text->currentPlacement().x, token);

    const auto state = text->state();
    const auto experiment = Experiment::open(state.spec);
    for (const auto& model : state.models) {
      const double asr =
          experiment->session(model.checkpoint, state.spec)->attackAt("@" + std::to_string(token)).metrics.asr();
      QTRY_COMPARE_WITH_TIMEOUT(text->inspectionPanel()->asrText(model.head), asrText(asr), 30000);
    }
  }

  // The Poison budget tab: driven with the mouse, it trains head x regime x
  // level models as one queued job and draws each cell as its model
  // finishes; Stop ends it early.
  void budgetTabDrawsEachModelAsItArrives() {
    MainWindow window;
    window.setCurrentWorkspace(Modality::Text);
    window.show();
    auto* text = window.workspace<TextWorkspace>();
    QSignalSpy ready(text, &Workspace::labReady);
    text->activate();
    QVERIFY(ready.wait(180000));
    auto spec = presetSpec("lecture-text");
    spec.limitTrain = 3000;
    spec.limitTest = 200;
    spec.training.epochs = 1;
    text->setupPanel()->setSpec(spec);
    auto* panel = text->budgetPanel();
    auto* levels = panel->findChild<QLineEdit*>("budgetLevels");
    levels->setText("1%,5%");
    for (auto* box : panel->findChildren<QCheckBox*>())
      if (box->text() == "random-pattern" && box->isChecked()) QTest::mouseClick(box, Qt::LeftButton);
    panel->findChild<QSpinBox*>("budgetReps")->setValue(1);
    panel->findChild<QSpinBox*>("budgetStride")->setValue(32);
    auto* figure = panel->figure();
    QSignalSpy finished(text, &Workspace::budgetFinished);
    QTest::mouseClick(panel->findChild<QPushButton*>("runBudget"), Qt::LeftButton);
    // Live: a curve is drawn while later models still train.
    QTRY_VERIFY_WITH_TIMEOUT(figure->curveCount() >= 1, 120000);
    QVERIFY(finished.isEmpty());
    QVERIFY(finished.wait(300000));
    QCOMPARE(figure->curveCount(), 4);  // fc and gap x fixed and random
    for (int curve = 0; curve < 4; ++curve) QCOMPARE(figure->pointCount(curve), 2);
    QCOMPARE(figure->csv().count('\n'), 1 + 8);
    QVERIFY(!panel->findChild<QLabel*>("budgetThresholds")->text().isEmpty());

    // Stop: the job ends at the next batch, with fewer models than asked for.
    finished.clear();
    levels->setText("1%,2%,5%,10%");
    QTest::mouseClick(panel->findChild<QPushButton*>("runBudget"), Qt::LeftButton);
    auto* stop = panel->findChild<QPushButton*>("stopBudget");
    QTRY_VERIFY(stop->isEnabled());
    QTest::mouseClick(stop, Qt::LeftButton);
    QVERIFY(finished.wait(120000));
    QVERIFY(figure->curveCount() < 4 || figure->pointCount(3) < 4);
  }

  // The Defences tab on the text workspace: STRIP on both heads from the
  // mouse, then following the trigger words as they are dragged; Neural
  // Cleanse on two classes says why it reports norms; AC draws the samples.
  void defencesTabRunsOnBothHeadsAndFollowsTheTrigger() {
    MainWindow window;
    window.setCurrentWorkspace(Modality::Text);
    window.show();
    auto* text = window.workspace<TextWorkspace>();
    auto spec = presetSpec("lecture-text");
    spec.limitTrain = 3000;
    spec.limitTest = 200;
    spec.poisonCount = 200;
    spec.training.epochs = 2;
    QVERIFY(trainBoth(text, spec));
    auto* panel = text->defencesPanel();
    auto* method = panel->findChild<QComboBox*>("defenceMethod");
    method->setCurrentIndex(method->findText("STRIP"));
    panel->findChild<QSpinBox*>("defenceOverlays")->setValue(8);
    QSignalSpy finished(text, &Workspace::defencesFinished);
    QTest::mouseClick(panel->findChild<QPushButton*>("runDefences"), Qt::LeftButton);
    QVERIFY(finished.wait(300000));
    for (int slot = 0; slot < 2; ++slot) {
      QCOMPARE(panel->figure(slot)->kind(), QString("strip"));
      QVERIFY2(panel->summary(slot).contains("FAR"), qPrintable(panel->summary(slot)));
      QVERIFY(panel->figure(slot)->csv().count('\n') == 1 + 30);
    }

    // Dragged to another gap, STRIP is measured there: an estimate, then the full N.
    auto* view = text->tokenView();
    int token = 12;
    while (view->tokenRect(token - 1).top() != view->tokenRect(token).top()) ++token;
    const QRectF before = view->tokenRect(token - 1), after = view->tokenRect(token);
    test::drag(view, {view->chipRect().center(), QPointF((before.right() + after.left()) / 2, before.center().y())});
    const QString here = QString("@%1").arg(token);
    QTRY_VERIFY_WITH_TIMEOUT(panel->summary(0).contains(here) && panel->summary(1).contains(here), 120000);
    QTRY_VERIFY_WITH_TIMEOUT(!panel->summary(1).contains("estimate") && panel->summary(1).contains(here), 120000);

    method->setCurrentIndex(method->findText("Neural Cleanse"));
    panel->findChild<QSpinBox*>("defenceSteps")->setValue(2);
    finished.clear();
    QTest::mouseClick(panel->findChild<QPushButton*>("runDefences"), Qt::LeftButton);
    QVERIFY(finished.wait(300000));
    QCOMPARE(panel->figure(1)->kind(), QString("nc"));
    QCOMPARE(panel->figure(1)->barCount(), 2);
    QVERIFY2(panel->summary(1).contains("Two classes"), qPrintable(panel->summary(1)));
    QCOMPARE(panel->thumbnailCount(1), 2 * 2);  // a picture and a caption per class

    method->setCurrentIndex(method->findText("Activation Clustering"));
    finished.clear();
    QTest::mouseClick(panel->findChild<QPushButton*>("runDefences"), Qt::LeftButton);
    QVERIFY(finished.wait(300000));
    QCOMPARE(panel->figure(0)->kind(), QString("samples"));
    QVERIFY2(panel->summary(0).contains("recall"), qPrintable(panel->summary(0)));
  }
};

QTEST_MAIN(TestWorkspaces)
#include "tst_workspaces.moc"
