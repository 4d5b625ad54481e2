// SPDX-License-Identifier: GPL-3.0-or-later
// Session files: a saved session reads back to the same state, and broken
// files are refused with a message naming the file and the fault.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "session_file.h"

using namespace gaplab;
using namespace gaplab::app;

namespace {

Session sample() {
  WorkspaceState image;
  image.modality = Modality::Image;
  image.spec = presetSpec("lecture-image");
  image.spec.trigger.pattern = "painted";
  image.spec.trigger.width = 2;
  image.spec.trigger.height = 1;
  image.spec.trigger.values = {0.25f, 1.0f};
  image.spec.trigger.maskValues = {1.0f, 0.5f};
  image.sample = 17;
  image.placement = Position{11, 3};
  LabModelInfo model;
  model.head = Head::Gap;
  model.checkpoint = "/cache/models/0123456789abcdef.pt";
  model.cleanAccuracy = 0.875;
  model.asrAtTrainPosition = 0.99;
  model.epochs = 3;
  model.history = {{0, 1e-3, 0.9, 0.7, 0.8, 0.72}, {1, 1e-3, 0.5, 0.8, 0.6, 0.79}};
  image.models = {model};
  MapState map;
  map.head = Head::Fc;
  map.columns = {0, 10, 20};
  map.rows = {0, 20};
  map.positions = {{0, 0}, {20, 20}};
  map.asr = {1.0, 0.125};
  image.maps = {map};
  GridRow row;
  row.modality = "image";
  row.head = "gap";
  row.posTrain = "upper-left";
  row.posTest = "middle";
  row.seed = 18446744073709551615ull;  // survives JSON's doubles as text
  row.asr = 0.5;
  row.evaluated = 900;
  image.gridRows = {row};
  image.gridSpec = image.spec;
  WorkspaceState text;
  text.modality = Modality::Text;
  text.spec = presetSpec("lecture-text");
  text.spec.text.words = {"cheerful", "tomato"};
  text.gridSpec = text.spec;
  return Session{1, {image, text}};
}

void writeFile(const QString& path, const QByteArray& bytes) {
  QFile file(path);
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write(bytes);
}

// A model's files as the cache keeps them (the bytes are all that matters here).
void writeCheckpoint(const QString& path, const QByteArray& tag) {
  writeFile(path, "model " + tag);
  writeFile(path + ".json", "sidecar " + tag);
  writeFile(path + ".history.json", "history " + tag);
}

QByteArray contents(const QString& path) {
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString errorOf(const QByteArray& json) {
  try {
    sessionFromJson(json, "broken.gaplab");
  } catch (const std::runtime_error& e) {
    return QString::fromUtf8(e.what());
  }
  return {};
}

}  // namespace

class TestSessionFile : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void roundTripKeepsEverything() {
    const Session original = sample();
    const QByteArray json = sessionToJson(original);
    const Session read = sessionFromJson(json, "test");
    QCOMPARE(sessionToJson(read), json);
    QCOMPARE(read.currentWorkspace, 1);
    QCOMPARE(int(read.workspaces.size()), 2);
    const auto& w = read.workspaces[0];
    QCOMPARE(w.spec.trigger.values, (std::vector<float>{0.25f, 1.0f}));
    QCOMPARE(w.spec.trigger.maskValues, (std::vector<float>{1.0f, 0.5f}));
    QCOMPARE(w.placement->x, 11);
    QCOMPARE(w.sample, 17);
    QCOMPARE(w.models.front().history.size(), std::size_t(2));
    QCOMPARE(w.models.front().history[1].validationAccuracy, 0.79);
    QCOMPARE(w.maps.front().asr[1], 0.125);
    QCOMPARE(w.gridRows.front().seed, 18446744073709551615ull);
    QCOMPARE(read.workspaces[1].spec.text.words, (std::vector<std::string>{"cheerful", "tomato"}));
  }

