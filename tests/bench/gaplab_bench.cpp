// SPDX-License-Identifier: GPL-3.0-or-later
// gaplab's side of the benchmark suite (tests/bench/run.sh): throughput of
// training and inference for one image, one sound and one text model, MFCC
// extraction and text preprocessing. It writes the inputs it used so that the
// Python reference (reference/reference.py) measures exactly the same work.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "gaplab/error.h"
#include "gaplab/evaluation.h"
#include "gaplab/experiment.h"
#include "gaplab/placement_sweep.h"
#include "gaplab/image_experiment.h"
#include "gaplab/image_model.h"
#include "gaplab/sound_data.h"
#include "gaplab/sound_features.h"
#include "gaplab/text_data.h"
#include "gaplab/text_model.h"
#include "gaplab/text_pipeline.h"
#include "gaplab/training.h"

using namespace gaplab;

namespace {

struct Sizes {
  int trainImages, inferImages, trainClips, inferClips, trainTexts, inferTexts, featureClips, reviews;
};
const Sizes kQuick{1024, 2048, 512, 1024, 2048, 4096, 300, 5000};
const Sizes kFull{4096, 8192, 2048, 4096, 8192, 16384, 1200, 25000};

double seconds(const std::function<void()>& work) {
  const auto start = std::chrono::steady_clock::now();
  work();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::vector<float> randomPixels(std::size_t count, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
  std::vector<float> values(count);
  for (auto& v : values) v = uniform(rng);
  return values;
}

ImageSet randomImages(int n, ImageShape shape, int classes, unsigned seed) {
  std::vector<int> labels(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) labels[static_cast<std::size_t>(i)] = i % classes;
  std::vector<std::string> names(static_cast<std::size_t>(classes), "c");
  return ImageSet::fromBuffer(shape, randomPixels(static_cast<std::size_t>(n) * shape.pixels(), seed), labels, names);
}

TrainingConfig oneEpoch(OptimizerKind optimizer, int batch) {
  TrainingConfig c;
  c.optimizer = optimizer;
  c.lr = 1e-3;
  c.eps = 1e-6;
  c.batchSize = batch;
  c.epochs = 1;
  c.patience = 0;
  c.threads = 2;
  return c;
}

void emit(std::FILE* out, bool& first, const std::string& name, double value, const char* unit) {
  std::fprintf(out, "%s\n    {\"name\": \"%s\", \"value\": %.3f, \"unit\": \"%s\"}", first ? "" : ",", name.c_str(),
               value, unit);
  first = false;
  std::fprintf(stderr, "  %-34s %10.1f %s\n", name.c_str(), value, unit);
}

// Train one epoch (after a warm-up epoch, so both sides measure a trained model), then infer.
void imageModel(std::FILE* out, bool& first, const std::string& label, Architecture arch, Head head, ImageShape shape,
                int classes, OptimizerKind optimizer, int batch, int trainN, int inferN) {
  ImageModel model({arch, head, shape, classes}, 1);
  const auto warmup = randomImages(256, shape, classes, 2);
  trainModel(model, warmup, {}, oneEpoch(optimizer, batch));
  const auto train = randomImages(trainN, shape, classes, 3);
  const double t = seconds([&] { trainModel(model, train, {}, oneEpoch(optimizer, batch)); });
  emit(out, first, label + " train", trainN / t, "img/s");
  const auto infer = randomImages(inferN, shape, classes, 4);
  model.predict(infer.first(256));
  const double i = seconds([&] { model.predict(infer); });
  emit(out, first, label + " infer", inferN / i, "img/s");
}

TextSet randomTexts(int n, int vocabulary, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::int64_t> token(0, vocabulary - 1);
  std::vector<std::int64_t> ids(static_cast<std::size_t>(n) * 250);
  for (auto& id : ids) id = token(rng);
  std::vector<int> labels(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) labels[static_cast<std::size_t>(i)] = i % 2;
  return TextSet::fromIds(ids, labels, 250);
}

void textModel(std::FILE* out, bool& first, int trainN, int inferN) {
  TextModel model({Architecture::Conv1d, Head::Gap, 10002, 250}, 1);
  trainTextModel(model, randomTexts(512, 10002, 2), {}, oneEpoch(OptimizerKind::Adam, 256));
  const auto train = randomTexts(trainN, 10002, 3);
  const double t = seconds([&] { trainTextModel(model, train, {}, oneEpoch(OptimizerKind::Adam, 256)); });
  emit(out, first, "text conv1d gap train", trainN / t, "texts/s");
  const auto infer = randomTexts(inferN, 10002, 4);
  const double i = seconds([&] { model.predict(infer); });
  emit(out, first, "text conv1d gap infer", inferN / i, "texts/s");
}

void features(std::FILE* out, bool& first, int count, const std::string& clipsFile) {
  SoundDatasetRequest request;
  request.limitTrain = count;
  const auto splits = loadSoundDataset(request);
  std::vector<std::vector<float>> clips = splits.train;
  clips.insert(clips.end(), splits.validation.begin(), splits.validation.end());
  std::ofstream raw(clipsFile, std::ios::binary);
  for (const auto& clip : clips) raw.write(reinterpret_cast<const char*>(clip.data()), clip.size() * sizeof(float));
  const std::vector<int> labels(clips.size(), 0);
  extractFeatures({clips.front()}, {0}, {"a"}, FeatureConfig{});
  const double t = seconds([&] { extractFeatures(clips, labels, {"a"}, FeatureConfig{}); });
  emit(out, first, "mfcc extraction", clips.size() / t, "clips/s");
}

void textPreprocessing(std::FILE* out, bool& first, int count) {
  auto reviews = readImdbJson(defaultImdbJsonPath());
  reviews.resize(std::min<std::size_t>(reviews.size(), static_cast<std::size_t>(count)));
  const double t = seconds([&] {
    std::unordered_map<std::string, long> counts;
    std::vector<std::vector<std::string>> tokens;
    tokens.reserve(reviews.size());
    for (const auto& review : reviews) {
      tokens.push_back(tokenise(standardise(review.text)));
      for (const auto& token : tokens.back()) ++counts[token];
    }
    const auto vocabulary = Vocabulary::fromCounts(counts, 10000);
    std::vector<std::int64_t> ids;
    ids.reserve(reviews.size() * 250);
    for (const auto& document : tokens) {
      const auto encoded = vocabulary.encode(document, 250);
      ids.insert(ids.end(), encoded.begin(), encoded.end());
    }
  });
  emit(out, first, "text preprocessing", reviews.size() / t, "reviews/s");
}

// ASR at all 21 x 21 positions of the paper's 8x8 trigger on 1,000 Fashion-MNIST
// test images, for a STRIP GAP model poisoned at lower-right: gaplab samples
// each position adaptively (+/-2.5 points at 95%); the reference evaluates all.
void positionMap(std::FILE* out, bool& first) {
  auto spec = presetSpec("paper-image");
  spec.limitTrain = 6000;
  spec.limitTest = 1000;
  spec.poisonCount = 300;
  spec.training.epochs = 2;
  spec.training.patience = 0;
  spec.training.schedule.clear();
  spec.training.threads = 2;
  const auto trained = Experiment::open(spec)->train(Head::Gap, "lower-right", 0);
  auto& session = *trained.model;
  SweepOptions options;
  options.halfWidth = 0.025;
  const double t = seconds([&] { sweepPlacements(session, session.placements(1), options); });
  emit(out, first, "image position map (stride 1, 1,000 inputs)", t, "s");
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  std::string outPath = "cpp.json", clipsFile = "clips.f32", only;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--quick")) quick = true;
    else if (!std::strcmp(argv[i], "--out") && i + 1 < argc) outPath = argv[++i];
    else if (!std::strcmp(argv[i], "--clips") && i + 1 < argc) clipsFile = argv[++i];
    else if (!std::strcmp(argv[i], "--only") && i + 1 < argc) only = argv[++i];  // for profiling one group
    else {
      std::fprintf(stderr, "usage: gaplab-bench [--quick] [--out FILE] [--clips FILE] [--only GROUP]\n");
      return 2;
    }
  }
  const auto& n = quick ? kQuick : kFull;
  try {
    setTorchThreads(2);
    std::FILE* out = std::fopen(outPath.c_str(), "w");
    if (!out) throw Error(outPath + ": cannot write");
    std::fprintf(out, "{\"side\": \"gaplab\", \"metrics\": [");
    bool first = true;
    const auto wanted = [&](const std::string& group) { return only.empty() || group.rfind(only, 0) == 0; };
    for (const auto head : {Head::Fc, Head::Gap})
      if (wanted("image strip " + toString(head)))
        imageModel(out, first, "image strip " + toString(head), Architecture::Strip, head, {1, 28, 28}, 10,
                   OptimizerKind::RmsProp, 256, n.trainImages, n.inferImages);
    if (wanted("sound"))
      imageModel(out, first, "sound adv_detection gap", Architecture::AdvDetection, Head::Gap, {1, 101, 40}, 10,
                 OptimizerKind::Adam, 256, n.trainClips, n.inferClips);
    if (wanted("text conv1d")) textModel(out, first, n.trainTexts, n.inferTexts);
    if (wanted("mfcc")) features(out, first, n.featureClips, clipsFile);
    if (wanted("text preprocessing")) textPreprocessing(out, first, n.reviews);
    if (wanted("image position map")) positionMap(out, first);
    std::fprintf(out, "\n]}\n");
    std::fclose(out);
  } catch (const Error& e) {
    std::fprintf(stderr, "gaplab-bench: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
