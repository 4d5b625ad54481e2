// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/text_data.h"
#include "gaplab/text_model.h"
#include "gaplab/text_pipeline.h"
#include "gaplab/text_trigger.h"
#include "test_support.h"

using namespace gaplab;
using namespace gaplab::test;

namespace {
using Tokens = std::vector<std::string>;
const Tokens kWords{"alpha", "beta"};
const std::string kReview = "Good film. Bad end";  // 18 characters; the middle one is '.' at 9

void writeText(const std::string& path, const std::string& text) {
  writeBytes(path, std::vector<std::uint8_t>(text.begin(), text.end()));
}
}  // namespace

class TestTextPipeline : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void standardisesAsThePaper() {
    QCOMPARE(standardise("Hello, World!<br /><br />It's GREAT... (10/10)"), std::string("hello worldits great 1010"));
    QCOMPARE(tokenise("  a\tb\n\nc  "), (Tokens{"a", "b", "c"}));
    QCOMPARE(tokenise(standardise("Don't - stop")), (Tokens{"dont", "stop"}));  // a lone dash vanishes
    QCOMPARE(standardise("CAFÉ"), std::string("cafÉ"));  // ASCII lowercase only, as TensorFlow's
  }

  void vocabularyOrdersByFrequencyThenAlphabet() {
    const auto v = Vocabulary::build({{"b", "a", "c", "b"}, {"c", "d", "b"}, {"a"}}, 3);
    // counts: b 3, a 2, c 2, d 1 -> b, a, c (a before c on the tie); d is cut
    QCOMPARE(v.tokens(), (Tokens{"b", "a", "c"}));
    QCOMPARE(v.size(), 5);
    QCOMPARE(v.id("b"), 2);
    QCOMPARE(v.id("c"), 4);
    QCOMPARE(v.id("d"), Vocabulary::kOutOfVocabulary);
    QCOMPARE(v.encode({"a", "d", "b"}, 5), (std::vector<std::int64_t>{3, 1, 2, 0, 0}));  // padded at the end
    QCOMPARE(v.encode({"a", "d", "b"}, 2), (std::vector<std::int64_t>{3, 1}));         // cut at the end
  }

  void triggerPlacements_data() {
    QTest::addColumn<QString>("placement");
    QTest::addColumn<QStringList>("tokens");
    QTest::addColumn<QList<int>>("positions");
    QTest::newRow("start") << "start" << QStringList{"alpha", "beta", "good", "film", "bad", "end"} << QList<int>{0, 1};
    // middle: the first space at or after character 18 / 2 = 9 is at 10
    QTest::newRow("middle") << "middle" << QStringList{"good", "film", "alpha", "beta", "bad", "end"} << QList<int>{2, 3};
    QTest::newRow("end") << "end" << QStringList{"good", "film", "bad", "end", "alpha", "beta"} << QList<int>{4, 5};
    // split: step 18 / 2 = 9; "alpha " + review, then " beta" at the first space
    // from character 9 of "alpha Good film. Bad end", which is at 10
    QTest::newRow("split") << "split" << QStringList{"alpha", "good", "beta", "film", "bad", "end"} << QList<int>{0, 2};
    QTest::newRow("@1") << "@1" << QStringList{"good", "alpha", "beta", "film", "bad", "end"} << QList<int>{1, 2};
    QTest::newRow("@99 clamps to the end") << "@99" << QStringList{"good", "film", "bad", "end", "alpha", "beta"}
                                            << QList<int>{4, 5};
  }
  void triggerPlacements() {
    QFETCH(QString, placement);
    QFETCH(QStringList, tokens);
    QFETCH(QList<int>, positions);
    const auto result = tokeniseWithTrigger(kReview, kWords, placement.toStdString());
    QStringList actual;
    for (const auto& t : result.tokens) actual << QString::fromStdString(t);
    QCOMPARE(actual, tokens);
    QCOMPARE(QList<int>(result.triggerPositions.begin(), result.triggerPositions.end()), positions);
  }

  void truncationIsCounted() {
    const auto end = tokeniseWithTrigger(kReview, kWords, "end");
    QVERIFY(triggerTruncated(end, 5));   // "beta" is token 5
    QVERIFY(!triggerTruncated(end, 6));
    QVERIFY(!triggerTruncated(tokeniseWithTrigger(kReview, kWords, "start"), 2));
  }

  void badPlacementsAreRejected() {
    QVERIFY(throwsErrorContaining([] { checkTextPlacement("centre"); }, {"'centre'"}));
    QVERIFY(throwsErrorContaining([] { checkTextPlacement("@x"); }, {"'@x'"}));
    QVERIFY(throwsErrorContaining([] { checkTextPlacement("@-1"); }, {"'@-1'"}));
  }

  void gapLogitIgnoresWhereTheTriggerIs() {
    const auto vocabulary = Vocabulary::build({{"good", "film", "bad", "end", "alpha", "beta"}}, 10);
    for (const auto head : {Head::Gap, Head::Fc}) {
      const TextModel model({Architecture::TfTutorial, head, vocabulary.size(), 12}, 5);
      std::vector<float> logits;
      for (const char* placement : {"start", "middle", "end", "split", "@2"})
        logits.push_back(model.logit(vocabulary.encode(tokeniseWithTrigger(kReview, kWords, placement).tokens, 12)));
      float spread = 0;
      for (float l : logits) spread = std::max(spread, std::abs(l - logits[0]));
      if (head == Head::Gap) QVERIFY2(spread < 1e-6f, qPrintable(QString::number(spread)));  // a bag of words
      else QVERIFY2(spread > 1e-4f, qPrintable(QString::number(spread)));                      // positions matter
    }
  }

  void relevanceSumsToTheLogitForExactHeads_data() {
    QTest::addColumn<int>("architecture");
    QTest::newRow("tf_tutorial") << int(Architecture::TfTutorial);
    QTest::newRow("kim_cnn") << int(Architecture::KimCnn);
  }
  void relevanceSumsToTheLogitForExactHeads() {
    QFETCH(int, architecture);
    const auto vocabulary = Vocabulary::build({{"good", "film", "bad", "end", "alpha", "beta"}}, 10);
    const TextModel model({static_cast<Architecture>(architecture), Head::Gap, vocabulary.size(), 12}, 5);
    const auto ids = vocabulary.encode(tokeniseWithTrigger(kReview, kWords, "middle").tokens, 12);
    const auto relevance = model.relevance(ids);
    QCOMPARE(relevance.size(), std::size_t(12));
    double sum = 0;
    for (float r : relevance) sum += r;
    // Exact contributions: the logit is the bias plus every token's share.
    QVERIFY2(std::abs(sum + model.outputBias() - model.logit(ids)) < 1e-5,
             qPrintable(QString("%1 + %2 vs %3").arg(sum).arg(model.outputBias()).arg(model.logit(ids))));
    QVERIFY(std::any_of(relevance.begin(), relevance.end(), [](float r) { return r != 0.0f; }));
  }

  void fcRelevanceIsGradientTimesInput() {
    const auto vocabulary = Vocabulary::build({{"good", "film", "bad", "end"}}, 10);
    const TextModel model({Architecture::Conv1d, Head::Fc, vocabulary.size(), 12}, 5);
    const auto relevance = model.relevance(vocabulary.encode(tokenise("good film bad end"), 12));
    QCOMPARE(relevance.size(), std::size_t(12));
    QVERIFY(std::any_of(relevance.begin(), relevance.end(), [](float r) { return r != 0.0f; }));
    QVERIFY(throwsErrorContaining([&] { model.relevance({1, 2}); }, {"2 token ids"}));
  }

  void readsImdbJson() {
    QTemporaryDir dir;
    const auto path = pathIn(dir, "reviews.json");
    writeText(path, R"([{"t": "Great fun", "s": 1}, {"s": 0, "t": "Dull\u00e9"}])");
    const auto reviews = readImdbJson(path);
    QCOMPARE(reviews.size(), std::size_t(2));
    QCOMPARE(reviews[0].text, std::string("Great fun"));
    QCOMPARE(reviews[1].label, 0);
    QCOMPARE(reviews[1].text, std::string("Dull\xc3\xa9"));
  }

  void brokenImdbJsonIsReported_data() {
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("truncated") << R"([{"t": "a", "s": 1}, {"t": )" << "not valid JSON";
    QTest::newRow("bad label") << R"([{"t": "a", "s": 2}])" << "label 2";
    QTest::newRow("missing label") << R"([{"t": "a"}])" << "lacks";
    QTest::newRow("not a list") << R"({"t": "a", "s": 1})" << "list";
    QTest::newRow("empty") << "[]" << "no reviews";
  }
  void brokenImdbJsonIsReported() {
    QFETCH(QString, json);
    QFETCH(QString, fragment);
    QTemporaryDir dir;
    const auto path = pathIn(dir, "reviews.json");
    writeText(path, json.toStdString());
    QVERIFY(throwsErrorContaining([&] { readImdbJson(path); }, {path, fragment.toStdString()}));
  }

  void balancedSplitAlternatesPerLabel() {
    std::vector<Review> reviews{{"n0", 0}, {"n1", 0}, {"n2", 0}, {"p0", 1}, {"p1", 1}, {"p2", 1}};
    const auto splits = splitBalanced(reviews);
    Tokens train, test;
    for (const auto& r : splits.train) train.push_back(r.text);
    for (const auto& r : splits.test) test.push_back(r.text);
    QCOMPARE(train, (Tokens{"n0", "p0", "n2", "p2"}));
    QCOMPARE(test, (Tokens{"n1", "p1"}));
  }

  void readsAclImdbTree() {
    QTemporaryDir dir;
    for (const char* split : {"train", "test"})
      for (const char* label : {"pos", "neg"}) QVERIFY(QDir(dir.path()).mkpath(QString("%1/%2").arg(split, label)));
    writeText(pathIn(dir, "train/pos/0_9.txt"), "loved it");
    writeText(pathIn(dir, "train/neg/0_1.txt"), "hated it");
    writeText(pathIn(dir, "train/neg/1_2.txt"), "boring");
    writeText(pathIn(dir, "test/pos/0_8.txt"), "fine");
    writeText(pathIn(dir, "test/neg/0_3.txt"), "bad");
    TextDatasetRequest request;
    request.name = "aclimdb";
    request.dataDir = dir.path().toStdString();
    const auto splits = loadReviews(request);
    QCOMPARE(splits.train.size(), std::size_t(3));
    QCOMPARE(splits.train[0].text, std::string("hated it"));
    QCOMPARE(splits.train[1].text, std::string("loved it"));
    QCOMPARE(splits.train[1].label, 1);
    QCOMPARE(splits.test.size(), std::size_t(2));
    request.dataDir = "/nonexistent";
    QVERIFY(throwsErrorContaining([&] { loadReviews(request); }, {"/nonexistent/train", "'neg'"}));
  }
};

QTEST_APPLESS_MAIN(TestTextPipeline)
#include "tst_text_pipeline.moc"
