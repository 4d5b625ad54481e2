// SPDX-License-Identifier: GPL-3.0-or-later
// "Which N inputs get the poison" means one thing in every modality: each
// modality's choice is compared with a list made here from its labels.
#include <set>

#include "gaplab/image_experiment.h"
#include "gaplab/poisoning.h"
#include "gaplab/sound_protocol.h"
#include "gaplab/text_protocol.h"
#include "poison_selection.h"
#include "rng.h"
#include "test_support.h"

using namespace gaplab;

namespace {

// The first `count` of `indices` whose label (labels[index]) passes `keep`.
template <typename Keep>
std::vector<int> firstOf(const std::vector<int>& indices, const std::vector<int>& labels, int count, Keep keep) {
  std::vector<int> chosen;
  for (const int index : indices)
    if (static_cast<int>(chosen.size()) < count && keep(labels[static_cast<std::size_t>(index)])) chosen.push_back(index);
  return chosen;
}

std::vector<int> upTo(int n) {
  std::vector<int> all(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) all[static_cast<std::size_t>(i)] = i;
  return all;
}

// A random choice: `count` ascending indices outside the target, not the first ones.
void looksRandom(const std::vector<int>& chosen, const std::vector<int>& labels, int count, int target,
                 const std::vector<int>& firstNonTarget) {
  QCOMPARE(static_cast<int>(chosen.size()), count);
  QVERIFY(std::is_sorted(chosen.begin(), chosen.end()));
  QCOMPARE(std::set<int>(chosen.begin(), chosen.end()).size(), chosen.size());
  for (const int index : chosen) QVERIFY(labels[static_cast<std::size_t>(index)] != target);
  QVERIFY(chosen != firstNonTarget);
}

// Images and sound: `chosenBy(rule)` picks among `labels` by each rule as the
// rule says ("first" ignores labels, the others skip the target's).
template <typename ChosenBy>
void followsEachRule(const std::vector<int>& labels, int target, int count, ChosenBy chosenBy) {
  const auto all = upTo(static_cast<int>(labels.size()));
  QCOMPARE(chosenBy(PoisonSelection::First), upTo(count));
  const auto firstNonTarget = firstOf(all, labels, count, [&](int label) { return label != target; });
  QVERIFY(firstNonTarget != upTo(count));  // the first ones hold the target class: the rules differ here
  QCOMPARE(chosenBy(PoisonSelection::FirstNonTarget), firstNonTarget);
  looksRandom(chosenBy(PoisonSelection::RandomExcludingTarget), labels, count, target, firstNonTarget);
}

// What the named stream `stream` of `seed` picks at random among `labels`.
// Every modality's random choice must be this one: the seed convention.
std::vector<int> drawnFrom(const std::vector<int>& labels, int target, int count, std::uint64_t seed,
                           RandomStream stream) {
  SplitMix64 rng(streamSeed(seed, stream));
  return choosePoisoned(labels, count, PoisonSelection::RandomExcludingTarget, target, rng, "inputs");
}

}  // namespace

