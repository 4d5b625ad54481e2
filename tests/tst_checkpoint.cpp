// SPDX-License-Identifier: GPL-3.0-or-later
#include <QFile>
#include <nlohmann/json.hpp>

#include "gaplab/atomic_file.h"
#include "gaplab/checkpoint.h"
#include "gaplab/text_model.h"
#include "test_support.h"

using namespace gaplab;
using namespace gaplab::test;

namespace {

CheckpointInfo infoFor(const ImageModel& model) {
  CheckpointInfo info;
  info.spec = presetSpec("lecture-image");
  info.model = model.config();
  info.trigger = makeTrigger(info.spec.trigger, 1);
  info.trainPosition = "middle";
  info.rep = 2;
  info.seed = 3;
  info.epochs = 5;
  info.cleanAccuracy = 0.8125;
  info.asrAtTrainPosition = 0.96875;
  return info;
}

std::vector<float> testImage() {
  std::vector<float> image(28 * 28);
  for (std::size_t i = 0; i < image.size(); ++i) image[i] = float(i % 29) / 29.0f;
  return image;
}

void replaceInFile(const std::string& path, const std::string& from, const std::string& to) {
  auto text = readWholeFile(path);
  const auto at = text.find(from);
  QVERIFY(at != std::string::npos);
  text.replace(at, from.size(), to);
  writeFileAtomically(path, text);
}

}  // namespace

class TestCheckpoint : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void roundTripKeepsWeightsAndInfo() {
    QTemporaryDir dir;
    const auto path = pathIn(dir, "model.pt");
    const ImageModel model({Architecture::Lecture, Head::Gap, {1, 28, 28}, 10}, 3);
    saveCheckpoint(model, infoFor(model), path);
    const auto loaded = loadCheckpoint(path);
    QCOMPARE(loaded.model.logits(testImage()), model.logits(testImage()));
    QCOMPARE(loaded.info.trainPosition, std::string("middle"));
    QCOMPARE(loaded.info.rep, 2);
    QCOMPARE(loaded.info.cleanAccuracy, 0.8125);
    QVERIFY(loaded.info.trigger.has_value());
    QCOMPARE(loaded.info.trigger->pattern, infoFor(model).trigger->pattern);
    QCOMPARE(specToJson(loaded.info.spec), specToJson(presetSpec("lecture-image")));
    // A model made with another seed differs, so the comparison above means something.
    const ImageModel other({Architecture::Lecture, Head::Gap, {1, 28, 28}, 10}, 4);
    QVERIFY(other.logits(testImage()) != model.logits(testImage()));
  }

  void soundCheckpointKeepsItsModalityAndNoPatch() {
    // A sound trigger is rebuilt from the spec: the file stores no patch, and
    // the modality it records is the spec's.
    QTemporaryDir dir;
    const auto path = pathIn(dir, "sound.pt");
    const ImageModel model({Architecture::Lecture, Head::Gap, {1, 28, 28}, 10}, 3);
    auto info = infoFor(model);
    info.spec = presetSpec("lecture-sound");
    info.trigger.reset();
    saveCheckpoint(model, info, path);
    QCOMPARE(checkpointModality(path), std::string("sound"));
    const auto loaded = loadCheckpoint(path);
    QVERIFY(!loaded.info.trigger.has_value());
    QVERIFY(loaded.info.spec.modality == Modality::Sound);
    QCOMPARE(loaded.model.logits(testImage()), model.logits(testImage()));
  }

  void checkpointOfAnotherModelIsRejected_data() {
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("other head") << "\"head\": \"gap\"" << "\"head\": \"fc\"" << "has shape";
    QTest::newRow("other architecture") << "\"architecture\": \"lecture\"" << "\"architecture\": \"strip\"" << "tensor";
    QTest::newRow("other class count") << "\"classes\": 10" << "\"classes\": 5" << "has shape";
    QTest::newRow("future format") << "\"format_version\": 1" << "\"format_version\": 9" << "format version 9";
    QTest::newRow("broken json") << "\"format\"" << "\"format" << "not valid JSON";
  }
  void checkpointOfAnotherModelIsRejected() {
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, fragment);
    QTemporaryDir dir;
    const auto path = pathIn(dir, "model.pt");
    const ImageModel model({Architecture::Lecture, Head::Gap, {1, 28, 28}, 10}, 3);
    saveCheckpoint(model, infoFor(model), path);
    replaceInFile(path + ".json", from.toStdString(), to.toStdString());
    QVERIFY(throwsErrorContaining([&] { loadCheckpoint(path); }, {"model.pt", fragment.toStdString()}));
  }

  void corruptOrMissingFilesAreReported() {
    QTemporaryDir dir;
    const auto path = pathIn(dir, "model.pt");
    QVERIFY(throwsErrorContaining([&] { loadCheckpoint(path); }, {path + ".json", "cannot open"}));
    const ImageModel model({Architecture::Lecture, Head::Fc, {1, 28, 28}, 10}, 3);
    saveCheckpoint(model, infoFor(model), path);
    const std::string sidecar = readWholeFile(path + ".json");
    writeFileAtomically(path, "this is not a zip archive");
    QVERIFY(throwsErrorContaining([&] { loadCheckpoint(path); }, {path, "do not match the checksum"}));
    // With the checksum dropped (an older checkpoint), the archive itself is refused.
    auto older = nlohmann::json::parse(sidecar);
    older.erase("archive_crc32");
    writeFileAtomically(path + ".json", older.dump());
    QVERIFY(throwsErrorContaining([&] { loadCheckpoint(path); }, {path, "not a readable LibTorch archive"}));
  }

  void textCheckpointKeepsTheVocabulary() {
    QTemporaryDir dir;
    const auto path = pathIn(dir, "text.pt");
    const auto vocabulary = Vocabulary::build({{"good", "film", "bad", "end", "good"}}, 10);
    const TextModel model({Architecture::Conv1d, Head::Gap, vocabulary.size(), 16}, 3);
    TextCheckpointInfo info;
    info.spec = presetSpec("lecture-text");
    info.model = model.config();
    info.vocabulary = vocabulary;
    info.trainPosition = "split";
    saveTextCheckpoint(model, info, path);
    QCOMPARE(checkpointModality(path), std::string("text"));
    const auto loaded = loadTextCheckpoint(path);
    QCOMPARE(loaded.info.vocabulary.tokens(), vocabulary.tokens());
    QCOMPARE(loaded.info.trainPosition, std::string("split"));
    const auto ids = vocabulary.encode({"good", "film", "oops", "end"}, 16);
    QCOMPARE(loaded.info.vocabulary.encode({"good", "film", "oops", "end"}, 16), ids);
    QCOMPARE(loaded.model.logit(ids), model.logit(ids));
    QVERIFY(throwsErrorContaining([&] { loadCheckpoint(path); }, {"text.pt.json", "not a convolutional network's checkpoint"}));
    QVERIFY(throwsErrorContaining([&] { loadTextCheckpoint(pathIn(dir, "none.pt")); }, {"none.pt.json", "cannot open"}));
  }

  void savingLeavesNoTemporaryFiles() {
    QTemporaryDir dir;
    const ImageModel model({Architecture::Lecture, Head::Fc, {1, 28, 28}, 10}, 3);
    saveCheckpoint(model, infoFor(model), pathIn(dir, "model.pt"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), (QStringList{"model.pt", "model.pt.json"}));
  }
};

QTEST_APPLESS_MAIN(TestCheckpoint)
#include "tst_checkpoint.moc"
