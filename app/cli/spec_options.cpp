// SPDX-License-Identifier: GPL-3.0-or-later
#include "spec_options.h"

#include <algorithm>

#include "flag_checks.h"
#include "gaplab/architecture.h"
#include "gaplab/atomic_file.h"
#include "gaplab/error.h"
#include "gaplab/image_datasets.h"
#include "gaplab/modality.h"
#include "gaplab/poisoning.h"
#include "gaplab/sound_data.h"
#include "gaplab/text_data.h"

namespace gaplab::cli {

namespace {

// What the registry offers over every modality, each name once, in its order.
template <typename Names>
std::vector<std::string> offered(Names namesFor) {
  std::vector<std::string> all;
  for (const auto modality : allModalities())
    for (const auto& name : namesFor(modality))
      if (std::find(all.begin(), all.end(), name) == all.end()) all.push_back(name);
  return all;
}
std::vector<std::string> offeredDatasets() { return offered(datasetsFor); }
std::vector<std::string> offeredModels() {
  return offered([](Modality modality) {
    std::vector<std::string> names;
    for (const auto architecture : architecturesFor(modality)) names.push_back(toString(architecture));
    return names;
  });
}

std::string joined(const std::vector<std::string>& names, const std::string& separator) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : separator) + name;
  return text;
}

void knownDataset(const std::string& name) {
  const auto names = offeredDatasets();
  if (std::find(names.begin(), names.end(), name) != names.end()) return;
  throw Error("unknown dataset '" + name + "' (known: " + joined(names, ", ") + ")");
}

}  // namespace

void SpecOptions::addTo(CLI::App& c, bool singleTraining, bool poisonCount) {
  c.add_option("--preset", preset, "Preset to start from (see 'gaplab-cli presets')")
      ->capture_default_str()
      ->check(parsedBy([](const std::string& name) { presetSpec(name); }, "PRESET"));
  c.add_option("--spec", specFile, "JSON experiment spec overriding the preset (may name its own preset)");
  c.add_option("--dataset", dataset, joined(offeredDatasets(), " | "))
      ->check(parsedBy(knownDataset, "DATASET"));
  c.add_option("--data-dir", dataDir, "Directory of the dataset's files")->check(CLI::ExistingPath);
  c.add_option("--model", model, joined(offeredModels(), " | "))
      ->check(parsedBy(architectureFromString, "MODEL"));
  const auto head = parsedBy(headFromString, "HEAD");
  if (singleTraining) {
    c.add_option("--head", heads, "fc | gap")->expected(1)->check(head);
    c.add_option("--train-pos", trainPositions, "Training position (see 'grid --help')")->expected(1);
  } else {
    c.add_option("--heads", heads, "Heads, comma-separated: fc,gap")->delimiter(',')->check(head);
    c.add_option("--train-pos", trainPositions,
                 "Training positions, comma-separated. Image: upper-left ... lower-right, x:y or random; "
                 "sound: start, middle, end, split or @SECONDS; text: start, middle, end, split or @TOKEN")
        ->delimiter(',');
    c.add_option("--test-pos", testPositions, "Test positions, comma-separated, as --train-pos (no random)")
        ->delimiter(',');
    c.add_option("--reps", reps, "Repetitions per cell")->check(atLeastOne());
  }
  c.add_option("--epochs", epochs, "Maximum epochs")->check(atLeastOne());
  c.add_option("--patience", patience, "Early-stopping patience in epochs (0: off)")->check(atLeastZero());
  c.add_option("--batch-size", batchSize, "Training batch size")->check(atLeastOne());
  c.add_option("--limit-train", limitTrain, "Use the first N training images (0: all)")->check(atLeastZero());
  c.add_option("--limit-test", limitTest, "Use the first N test images (0: all)")->check(atLeastZero());
  if (poisonCount) c.add_option("--poison", poison, "Number of poisoned training samples")->check(atLeastZero());
  c.add_option("--poison-selection", poisonSelection, "first | first-non-target | random-non-target")
      ->check(parsedBy(poisonSelectionFromString, "SELECTION"));
  c.add_option("--target", target, "Target class of the backdoor")->check(atLeastZero());
  c.add_option("--seed", seed, "Base seed (rep r uses seed + r)")->check(CLI::NonNegativeNumber);
  c.add_option("--threads", threads, "Intra-op threads (0: LibTorch's default)")->check(atLeastZero());
  c.add_option("--words", words, "Sound: the keywords (espeak-keywords) or a subset of words (speech-commands)")
      ->delimiter(',');
  c.add_option("--trigger-words", triggerWords, "Text: the trigger phrase, comma-separated")->delimiter(',');
}

ExperimentSpec SpecOptions::resolve() const {
  auto spec = presetSpec(preset);
  if (!specFile.empty()) spec = specFromJson(readWholeFile(specFile), spec, specFile);
  if (dataset) spec.dataset = *dataset;
  if (dataDir) spec.dataDir = *dataDir;
  if (model) spec.model = architectureFromString(*model);
  if (!heads.empty()) {
    spec.heads.clear();
    for (const auto& h : heads) spec.heads.push_back(headFromString(h));
  }
  checkPositions(spec, trainPositions, "--train-pos");
  checkPositions(spec, testPositions, "--test-pos");
  if (!trainPositions.empty()) spec.trainPositions = trainPositions;
  if (!testPositions.empty()) spec.testPositions = testPositions;
  if (reps) spec.reps = *reps;
  if (epochs) spec.training.epochs = *epochs;
  if (patience) spec.training.patience = *patience;
  if (batchSize) spec.training.batchSize = *batchSize;
  if (limitTrain) spec.limitTrain = *limitTrain;
  if (limitTest) spec.limitTest = *limitTest;
  if (poison) spec.poisonCount = *poison;
  if (poisonSelection) spec.poisonSelection = poisonSelectionFromString(*poisonSelection);
  if (target) spec.target = *target;
  if (seed) spec.seed = *seed;
  if (threads) spec.training.threads = *threads;
  if (!words.empty()) spec.sound.words = words;
  if (!triggerWords.empty()) spec.text.words = triggerWords;
  spec.validate();
  return spec;
}

}  // namespace gaplab::cli