class TestPoisonSelection : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void images() {
    auto spec = presetSpec("lecture-image");
    spec.limitTrain = 600;
    spec.limitTest = 50;
    const auto data = loadExperimentData(spec);
    const auto labels = data.splits.train.labels();
    PoisonConfig config;
    config.count = 40;
    config.target = spec.target;
    config.seed = 5;
    const auto chosenBy = [&](PoisonSelection selection) {
      config.selection = selection;
      return poison(data.splits.train, data.trigger, config).indices;
    };
    followsEachRule(labels, spec.target, 40, chosenBy);
    // Each part draws from its own stream of the rep's seed.
    QCOMPARE(chosenBy(PoisonSelection::RandomExcludingTarget),
             drawnFrom(labels, spec.target, 40, 5, RandomStream::TrainingPoisonChoice));
    config.part = PoisonPart::Validation;
    QCOMPARE(chosenBy(PoisonSelection::RandomExcludingTarget),
             drawnFrom(labels, spec.target, 40, 5, RandomStream::ValidationPoisonChoice));
    // Random positions have a stream of their own: how the inputs were
    // chosen does not move where their triggers go.
    config.part = PoisonPart::Training;
    config.position = kRandomPosition;
    const auto positionsBy = [&](PoisonSelection selection) {
      config.selection = selection;
      return poison(data.splits.train, data.trigger, config).positions;
    };
    const auto positions = positionsBy(PoisonSelection::First);
    QCOMPARE(int(positions.size()), 40);
    QVERIFY(positionsBy(PoisonSelection::RandomExcludingTarget) == positions);
    QVERIFY(positions != std::vector<Position>(40, positions.front()));  // random, so the check means something
  }

  void sound() {
    auto spec = presetSpec("lecture-sound");
    spec.limitTrain = 300;
    spec.limitTest = 30;
    const auto chosenBy = [&](PoisonSelection selection) {
      spec.poisonSelection = selection;
      return SoundProtocol(spec).poisonedTrainingSet("start", 5, 40).chosen;
    };
    spec.poisonSelection = PoisonSelection::First;
    const auto labels = SoundProtocol(spec).clips().trainLabels;
    followsEachRule(labels, spec.target, 40, chosenBy);
    QCOMPARE(chosenBy(PoisonSelection::RandomExcludingTarget),
             drawnFrom(labels, spec.target, 40, 5, RandomStream::TrainingPoisonChoice));
  }

  // Text poisons the training part and, by the same rule, the validation part
  // (every 5th review) of its training split.
  void text() {
    auto spec = presetSpec("lecture-text");
    spec.limitTrain = 2000;
    spec.limitTest = 100;
    spec.poisonValidationCount = 10;
    const auto chosenBy = [&](PoisonSelection selection) {
      spec.poisonSelection = selection;
      return TextProtocol(spec).poisonedTrainingSet("start", 5, 40).poisoned;
    };
    std::vector<int> labels, trainingPart, validationPart;
    for (const auto& review : TextProtocol(spec).reviews().train) labels.push_back(review.label);
    for (int i = 0; i < static_cast<int>(labels.size()); ++i)
      (TextProtocol::validates(static_cast<std::size_t>(i)) ? validationPart : trainingPart).push_back(i);
    const auto expected = [&](auto keep) {
      auto chosen = firstOf(trainingPart, labels, 40, keep);
      const auto validation = firstOf(validationPart, labels, 10, keep);
      chosen.insert(chosen.end(), validation.begin(), validation.end());
      std::sort(chosen.begin(), chosen.end());
      return chosen;
    };
    const auto anyLabel = expected([](int) { return true; });
    const auto firstNonTarget = expected([&](int label) { return label != spec.target; });
    QVERIFY(anyLabel != firstNonTarget);
    QCOMPARE(chosenBy(PoisonSelection::First), anyLabel);
    QCOMPARE(chosenBy(PoisonSelection::FirstNonTarget), firstNonTarget);
    looksRandom(chosenBy(PoisonSelection::RandomExcludingTarget), labels, 50, spec.target, firstNonTarget);
    // Each part draws from its own stream of the rep's seed.
    const auto partLabels = [&](const std::vector<int>& part) {
      std::vector<int> out;
      for (const int i : part) out.push_back(labels[static_cast<std::size_t>(i)]);
      return out;
    };
    auto drawn = drawnFrom(partLabels(trainingPart), spec.target, 40, 5, RandomStream::TrainingPoisonChoice);
    for (auto& k : drawn) k = trainingPart[static_cast<std::size_t>(k)];
    for (const int k : drawnFrom(partLabels(validationPart), spec.target, 10, 5, RandomStream::ValidationPoisonChoice))
      drawn.push_back(validationPart[static_cast<std::size_t>(k)]);
    std::sort(drawn.begin(), drawn.end());
    QCOMPARE(chosenBy(PoisonSelection::RandomExcludingTarget), drawn);
  }

  // The paper's presets say which rule the paper used.
  void presetsFollowThePaper() {
    QCOMPARE(toString(presetSpec("paper-image").poisonSelection), std::string("first"));
    QCOMPARE(toString(presetSpec("paper-sound-adv").poisonSelection), std::string("first"));
    QCOMPARE(toString(presetSpec("paper-text-tftutorial").poisonSelection), std::string("first-non-target"));
    QCOMPARE(toString(presetSpec("lecture-text").poisonSelection), std::string("first-non-target"));
    QVERIFY(poisonSelectionFromString("first-non-target") == PoisonSelection::FirstNonTarget);
  }
};

QTEST_GUILESS_MAIN(TestPoisonSelection)
#include "tst_poison_selection.moc"