  // Grid rows come back to the last bit (the CSV's six decimals would round
  // them), and rows of older sessions, numbers as JSON numbers, still read.
  void gridRowsComeBackExactly() {
    auto session = sample();
    auto& row = session.workspaces[0].gridRows.front();
    row.asr = 1.0 / 3;
    row.cleanAccuracy = 0.123456789012345;
    row.poisonPercent = 2.0 / 7;
    const QByteArray json = sessionToJson(session);
    const auto read = sessionFromJson(json, "test").workspaces[0].gridRows.front();
    QCOMPARE(read.asr, 1.0 / 3);
    QCOMPARE(read.cleanAccuracy, 0.123456789012345);
    QCOMPARE(read.poisonPercent, 2.0 / 7);
    QCOMPARE(read.evaluated, 900);
    QCOMPARE(read.posTest, std::string("middle"));

    QByteArray older = json;
    older.replace("\"asr\": \"0.33333333333333331\"", "\"asr\": 0.25");
    older.replace("\"n_eval\": \"900\"", "\"n_eval\": 900");
    QVERIFY(older != json);
    const auto old = sessionFromJson(older, "old.gaplab").workspaces[0].gridRows.front();
    QCOMPARE(old.asr, 0.25);
    QCOMPARE(old.evaluated, 900);

    QByteArray missing = json;
    missing.replace("\"n_eval\"", "\"n_evaluated\"");
    const QString message = errorOf(missing);
    QVERIFY2(message.startsWith("broken.gaplab") && message.contains("a grid row has no n_eval"), qPrintable(message));
  }

