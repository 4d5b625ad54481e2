// SPDX-License-Identifier: GPL-3.0-or-later
// The poison budget: levels, jobs and summaries by hand; where the random
// regimes put their poison (exact stamped pixels, onsets, insertion
// indices); and a small real sweep in which random positions buy the FC
// model a backdoor at more positions than a fixed one.
#include <cmath>
#include <set>

#include "gaplab/budget.h"
#include "gaplab/error.h"
#include "gaplab/experiment.h"
#include "gaplab/poisoning.h"
#include "gaplab/sound_protocol.h"
#include "gaplab/text_protocol.h"
#include "gaplab/text_trigger.h"
#include "rng.h"
#include "test_support.h"

using namespace gaplab;

namespace {

ImageSet blankImages(int count) {
  const ImageShape shape{1, 28, 28};
  std::vector<int> labels;
  for (int i = 0; i < count; ++i) labels.push_back(i % 10);
  return ImageSet::fromBuffer(shape, std::vector<float>(static_cast<std::size_t>(count * shape.pixels()), 0.0f), labels,
                              {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"});
}

// Pixel (x, y) of image `i`.
float pixel(const ImageSet& set, int i, int x, int y) { return set.image(i)[static_cast<std::size_t>(y * 28 + x)]; }

// The image is zero everywhere but the 8x8 square at `at`, which holds `pattern`.
bool stampedExactly(const ImageSet& set, int i, Position at, const std::vector<float>& pattern) {
  for (int y = 0; y < 28; ++y)
    for (int x = 0; x < 28; ++x) {
      const bool inside = x >= at.x && x < at.x + 8 && y >= at.y && y < at.y + 8;
      const float expected = inside ? pattern[static_cast<std::size_t>((y - at.y) * 8 + (x - at.x))] : 0.0f;
      if (pixel(set, i, x, y) != expected) return false;
    }
  return true;
}

ExperimentSpec smallImageSpec() {
  auto spec = presetSpec("lecture-image");
  spec.heads = {Head::Fc};
  spec.trainPositions = {"lower-right"};
  spec.testPositions = {"lower-right"};
  spec.limitTrain = 1500;
  spec.limitTest = 200;
  spec.training.epochs = 1;
  spec.training.threads = 2;
  return spec;
}

}  // namespace

class TestBudget : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void levelsParseAsCountsOrPercentages() {
    QCOMPARE(poisonCountOf(parsePoisonLevel("128"), 6400), 128);
    QCOMPARE(poisonCountOf(parsePoisonLevel("2%"), 6400), 128);
    QCOMPARE(poisonCountOf(parsePoisonLevel("0.5%"), 6400), 32);
    QCOMPARE(poisonCountOf(parsePoisonLevel("0.01%"), 6400), 1);  // 0.64, rounded
    QCOMPARE(parsePoisonLevel("2%").text(), std::string("2%"));
    QCOMPARE(parsePoisonLevel("160").text(), std::string("160"));
    for (const char* bad : {"", "%", "-1", "1.5", "2%%", "101%", "abc", "3x"})
      QVERIFY_THROWS_EXCEPTION(Error, parsePoisonLevel(bad));
    QVERIFY_THROWS_EXCEPTION(Error, poisonCountOf(parsePoisonLevel("6401"), 6400));
    QVERIFY(poisonRegimeFromString("random-pattern") == PoisonRegime::RandomPattern);
    QVERIFY_THROWS_EXCEPTION(Error, poisonRegimeFromString("salem"));
  }

  // A percentage and the count it comes to poison the very same inputs.
  void percentagesAndCountsPoisonTheSameSet() {
    const auto train = blankImages(200);
    TriggerSpec spec;
    const auto trigger = makeTrigger(spec, 1);
    PoisonConfig byCount, byPercent;
    byCount.count = poisonCountOf(parsePoisonLevel("10"), train.size());
    byPercent.count = poisonCountOf(parsePoisonLevel("5%"), train.size());
    for (auto* config : {&byCount, &byPercent}) {
      config->selection = PoisonSelection::RandomExcludingTarget;
      config->position = kRandomPosition;
      config->seed = 9;
    }
    const auto a = poison(train, trigger, byCount), b = poison(train, trigger, byPercent);
    QCOMPARE(a.indices, b.indices);
    QCOMPARE(a.images.pixels(), b.images.pixels());
  }

  void jobsCoverHeadsRegimesLevelsAndReps() {
    BudgetPlan plan;
    plan.spec = presetSpec("lecture-image");
    plan.spec.reps = 3;
    plan.levels = {parsePoisonLevel("1%"), parsePoisonLevel("2%"), parsePoisonLevel("320"), parsePoisonLevel("8%")};
    plan.regimes = {PoisonRegime::Fixed, PoisonRegime::Random, PoisonRegime::RandomPattern};
    const auto jobs = budgetJobs(plan);
    QCOMPARE(int(jobs.size()), 2 * 3 * 4 * 3);
    for (std::size_t i = 0; i < jobs.size(); ++i) QCOMPARE(jobs[i].index, int(i));
    QCOMPARE(jobs[1].rep, 1);
    QCOMPARE(jobs[3].level.text(), std::string("2%"));
    QVERIFY(jobs[12].regime == PoisonRegime::Random);
    QVERIFY(jobs[36].head == Head::Gap);
    QCOMPARE(regimePlacement(PoisonRegime::Fixed, plan.spec), std::string("upper-left"));
    plan.stride = 0;
    QVERIFY_THROWS_EXCEPTION(Error, plan.validate());
  }

  // By hand: sorted {0.1, 0.2, 0.5, 0.9, 0.95, 1.0}; the 10th percentile sits
  // at rank 0.5, half way from 0.1 to 0.2; three of six reach 0.9.
  void positionSummaryByHand() {
    BudgetRow row;
    summarisePositions({0.95, 0.1, 0.5, 0.9, 1.0, 0.2}, row);
    QCOMPARE(row.positions, 6);
    QVERIFY(std::abs(row.asrMean - 3.65 / 6) < 1e-12);
    QCOMPARE(row.asrMin, 0.1);
    QVERIFY(std::abs(row.asrP10 - 0.15) < 1e-12);
    QCOMPARE(row.coverage90, 0.5);
  }

  // Coverage 0.8 at 2% and 1.0 at 4%: 0.9 is half way on the log axis, at sqrt(2 x 4) %.
  void thresholdInterpolatesOnLogPoison() {
    const auto reached = budgetThreshold({0.5, 1, 2, 4}, {0.1, 0.5, 0.8, 1.0});
    QVERIFY(reached);
    QVERIFY(std::abs(*reached - std::sqrt(8.0)) < 1e-9);
    QCOMPARE(*budgetThreshold({1, 2}, {0.95, 1.0}), 1.0);
    QVERIFY(!budgetThreshold({1, 2}, {0.1, 0.2}));
  }

  // The authors' filter drops runs at or below 1.2 / classes (0.12 for ten) and says how many.
  void failedRunsAreDroppedAndCounted() {
    std::vector<BudgetRow> rows(3);
    for (auto& r : rows) {
      r.head = "gap";
      r.regime = "fixed";
      r.nPoison = 64;
    }
    rows[0].cleanAccuracy = 0.85, rows[0].coverage90 = 0.5;
    rows[1].cleanAccuracy = 0.12, rows[1].coverage90 = 0.0;  // a failed run
    rows[2].cleanAccuracy = 0.80, rows[2].coverage90 = 0.7;
    const auto all = budgetCells(rows);
    QCOMPARE(all[0].runs, 3);
    const auto kept = budgetCells(rows, {true, 10});
    QCOMPARE(kept[0].runs, 2);
    QCOMPARE(kept[0].dropped, 1);
    QVERIFY(std::abs(kept[0].coverage90.mean - 0.6) < 1e-12);
    const auto summary = budgetSummaryJson(rows, presetSpec("lecture-image"), {true, 10});
    QVERIFY(summary.find("\"dropped\": 1") != std::string::npos);
  }

  // random: each poisoned image carries the trigger, exactly, at its own
  // position inside the image; random-pattern: the same positions, each with
  // a fresh pattern of U[0,1) values; fixed: every one at the named position.
  void imageRegimesStampWhereAndWhatTheySay() {
    const auto train = blankImages(60);
    TriggerSpec spec;  // 8x8, uniform [0,1) pattern
    const auto trigger = makeTrigger(spec, 1);
    PoisonConfig config;
    config.count = 30;
    config.seed = 3;
    config.position = kRandomPosition;
    const auto random = poison(train, trigger, config);
    std::set<std::pair<int, int>> distinct;
    for (std::size_t i = 0; i < random.indices.size(); ++i) {
      const auto at = random.positions[i];
      QVERIFY(at.x >= 0 && at.y >= 0 && at.x <= 20 && at.y <= 20);
      QVERIFY(stampedExactly(random.images, random.indices[i], at, trigger.pattern));
      QCOMPARE(random.images.label(random.indices[i]), config.target);
      distinct.insert({at.x, at.y});
    }
    QVERIFY2(distinct.size() >= 20, qPrintable(QString::number(distinct.size())));

    config.position = kRandomPatternPosition;
    const auto patterned = poison(train, trigger, config);
    QCOMPARE(patterned.positions.size(), random.positions.size());
    QCOMPARE(int(patterned.patterns.size()), 30);
    double sum = 0;
    int values = 0;
    for (std::size_t i = 0; i < patterned.indices.size(); ++i) {
      QCOMPARE(patterned.positions[i].x, random.positions[i].x);
      QCOMPARE(patterned.positions[i].y, random.positions[i].y);
      const auto& pattern = patterned.patterns[i];
      QVERIFY(stampedExactly(patterned.images, patterned.indices[i], patterned.positions[i], pattern));
      QVERIFY(pattern != trigger.pattern);
      if (i > 0) QVERIFY(pattern != patterned.patterns[i - 1]);
      for (const float v : pattern) {
        QVERIFY(v >= 0.0f && v < 1.0f);
        sum += v;
        ++values;
      }
    }
    QVERIFY2(std::abs(sum / values - 0.5) < 0.02, qPrintable(QString::number(sum / values)));

    config.position = "lower-right";
    const auto fixed = poison(train, trigger, config);
    for (std::size_t i = 0; i < fixed.indices.size(); ++i)
      QVERIFY(stampedExactly(fixed.images, fixed.indices[i], {20, 20}, trigger.pattern));
  }

  // The fixed regime at the spec's own count is the grid's training, bit for bit.
  void fixedRegimeIsTheGridsTraining() {
    BudgetPlan plan;
    plan.spec = smallImageSpec();
    plan.levels = {parsePoisonLevel(std::to_string(plan.spec.poisonCount))};
    plan.regimes = {PoisonRegime::Fixed};
    const auto experiment = Experiment::open(plan.spec);
    BudgetSweep sweep(plan);
    const auto jobRows = sweep.runJob(*experiment, 0, {}, {}, nullptr);
    QCOMPARE(int(jobRows.size()), 1);
    const auto& row = jobRows.front();
    const auto grid = experiment->train(Head::Fc, "lower-right", 0);
    QCOMPARE(row.cleanAccuracy, grid.record.cleanAccuracy);
    QCOMPARE(row.asrTrainPosition, grid.model->attackAt("lower-right").metrics.asr());
    QCOMPARE(row.nPoison, plan.spec.poisonCount);
    QCOMPARE(row.positions, int(grid.model->placements(plan.stride).size()));
  }

  // Sound: random onsets over every frame the tone fits at; random-pattern
  // puts the same clips at the same onsets, each with noise of its own.
  void soundRegimesPlaceAndPatternPerClip() {
    auto spec = presetSpec("lecture-sound");
    spec.limitTrain = 200;
    spec.limitTest = 50;
    const SoundProtocol experiment(spec);
    const auto plan = experiment.poisonPlan(PoisonPart::Training, kRandomPosition, 11, 60);
    QCOMPARE(int(plan.inputs.size()), 60);
    QCOMPARE(int(plan.placements.size()), 60);
    QVERIFY(plan.patternSeeds.empty());
    const double latest = spec.sound.clipSeconds - spec.sound.trigger.duration;
    std::set<std::string> onsets;
    for (const auto& placement : plan.placements) {
      const double seconds = std::stod(placement.substr(1));
      QVERIFY2(seconds >= 0 && seconds <= latest + 1e-9, placement.c_str());
      onsets.insert(placement);
    }
    QVERIFY2(onsets.size() >= 30, qPrintable(QString::number(onsets.size())));
    const auto patterned = experiment.poisonPlan(PoisonPart::Training, kRandomPatternPosition, 11, 60);
    QCOMPARE(patterned.inputs, plan.inputs);
    QCOMPARE(patterned.placements, plan.placements);
    QCOMPARE(int(patterned.patternSeeds.size()), 60);
    QVERIFY(patterned.patternSeeds[0] != patterned.patternSeeds[1]);

    const std::vector<std::vector<float>> clip(2, experiment.clips().test.front());
    const auto clean = experiment.features(clip, {0, 0});
    const std::string at = plan.placements.front();
    const auto tone = experiment.poisonedFeatures(clip, clean, {2, 2}, {{0, 1}, {at, at}, {}});
    const auto noise = experiment.poisonedFeatures(clip, clean, {2, 2}, {{0, 1}, {at, at}, {1, 2}});
    QVERIFY(tone.image(0) == tone.image(1));
    QVERIFY(noise.image(0) != noise.image(1));
    QVERIFY(noise.image(0) != tone.image(0));
    QVERIFY(tone.image(0) != clean.image(0));
  }

  // Text: a random insertion index at which the whole trigger lands in both
  // the review and the model's sequence; random-pattern inserts at the same
  // indices, each word drawn from the trigger's words.
  void textRegimesInsertAnywhereTheTriggerFits() {
    auto spec = presetSpec("lecture-text");
    spec.limitTrain = 300;  // 240 train, whatever the selection rule leaves of them
    spec.limitTest = 20;
    spec.poisonValidationCount = 0;
    const TextProtocol experiment(spec);
    const auto& words = spec.text.words;
    const auto& reviews = experiment.reviews().train;
    const auto random = experiment.poisonedTrainingSet(kRandomPosition, 4, 60);
    const auto patterned = experiment.poisonedTrainingSet(kRandomPatternPosition, 4, 60);
    const auto plan = experiment.poisonPlan(PoisonPart::Training, kRandomPosition, 4, 60);
    const auto patternPlan = experiment.poisonPlan(PoisonPart::Training, kRandomPatternPosition, 4, 60);
    QCOMPARE(random.poisoned, plan.inputs);
    QCOMPARE(patterned.poisoned, plan.inputs);
    QCOMPARE(patternPlan.placements, plan.placements);
    std::set<int> indices;
    std::set<std::vector<std::string>> patterns;
    for (std::size_t k = 0; k < plan.inputs.size(); ++k) {
      const auto review = static_cast<std::size_t>(plan.inputs[k]);
      QVERIFY(!TextProtocol::validates(review));
      const auto clean = tokeniseWithTrigger(reviews[review].text, words, "").tokens;
      const int at = std::stoi(plan.placements[k].substr(1));
      QVERIFY(at >= 0 && at <= std::min<int>(int(clean.size()), spec.text.sequenceLength - int(words.size())));
      const auto inserted = [&](const std::vector<std::string>& trigger) {
        auto tokens = clean;
        tokens.insert(tokens.begin() + at, trigger.begin(), trigger.end());
        return tokens;
      };
      QCOMPARE(random.tokens[review], inserted(words));
      const auto drawn = experiment.patternWords(patternPlan.patternSeeds[k]);
      QCOMPARE(patterned.tokens[review], inserted(drawn));
      for (const auto& word : drawn) QVERIFY(std::find(words.begin(), words.end(), word) != words.end());
      QCOMPARE(random.labels[review], spec.target);
      indices.insert(at);
      patterns.insert(drawn);
    }
    QVERIFY2(indices.size() >= 30, qPrintable(QString::number(indices.size())));
    QVERIFY2(patterns.size() >= 25, qPrintable(QString::number(patterns.size())));
  }

  // A small real sweep: poisoned at random positions, the FC model's
  // backdoor fires at more of the map's positions than poisoned at one.
  void randomPositionsSpreadTheFcBackdoor() {
    BudgetPlan plan;
    plan.spec = presetSpec("lecture-budget-image");
    plan.spec.heads = {Head::Fc};
    plan.spec.reps = 1;
    plan.levels = {parsePoisonLevel(plan.spec.budget.poison.back())};
    plan.regimes = {PoisonRegime::Fixed, PoisonRegime::Random};
    const auto experiment = Experiment::open(plan.spec);
    BudgetSweep sweep(plan);
    std::vector<BudgetRow> rows;
    runEveryJob<BudgetRow>(
        sweep, *experiment, {}, [&](const std::vector<BudgetRow>& job) { rows.insert(rows.end(), job.begin(), job.end()); },
        nullptr);
    QCOMPARE(int(rows.size()), 2);
    QCOMPARE(rows[0].regime, std::string("fixed"));
    qInfo("coverage_90: fixed %.3f, random %.3f (of %d positions); mean ASR %.3f vs %.3f", rows[0].coverage90,
          rows[1].coverage90, rows[0].positions, rows[0].asrMean, rows[1].asrMean);
    QVERIFY(rows[0].asrTrainPosition >= 0.9);
    QVERIFY(rows[1].coverage90 > rows[0].coverage90);
    QVERIFY(rows[1].asrMean > rows[0].asrMean);
  }
};

QTEST_GUILESS_MAIN(TestBudget)
#include "tst_budget.moc"
