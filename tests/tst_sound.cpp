// SPDX-License-Identifier: GPL-3.0-or-later
#include <QDir>
#include <QFile>

#include <cmath>

#include "gaplab/audio.h"
#include "gaplab/sound_data.h"
#include "gaplab/sound_features.h"
#include "gaplab/sound_trigger.h"
#include "test_support.h"

using namespace gaplab;
using namespace gaplab::test;

namespace {

std::vector<float> tone(double frequency, int rate, int length, float amplitude = 0.5f) {
  std::vector<float> samples(static_cast<std::size_t>(length));
  for (int t = 0; t < length; ++t)
    samples[static_cast<std::size_t>(t)] = amplitude * static_cast<float>(std::sin(2 * M_PI * frequency * t / rate));
  return samples;
}

float peak(const std::vector<float>& samples, std::size_t from, std::size_t to) {
  float best = 0;
  for (std::size_t i = from; i < to; ++i) best = std::max(best, std::abs(samples[i]));
  return best;
}

void writeClip(const QTemporaryDir& dir, const QString& relative, double seconds = 0.3, int rate = 8000) {
  QDir(dir.path()).mkpath(QFileInfo(dir.filePath(relative)).path());
  writeWav(dir.filePath(relative).toStdString(), tone(440, rate, static_cast<int>(seconds * rate)), rate);
}

}  // namespace

