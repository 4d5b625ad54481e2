// SPDX-License-Identifier: GPL-3.0-or-later
// Bad inputs across every format and setting, and what gaplab answers. Each
// row is checked here, and docs/bad-inputs.md is this table: the test fails
// if the two drift apart (GAPLAB_WRITE_BAD_INPUTS=FILE rewrites the docs).
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <sstream>

#include "gaplab/audio.h"
#include "gaplab/budget.h"
#include "gaplab/checkpoint.h"
#include "gaplab/error.h"
#include "gaplab/image_experiment.h"
#include "gaplab/image_datasets.h"
#include "gaplab/positions.h"
#include "gaplab/sound_trigger.h"
#include "gaplab/text_data.h"
#include "gaplab/text_trigger.h"
#include "gaplab/training.h"
#include "session_file.h"
#include "test_support.h"

using namespace gaplab;

namespace {

struct BadInput {
  std::string format;  // where the bad input comes in
  std::string input;   // what is wrong with it
  std::function<void()> feed;
  std::string fragment;  // part of the answer the test insists on
};

QTemporaryDir& scratch() {
  static QTemporaryDir dir;
  return dir;
}
std::string path(const std::string& name) { return scratch().filePath(QString::fromStdString(name)).toStdString(); }

void writeText(const std::string& name, const std::string& text) {
  std::ofstream(path(name), std::ios::binary) << text;
}

std::vector<std::uint8_t> idxImages(std::uint32_t count, std::uint32_t rows, std::uint32_t cols, std::size_t pixels) {
  std::vector<std::uint8_t> bytes;
  test::appendBigEndian32(bytes, 0x00000803);
  test::appendBigEndian32(bytes, count);
  test::appendBigEndian32(bytes, rows);
  test::appendBigEndian32(bytes, cols);
  for (std::size_t i = 0; i < pixels; ++i) bytes.push_back(static_cast<std::uint8_t>(i * 7));
  return bytes;
}

std::vector<std::uint8_t> idxLabels(std::uint32_t count, std::uint8_t maxLabel = 9) {
  std::vector<std::uint8_t> bytes;
  test::appendBigEndian32(bytes, 0x00000801);
  test::appendBigEndian32(bytes, count);
  for (std::uint32_t i = 0; i < count; ++i) bytes.push_back(static_cast<std::uint8_t>(i % (maxLabel + 1u)));
  return bytes;
}

// A tiny MNIST-layout folder: 60 training and 20 test images of 28x28.
std::string tinyMnist() {
  const std::string dir = path("mnist");
  QDir().mkpath(QString::fromStdString(dir));
  test::writeBytes(dir + "/train-images-idx3-ubyte", idxImages(60, 28, 28, 60 * 784));
  test::writeBytes(dir + "/train-labels-idx1-ubyte", idxLabels(60));
  test::writeBytes(dir + "/t10k-images-idx3-ubyte", idxImages(20, 28, 28, 20 * 784));
  test::writeBytes(dir + "/t10k-labels-idx1-ubyte", idxLabels(20));
  return dir;
}

ExperimentSpec tinySpec() {
  auto spec = presetSpec("lecture-image");
  spec.dataset = "mnist";
  spec.dataDir = tinyMnist();
  spec.limitTrain = 0;
  spec.limitTest = 0;
  spec.poisonCount = 5;
  spec.training.epochs = 1;
  spec.trainPositions = {"upper-left"};
  return spec;
}

void trainTiny(const ExperimentSpec& spec) {
  const auto data = loadExperimentData(spec);
  trainPoisoned(spec, data, Head::Gap, spec.trainPositions.front(), 0);
}

// A float WAV (format 3) holding `samples`.
void writeFloatWav(const std::string& name, const std::vector<float>& samples) {
  std::vector<std::uint8_t> b;
  auto u32 = [&](std::uint32_t v) { for (int i = 0; i < 4; ++i) b.push_back(std::uint8_t(v >> (8 * i))); };
  auto u16 = [&](std::uint16_t v) { b.push_back(std::uint8_t(v)); b.push_back(std::uint8_t(v >> 8)); };
  auto tag = [&](const char* t) { b.insert(b.end(), t, t + 4); };
  const auto data = static_cast<std::uint32_t>(samples.size() * 4);
  tag("RIFF"); u32(36 + data); tag("WAVE");
  tag("fmt "); u32(16); u16(3); u16(1); u32(16000); u32(64000); u16(4); u16(32);
  tag("data"); u32(data);
  for (float s : samples) {
    std::uint32_t bits;
    std::memcpy(&bits, &s, 4);
    u32(bits);
  }
  test::writeBytes(path(name), b);
}

std::string savedCheckpoint() {
  static const std::string file = [] {
    ModelConfig config;
    config.architecture = Architecture::Lecture;
    config.head = Head::Gap;
    const ImageModel model(config, 1);
    CheckpointInfo info;
    info.spec = presetSpec("lecture-image");
    info.model = config;
    info.trigger = makeTrigger(info.spec.trigger, 1);
    const std::string p = path("model.pt");
    saveCheckpoint(model, info, p);
    return p;
  }();
  return file;
}

void copyFile(const std::string& from, const std::string& to) {
  QFile::remove(QString::fromStdString(to));
  QFile::copy(QString::fromStdString(from), QString::fromStdString(to));
}

std::string specError(const std::string& json) {
  specFromJson(json, presetSpec("lecture-image"), "spec.json").validate();
  return {};
}

const std::vector<BadInput>& badInputs() {
  static const std::vector<BadInput> rows = {
      // IDX
      {"IDX images", "file cut short (header declares 10 images, holds 3)",
       [] { test::writeBytes(path("short-idx"), idxImages(10, 28, 28, 3 * 784)); test::writeBytes(path("l10"), idxLabels(10));
            readIdxImages(path("short-idx"), path("l10"), {}); }, "truncated"},
      {"IDX images", "wrong magic number (a label file given as images)",
       [] { test::writeBytes(path("l10"), idxLabels(10)); readIdxImages(path("l10"), path("l10"), {}); }, "bad magic"},
      {"IDX images", "huge declared count (4 billion images in a 16-byte file)",
       [] { test::writeBytes(path("huge-idx"), idxImages(0xFFFFFFFFu, 28, 28, 0)); test::writeBytes(path("l10"), idxLabels(10));
            readIdxImages(path("huge-idx"), path("l10"), {}); }, "truncated"},
      {"IDX images", "implausible image size (0 x 28)",
       [] { test::writeBytes(path("zero-idx"), idxImages(1, 0, 28, 0)); test::writeBytes(path("l1"), idxLabels(1));
            readIdxImages(path("zero-idx"), path("l1"), {}); }, "implausible image size"},
      {"IDX labels", "fewer labels than images",
       [] { test::writeBytes(path("i3"), idxImages(3, 28, 28, 3 * 784)); test::writeBytes(path("l2"), idxLabels(2));
            readIdxImages(path("i3"), path("l2"), {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}); }, "count mismatch"},
      {"IDX labels", "a label outside the class list",
       [] { test::writeBytes(path("i3"), idxImages(3, 28, 28, 3 * 784)); test::writeBytes(path("l3"), idxLabels(3, 9));
            readIdxImages(path("i3"), path("l3"), {"only", "two"}); }, "label 2 at index 2"},
      {"Image dataset", "folder without the IDX files",
       [] { QDir().mkpath(QString::fromStdString(path("empty"))); ImageDatasetRequest r; r.name = "mnist"; r.dataDir = path("empty");
            loadImageDataset(r); }, "empty/train-images-idx3-ubyte[.gz] not found"},
      // CIFAR-10
      {"CIFAR-10 batch", "size not a whole number of 3,073-byte records",
       [] { test::writeBytes(path("cifar.bin"), std::vector<std::uint8_t>(3073 + 100, 1)); readCifar10Batches({path("cifar.bin")}); },
       "is not a whole number of"},
      {"CIFAR-10 batch", "empty file",
       [] { test::writeBytes(path("empty.bin"), {}); readCifar10Batches({path("empty.bin")}); }, "empty file"},
      {"CIFAR-10 batch", "label byte 200",
       [] { std::vector<std::uint8_t> b(3073, 0); b[0] = 200; test::writeBytes(path("label.bin"), b);
            readCifar10Batches({path("label.bin")}); }, "has label 200"},
      // Audio
      {"WAV/FLAC", "not audio (a text file named .wav)",
       [] { writeText("text.wav", "hello, I am not a WAV file"); readAudio(path("text.wav")); }, "cannot read audio"},
      {"WAV/FLAC", "missing file",
       [] { readAudio(path("nowhere.wav")); }, "cannot read audio"},
      {"WAV/FLAC", "a NaN sample in a float WAV",
       [] { writeFloatWav("nan.wav", {0.1f, std::numeric_limits<float>::quiet_NaN(), 0.2f}); readAudio(path("nan.wav")); },
       "sample 1 is not a finite number"},
      {"WAV/FLAC", "an infinite sample in a float WAV",
       [] { writeFloatWav("inf.wav", {std::numeric_limits<float>::infinity()}); readAudio(path("inf.wav")); },
       "sample 0 is not a finite number"},
      // IMDB
      {"IMDB reviews.json", "cut off in the middle",
       [] { writeText("cut.json", "[{\"t\": \"a fine film\", \"s\": 1}, {\"t\": \"dull"); readImdbJson(path("cut.json")); },
       "not valid JSON"},
      {"IMDB reviews.json", "a sentiment that is neither 0 nor 1",
       [] { writeText("s.json", "[{\"t\": \"a fine film\", \"s\": 7}]"); readImdbJson(path("s.json")); }, "review 0 has label 7"},
      {"IMDB reviews.json", "an entry without text",
       [] { writeText("t.json", "[{\"s\": 1}]"); readImdbJson(path("t.json")); }, "review 0 lacks \"t\""},
      {"IMDB reviews.json", "an empty list",
       [] { writeText("none.json", "[]"); readImdbJson(path("none.json")); }, "no reviews"},
      {"aclImdb folder", "no pos/neg folders",
       [] { QDir().mkpath(QString::fromStdString(path("acl"))); readAclImdbFolder(path("acl")); }, "folder (expected aclImdb/{train,test}/{pos,neg})"},
      // Experiment specs and settings
      {"Experiment spec", "not JSON", [] { specError("{ epochs: 3"); }, "spec.json"},
      {"Experiment spec", "a number too large for a double (found by fuzzing)",
       [] { specError("{\"training\": {\"lr\": 1e507}}"); }, "spec.json: not valid JSON"},
      {"Experiment spec", "a count too large for any integer (found by fuzzing)",
       [] { specError("{\"poison\": {\"count\": 6666666666666666666666666666666666666666666666680}}"); },
       "'poison.count': expected a whole number in range"},
      {"Experiment spec", "an unknown key (a typo)", [] { specError("{\"epoch\": 3}"); }, "epoch"},
      {"Experiment spec", "a value of the wrong type", [] { specError("{\"training\": {\"epochs\": \"six\"}}"); },
       "'training.epochs': expected a whole number, got \"six\""},
      {"Experiment spec", "zero epochs", [] { specError("{\"training\": {\"epochs\": 0}}"); }, "epochs must be >= 1, got 0"},
      {"Experiment spec", "a negative learning rate", [] { specError("{\"training\": {\"lr\": -0.1}}"); },
       "learning rate must be positive"},
      {"Experiment spec", "an unknown preset", [] { presetSpec("lecture-imag"); }, "lecture-imag"},
      {"Experiment spec", "an unknown model", [] { specError("{\"model\": \"resnet\"}"); }, "resnet"},
      {"Experiment spec", "an unknown position", [] { resolvePosition("top-middle", 28, 28, {8, 8}); }, "top-middle"},
      {"Experiment spec", "a random placement as a test position",
       [] { auto s = presetSpec("lecture-text"); s.testPositions = {"random-pattern"}; s.validate(); },
       "'random-pattern' is a training placement, not a test position"},
      {"Poison budget", "a poison level that is no number", [] { parsePoisonLevel("2%%"); }, "bad poison level '2%%'"},
      {"Poison budget", "a poison level over 100%", [] { parsePoisonLevel("150%"); }, "bad poison level '150%'"},
      {"Poison budget", "more poison than training inputs", [] { poisonCountOf(parsePoisonLevel("7000"), 6400); },
       "poison level 7000 is 7000 inputs, more than the 6400 the training split holds"},
      {"Poison budget", "an unknown regime", [] { poisonRegimeFromString("salem"); },
       "unknown poison regime 'salem' (known: fixed, random, random-pattern)"},
      {"Poison budget", "a spec whose budget names an unknown regime",
       [] { specFromJson(R"({"budget": {"poison": ["1%"], "regimes": ["everywhere"]}})", presetSpec("lecture-image"),
                         "spec.json"); },
       "spec.json: unknown poison regime 'everywhere'"},
      {"Experiment spec", "a painted trigger with too few values",
       [] { TriggerSpec t; t.pattern = "painted"; t.width = 2; t.height = 2; t.values = {1, 0.5f}; makeTrigger(t, 1); },
       "expected 4 values for 2x2, got 2"},
      {"Experiment", "a target class that does not exist",
       [] { auto s = tinySpec(); s.target = 12; trainTiny(s); }, "target class 12"},
      {"Experiment", "a trigger larger than the input",
       [] { auto s = tinySpec(); s.trigger.width = 40; s.trigger.height = 4; trainTiny(s); }, "larger than the input"},
      {"Experiment", "more poisoned inputs than eligible ones",
       [] { auto s = tinySpec(); s.poisonCount = 500; trainTiny(s); }, "poison count 500 exceeds"},
      {"Experiment", "training that diverges (SGD, learning rate 1e30)",
       [] { auto s = tinySpec(); s.training.optimizer = OptimizerKind::Sgd; s.training.lr = 1e30; s.training.schedule.clear();
            s.training.epochs = 3; s.training.patience = 0;
            trainTiny(s); }, "training diverged"},
      {"Sound settings", "a trigger longer than the clip",
       [] { SoundTriggerSpec t; t.duration = 2.0; SoundTrigger(t, 16000, 16000); }, "longer than"},
      {"Sound settings", "an unknown trigger kind",
       [] { SoundTriggerSpec t; t.kind = "whistle"; SoundTrigger(t, 16000, 16000); }, "whistle"},
      {"Text settings", "an unknown placement", [] { checkTextPlacement("@-3"); }, "@-3"},
      // Checkpoints
      {"Checkpoint", "the JSON sidecar is missing",
       [] { copyFile(savedCheckpoint(), path("lonely.pt")); loadCheckpoint(path("lonely.pt")); }, "lonely.pt"},
      {"Checkpoint", "the archive is cut short",
       [] { copyFile(savedCheckpoint(), path("cut.pt")); copyFile(savedCheckpoint() + ".json", path("cut.pt.json"));
            QFile f(QString::fromStdString(path("cut.pt"))); f.open(QIODevice::ReadWrite); f.resize(f.size() / 2);
            f.close(); loadCheckpoint(path("cut.pt")); }, "cut.pt"},
      {"Checkpoint", "the archive's bytes scrambled in the middle (found by fuzzing)",
       [] { copyFile(savedCheckpoint(), path("scrambled.pt")); copyFile(savedCheckpoint() + ".json", path("scrambled.pt.json"));
            QFile f(QString::fromStdString(path("scrambled.pt"))); f.open(QIODevice::ReadWrite);
            QByteArray bytes = f.readAll();
            for (int i = 0; i < 64; ++i) bytes[bytes.size() / 3 + i] = char(0x5a ^ i);
            f.seek(0); f.write(bytes); f.close(); loadCheckpoint(path("scrambled.pt")); }, "scrambled.pt"},
      {"Checkpoint", "the sidecar says another model (a checkpoint for another model)",
       [] { copyFile(savedCheckpoint(), path("other.pt"));
            QFile in(QString::fromStdString(savedCheckpoint() + ".json")); in.open(QIODevice::ReadOnly);
            writeText("other.pt.json", in.readAll().replace("\"lecture\"", "\"strip\"").toStdString());
            loadCheckpoint(path("other.pt")); }, "other.pt"},
      {"Checkpoint", "the sidecar's epoch count is 1e300",
       [] { copyFile(savedCheckpoint(), path("epochs.pt"));
            QFile in(QString::fromStdString(savedCheckpoint() + ".json")); in.open(QIODevice::ReadOnly);
            writeText("epochs.pt.json", in.readAll().replace("\"epochs\": 0", "\"epochs\": 1e300").toStdString());
            loadCheckpoint(path("epochs.pt")); }, "'epochs': 1e+300 is not a usable number"},
      {"Checkpoint", "the sidecar is not JSON",
       [] { copyFile(savedCheckpoint(), path("bad.pt")); writeText("bad.pt.json", "checkpoint?"); loadCheckpoint(path("bad.pt")); },
       "bad.pt.json: not valid JSON"},
      {"Checkpoint", "an image checkpoint opened as a text model",
       [] { loadTextCheckpoint(savedCheckpoint()); }, "model.pt"},
      // Sessions (the GUI's files)
      {"Session file", "cut off in the middle",
       [] { app::sessionFromJson(R"({"gaplab_session": 1, "workspaces": [)", "lab.gaplab"); }, "lab.gaplab: not valid JSON"},
      {"Session file", "a JSON file that is no session",
       [] { app::sessionFromJson(R"({"name": "x"})", "lab.gaplab"); }, "not a gaplab session"},
      {"Session file", "a spec inside with a count of 4e117 (found by fuzzing)",
       [] { auto json = app::sessionToJson(app::Session{0, {[] { app::WorkspaceState w; w.modality = Modality::Image;
                                                                w.spec = presetSpec("lecture-image"); w.gridSpec = w.spec;
                                                                return w; }()}});
            json.replace("\"count\": " + std::to_string(presetSpec("lecture-image").poisonCount), "\"count\": 4e117");
            app::sessionFromJson(json, "lab.gaplab"); }, "'poison.count': expected a whole number in range"},
      {"Session file", "written by a newer gaplab",
       [] { app::sessionFromJson(R"({"gaplab_session": 3, "workspaces": []})", "lab.gaplab"); },
       "session format 3 is not supported"},
      {"Session file", "an embedded model whose name is a path",
       [] { app::sessionFromJson(R"({"gaplab_session": 2, "workspaces": [], "embedded_models": {"../x.pt": {}}})",
                                 "lab.gaplab"); },
       "embedded model '../x.pt' is not a model cache name"},
  };
  return rows;
}

// The answer to a row, or "(no error)".
std::string answer(const BadInput& row) {
  try {
    row.feed();
  } catch (const std::exception& e) {
    std::string message = e.what();
    const std::string dir = scratch().path().toStdString() + "/";
    for (std::size_t at; (at = message.find(dir)) != std::string::npos;) message.erase(at, dir.size());
    return message;
  }
  return "(no error)";
}

std::string markdownTable() {
  std::ostringstream out;
  out << "# Bad inputs and what gaplab answers\n\n"
         "Every row is fed to gaplab by `tests/tst_bad_inputs.cpp`, which fails if an answer changes\n"
         "without this table (regenerate it with `GAPLAB_WRITE_BAD_INPUTS=docs/bad-inputs.md\n"
         "build/tests/tst_bad_inputs`). File names are the test's own. None of them crashes or\n"
         "allocates what a file merely declares: sizes are checked against the file first.\n\n"
         "| # | format | bad input | gaplab answers |\n|---|---|---|---|\n";
  int n = 0;
  for (const auto& row : badInputs()) {
    std::string message = answer(row);
    for (std::size_t at = 0; (at = message.find('|', at)) != std::string::npos; at += 2) message.replace(at, 1, "\\|");
    out << "| " << ++n << " | " << row.format << " | " << row.input << " | " << message << " |\n";
  }
  return out.str();
}

}  // namespace

class TestBadInputs : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void everyBadInputIsAnsweredClearly() {
    QVERIFY(badInputs().size() >= 30);
    QStringList failures;
    for (const auto& row : badInputs()) {
      const std::string message = answer(row);
      if (message.find(row.fragment) == std::string::npos)
        failures << QString::fromStdString(row.format + ": " + row.input + ": '" + message + "' lacks '" + row.fragment + "'");
    }
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join("\n")));
  }

  void theDocsTableIsThisTable() {
    const std::string table = markdownTable();
    if (const QString out = qEnvironmentVariable("GAPLAB_WRITE_BAD_INPUTS"); !out.isEmpty()) {
      QFile file(out);
      QVERIFY(file.open(QIODevice::WriteOnly));
      file.write(table.c_str());
    }
    QFile docs(QString(GAPLAB_SOURCE_DIR) + "/docs/bad-inputs.md");
    QVERIFY2(docs.open(QIODevice::ReadOnly), "docs/bad-inputs.md is missing");
    QCOMPARE(QString::fromUtf8(docs.readAll()), QString::fromStdString(table));
  }
};

QTEST_MAIN(TestBadInputs)
#include "tst_bad_inputs.moc"