  void savesAtomicallyAndLoads() {
    QTemporaryDir dir;
    const QString path = dir.filePath("lab.gaplab");
    saveSession(sample(), path);
    QCOMPARE(sessionToJson(loadSession(path)), sessionToJson(sample()));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1);  // no temporary left behind
  }

  void brokenFilesAreNamed_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("fragment");
    const QByteArray good = sessionToJson(sample());
    QTest::newRow("truncated") << good.left(good.size() / 2) << "not valid JSON";
    QTest::newRow("not a session") << QByteArray("{\"hello\": 1}") << "not a gaplab session";
    QTest::newRow("future format") << QByteArray(good).replace("\"gaplab_session\": 2", "\"gaplab_session\": 9")
                                   << "format 9 is not supported";
    QTest::newRow("unknown modality") << QByteArray(good).replace("\"modality\": \"text\"", "\"modality\": \"smell\"")
                                      << "unknown workspace modality 'smell'";
    const QByteArray epochs = "\"epochs\": " + QByteArray::number(presetSpec("lecture-image").training.epochs);
    QTest::newRow("bad spec value") << QByteArray(good).replace(epochs, "\"epochs\": \"six\"") << "epochs";
    QTest::newRow("bad head") << QByteArray(good).replace("\"head\": \"fc\"", "\"head\": \"mlp\"") << "unknown head 'mlp'";
  }

  void brokenFilesAreNamed() {
    QFETCH(QByteArray, json);
    QFETCH(QString, fragment);
    const QString message = errorOf(json);
    QVERIFY2(message.startsWith("broken.gaplab"), qPrintable(message));
    QVERIFY2(message.contains(fragment), qPrintable(message));
  }

  // A session names its models by cache file name only: a path in the file
  // (format 1 stored absolute ones) is never read; the model is looked up in
  // this machine's cache, then beside the session file.
  void modelsAreLookedUpOnlyInTheCacheAndBesideTheSession() {
    QTemporaryDir dir;
    const QDir root(dir.path());
    root.mkpath("cache/models");
    root.mkpath("elsewhere");
    root.mkpath("mailed");
    writeCheckpoint(root.filePath("elsewhere/0123456789abcdef.pt"), "planted");  // where the path points
    Session s = sample();
    auto json = sessionToJson(s);
    QVERIFY(json.contains("\"checkpoint\": \"0123456789abcdef.pt\""));
    QVERIFY(!json.contains("/cache/models"));
    // A format-1 file pointing elsewhere: only the name counts, and it is nowhere here.
    json.replace("\"gaplab_session\": 2", "\"gaplab_session\": 1")
        .replace("\"0123456789abcdef.pt\"", ("\"" + root.filePath("elsewhere/0123456789abcdef.pt") + "\"").toUtf8());
    Session old = sessionFromJson(json, "old.gaplab");
    QCOMPARE(placeModels(old, root.filePath("mailed/lab.gaplab"), root.filePath("cache")), 1);
    QCOMPARE(old.workspaces[0].models[0].checkpoint, std::string());
    // Beside the session file, and (first) in the cache.
    writeCheckpoint(root.filePath("mailed/0123456789abcdef.pt"), "beside");
    Session beside = sessionFromJson(json, "old.gaplab");
    QCOMPARE(placeModels(beside, root.filePath("mailed/lab.gaplab"), root.filePath("cache")), 0);
    QCOMPARE(QString::fromStdString(beside.workspaces[0].models[0].checkpoint), root.filePath("mailed/0123456789abcdef.pt"));
    writeCheckpoint(root.filePath("cache/models/0123456789abcdef.pt"), "cached");
    Session cached = sessionFromJson(json, "old.gaplab");
    QCOMPARE(placeModels(cached, root.filePath("mailed/lab.gaplab"), root.filePath("cache")), 0);
    QCOMPARE(QString::fromStdString(cached.workspaces[0].models[0].checkpoint),
             root.filePath("cache/models/0123456789abcdef.pt"));
  }

  // "Save session with models": the files travel inside the session and are
  // written, on the other machine, beside (not into) its model cache.
  void embeddedModelsTravel() {
    QTemporaryDir here, there;
    const QString checkpoint = QDir(here.path()).filePath("0123456789abcdef.pt");
    writeCheckpoint(checkpoint, "trained");
    Session s = sample();
    s.workspaces[0].models[0].checkpoint = checkpoint.toStdString();
    const qint64 bytes = embedModels(s);
    QCOMPARE(bytes, qint64(contents(checkpoint).size() + contents(checkpoint + ".json").size() +
                           contents(checkpoint + ".history.json").size()));
    const QString path = QDir(here.path()).filePath("lab.gaplab");
    saveSession(s, path);
    QVERIFY(QFile::remove(checkpoint));  // gone from this machine: only the session has it

    Session opened = loadSession(path);
    QCOMPARE(placeModels(opened, QDir(there.path()).filePath("lab.gaplab"), there.path()), 0);
    const QString placed = QString::fromStdString(opened.workspaces[0].models[0].checkpoint);
    QCOMPARE(placed, QDir(there.path()).filePath("embedded/0123456789abcdef.pt"));
    QCOMPARE(contents(placed), QByteArray("model trained"));
    QCOMPARE(contents(placed + ".json"), QByteArray("sidecar trained"));
    QCOMPARE(contents(placed + ".history.json"), QByteArray("history trained"));
    QVERIFY(!QFile::exists(QDir(there.path()).filePath("models/0123456789abcdef.pt")));
  }

  void embeddedModelNamesMustBeCacheNames() {
    QTemporaryDir here;
    const QString checkpoint = QDir(here.path()).filePath("0123456789abcdef.pt");
    writeCheckpoint(checkpoint, "trained");
    Session s = sample();
    s.workspaces[0].models[0].checkpoint = checkpoint.toStdString();
    embedModels(s);
    const QByteArray json = sessionToJson(s).replace("\"0123456789abcdef.pt\": {", "\"../../.bashrc\": {");
    QVERIFY(errorOf(json).contains("embedded model '../../.bashrc' is not a model cache name"));
  }

  void missingFileIsNamed() {
    try {
      loadSession("/nonexistent/lab.gaplab");
      QFAIL("no error");
    } catch (const std::runtime_error& e) {
      QVERIFY(QString(e.what()).contains("/nonexistent/lab.gaplab"));
    }
  }
};

QTEST_MAIN(TestSessionFile)
#include "tst_session_file.moc"