class TestSound : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void loaderResamplesPadsAndCuts() {
    QTemporaryDir dir;
    const auto path = pathIn(dir, "half.wav");
    writeWav(path, tone(440, 8000, 4000), 8000);  // 0.5 s at 8 kHz
    const auto audio = readAudio(path);
    QCOMPARE(audio.rate, 8000);
    QCOMPARE(audio.samples.size(), std::size_t(4000));
    const auto upsampled = resample(audio.samples, 8000, 16000);
    QVERIFY(std::abs(static_cast<int>(upsampled.size()) - 8000) <= 2);
    const auto end = loadClip(path, 16000, 16000, Padding::End);
    QCOMPARE(end.size(), std::size_t(16000));
    QVERIFY(peak(end, 2000, 2100) > 0.4f);  // the tone (amplitude 0.5) is there
    QCOMPARE(peak(end, 8100, 16000), 0.0f);  // zeros after it
    const auto centre = loadClip(path, 16000, 16000, Padding::Centre);
    QCOMPARE(peak(centre, 0, 3900), 0.0f);       // zeros before
    QCOMPARE(peak(centre, 12100, 16000), 0.0f);  // and after
    QVERIFY(peak(centre, 8000, 8100) > 0.4f);
    const auto cut = fitLength(std::vector<float>(100, 1.0f), 40, Padding::End);
    QCOMPARE(cut, std::vector<float>(40, 1.0f));
  }

  void corruptAudioNamesTheFile() {
    QTemporaryDir dir;
    const auto path = pathIn(dir, "broken.wav");
    writeBytes(path, {'R', 'I', 'F', 'F', 0x24, 0, 0, 0, 'W', 'A', 'V', 'E', 'f', 'm', 't'});
    QVERIFY(throwsErrorContaining([&] { readAudio(path); }, {path}));
    QVERIFY(throwsErrorContaining([&] { readAudio(pathIn(dir, "none.wav")); }, {"none.wav"}));
  }

  void mfccShapeFollowsTheFormula() {
    const FeatureConfig config;  // 16 kHz, window 400, hop 160, 40 MFCCs
    QCOMPARE(featureFrames(config, 16000), 101);
    const auto features = extractFeatures({tone(440, 16000, 16000), std::vector<float>(16000, 0.0f)}, {0, 1},
                                          {"a", "b"}, config);
    QCOMPARE(features.size(), 2);
    QCOMPARE(features.shape().channels, 1);
    QCOMPARE(features.shape().height, 101);
    QCOMPARE(features.shape().width, 40);
  }

  // A clip's features are the same bits at every row of every batch: batched
  // elementwise kernels round their vector loops' tails differently, and a
  // matrix product over a batch rounds its edge blocks differently, so a
  // batch must never decide a clip's numbers (MFCC and log-mel alike).
  void featuresDoNotDependOnTheBatch_data() {
    QTest::addColumn<QString>("kind");
    QTest::newRow("mfcc") << "mfcc";
    QTest::newRow("logmel") << "logmel";
  }
  void featuresDoNotDependOnTheBatch() {
    QFETCH(QString, kind);
    FeatureConfig config;
    config.kind = kind.toStdString();
    const int length = config.rate;  // one second
    std::vector<float> clip = tone(700, config.rate, length, 0.3f);
    for (int t = 0; t < length; ++t) clip[static_cast<std::size_t>(t)] += 0.05f * std::sin(0.37f * t * t / length);
    const auto alone = extractFeatures({clip}, {0}, {"a"}, config).image(0);
    for (const int batch : {2, 3, 5, 8, 17, 64}) {
      std::vector<std::vector<float>> clips;
      std::vector<int> labels;
      for (int row = 0; row < batch; ++row) {
        // Other clips around it, the clip itself at every third row and the last.
        clips.push_back(row % 3 == 0 || row == batch - 1 ? clip : tone(200.0 + 37 * row, config.rate, length));
        labels.push_back(0);
      }
      const auto features = extractFeatures(clips, labels, {"a"}, config);
      for (int row = 0; row < batch; ++row)
        if (row % 3 == 0 || row == batch - 1)
          QVERIFY2(features.image(row) == alone, qPrintable(QString("batch %1, row %2").arg(batch).arg(row)));
    }
  }

  void pureToneLandsInTheRightMelBand_data() {
    QTest::addColumn<double>("frequency");
    QTest::newRow("300 Hz") << 300.0;
    QTest::newRow("1 kHz") << 1000.0;
    QTest::newRow("4 kHz") << 4000.0;
  }
  void pureToneLandsInTheRightMelBand() {
    QFETCH(double, frequency);
    FeatureConfig config;
    config.kind = "logmel";
    config.nMels = 40;
    const auto features = extractFeatures({tone(frequency, 16000, 16000)}, {0}, {"a"}, config);
    const auto centres = melCentreFrequencies(config);
    const auto image = features.image(0);
    const auto row = image.begin() + 50 * 40;  // a frame in the middle of the clip
    const auto band = static_cast<std::size_t>(std::max_element(row, row + 40) - row);
    // The loudest band is the one whose centre is nearest the tone, or its neighbour.
    std::size_t nearest = 0;
    for (std::size_t m = 0; m < centres.size(); ++m)
      if (std::abs(centres[m] - frequency) < std::abs(centres[nearest] - frequency)) nearest = m;
    QVERIFY2(band + 1 >= nearest && band <= nearest + 1,
             qPrintable(QString("band %1 (%2 Hz), expected %3 (%4 Hz)").arg(band).arg(centres[band]).arg(nearest).arg(centres[nearest])));
  }

  void triggerRangesFollowTheAuthors_data() {
    QTest::addColumn<QString>("placement");
    QTest::addColumn<int>("points");
    QTest::addColumn<QList<int>>("expected");  // start, length, start, length, ...
    QTest::newRow("start") << "start" << 2400 << QList<int>{0, 2400};
    QTest::newRow("middle") << "middle" << 2400 << QList<int>{6800, 2400};
    QTest::newRow("middle, odd length") << "middle" << 2401 << QList<int>{6801, 2399};
    QTest::newRow("end") << "end" << 2400 << QList<int>{13600, 2400};
    QTest::newRow("split") << "split" << 2400 << QList<int>{0, 480, 3200, 480, 6400, 480, 9600, 480, 12800, 480};
    QTest::newRow("onset") << "@0.25" << 2400 << QList<int>{4000, 2400};
  }
  void triggerRangesFollowTheAuthors() {
    QFETCH(QString, placement);
    QFETCH(int, points);
    QFETCH(QList<int>, expected);
    QList<int> actual;
    for (const auto& r : triggerRanges(placement.toStdString(), 16000, points, 16000)) actual << r.start << r.length;
    QCOMPARE(actual, expected);
  }

  void badPlacementsAreRejected() {
    QVERIFY(throwsErrorContaining([] { triggerRanges("@0.95", 16000, 2400, 16000); }, {"0.95", "does not fit"}));
    QVERIFY(throwsErrorContaining([] { checkSoundPlacement("late"); }, {"'late'"}));
    SoundTriggerSpec spec;
    spec.duration = 2;
    QVERIFY(throwsErrorContaining([&] { SoundTrigger(spec, 16000, 16000); }, {"longer than the clip"}));
    spec.duration = 0.1;
    spec.frequency = 9000;
    QVERIFY(throwsErrorContaining([&] { SoundTrigger(spec, 16000, 16000); }, {"Nyquist"}));
  }

  void toneKeepsOneContinuousPhase() {
    const SoundTriggerSpec spec;  // near-Nyquist tone, -10 dB, 0.15 s
    const SoundTrigger trigger(spec, 16000, 16000);
    const auto signal = trigger.signal("middle");
    const double amplitude = std::pow(10.0, -10.0 / 20.0), frequency = 0.95 * 8000;
    QCOMPARE(signal[6799], 0.0f);
    QCOMPARE(signal[9200], 0.0f);
    for (int t : {6800, 7000, 9199})
      QVERIFY(std::abs(signal[static_cast<std::size_t>(t)] - amplitude * std::sin(2 * M_PI * frequency * t / 16000)) < 1e-5);
    std::vector<float> clip(16000, 0.25f);
    trigger.addTo(clip, "start");
    QCOMPARE(clip[5000], 0.25f);
    QVERIFY(std::abs(clip[1] - 0.25f - static_cast<float>(amplitude * std::sin(2 * M_PI * frequency / 16000))) < 1e-6f);
  }

  void paintedTriggersGoToTheirFrameAndBin() {
    // A 10-frame x 6-bin painted trigger on 101 x 40 MFCC images, first bin 30, 100 frames per second.
    QCOMPARE(toString(paintedPosition("start", 101, 40, 10, 6, 30, 100.0)), std::string("30:0"));
    QCOMPARE(toString(paintedPosition("middle", 101, 40, 10, 6, 30, 100.0)), std::string("30:45"));
    QCOMPARE(toString(paintedPosition("end", 101, 40, 10, 6, 30, 100.0)), std::string("30:91"));
    QCOMPARE(toString(paintedPosition("@0.25", 101, 40, 10, 6, 30, 100.0)), std::string("30:25"));
    QVERIFY(throwsErrorContaining([] { paintedPosition("split", 101, 40, 10, 6, 30, 100.0); }, {"'split'"}));
    QVERIFY(throwsErrorContaining([] { paintedPosition("start", 101, 40, 10, 6, 36, 100.0); }, {"does not fit"}));
    SoundTriggerSpec spec;
    spec.kind = "painted";
    const SoundTrigger painted(spec, 16000, 16000);
    QVERIFY(painted.painted());
    QVERIFY(throwsErrorContaining([&] { painted.signal("start"); }, {"features"}));
  }

  void fsddSplitsByTakeOrSpeaker() {
    QTemporaryDir dir;
    for (const char* speaker : {"ann", "bob"})
      for (int digit : {0, 2})
        for (int take : {0, 7}) writeClip(dir, QString("%1_%2_%3.wav").arg(digit).arg(speaker).arg(take));
    SoundDatasetRequest request;
    request.dataDir = dir.path().toStdString();
    request.validationFraction = 0.25;
    auto splits = loadSoundDataset(request);
    QCOMPARE(splits.test.size(), std::size_t(4));  // takes 0
    QCOMPARE(splits.train.size() + splits.validation.size(), std::size_t(4));
    QCOMPARE(splits.validation.size(), std::size_t(1));
    QCOMPARE(splits.test.front().size(), std::size_t(16000));
    request.split = "speaker:bob";
    splits = loadSoundDataset(request);
    QCOMPARE(splits.test.size(), std::size_t(4));
    request.split = "speaker:eve";
    QVERIFY(throwsErrorContaining([&] { loadSoundDataset(request); }, {"no test clips"}));
  }

  void speechCommandsHonoursItsLists() {
    QTemporaryDir dir;
    for (const char* word : {"yes", "no"})
      for (int i = 0; i < 3; ++i) writeClip(dir, QString("%1/%2.wav").arg(word).arg(i));
    writeClip(dir, "_background_noise_/noise.wav", 2.0);
    QFile list(dir.filePath("testing_list.txt"));
    QVERIFY(list.open(QIODevice::WriteOnly));
    list.write("yes/0.wav\nno/2.wav\n");
    list.close();
    SoundDatasetRequest request;
    request.name = "speech-commands";
    request.dataDir = dir.path().toStdString();
    const auto splits = loadSoundDataset(request);
    QCOMPARE(splits.classNames, (std::vector<std::string>{"no", "yes"}));
    QCOMPARE(splits.test.size(), std::size_t(2));
    QCOMPARE(splits.train.size() + splits.validation.size(), std::size_t(4));  // the noise folder is skipped
    request.words = {"maybe"};
    QVERIFY(throwsErrorContaining([&] { loadSoundDataset(request); }, {"'maybe'"}));
  }

  void espeakKeywordsAreGeneratedOnceAndReused() {
    QTemporaryDir cache;
    KeywordSynthesis synthesis;
    synthesis.words = {"yes", "no"};
    synthesis.voices = {"en", "en+f2"};
    synthesis.speeds = {160};
    synthesis.pitches = {50};
    int reported = 0;
    const auto folder = synthesiseKeywords(synthesis, cache.path().toStdString(), [&](int, int) { ++reported; });
    QCOMPARE(reported, 4);
    const auto clip = QString::fromStdString(folder) + "/yes/en_160_50.wav";
    QVERIFY(readAudio(clip.toStdString()).samples.size() > 1000);
    QVERIFY(QFile::exists(QString::fromStdString(folder) + "/manifest.json"));
    // A second call reuses the set: it neither regenerates nor reports progress.
    QFile marker(clip);
    QVERIFY(marker.open(QIODevice::WriteOnly));
    marker.write("marker");
    marker.close();
    reported = 0;
    QCOMPARE(synthesiseKeywords(synthesis, cache.path().toStdString(), [&](int, int) { ++reported; }), folder);
    QCOMPARE(reported, 0);
    QFile again(clip);
    QVERIFY(again.open(QIODevice::ReadOnly));
    QCOMPARE(again.readAll(), QByteArray("marker"));
    QVERIFY(throwsErrorContaining([&] {
      synthesis.words = {"rm -rf"};
      synthesiseKeywords(synthesis, cache.path().toStdString());
    }, {"'rm -rf'"}));
  }
};

QTEST_GUILESS_MAIN(TestSound)
#include "tst_sound.moc"
