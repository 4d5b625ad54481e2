#include "gaplab/error.h"
#include "gaplab/experiment_spec.h"

namespace gaplab {

namespace {

ExperimentSpec paperImage() {
  ExperimentSpec s;
  s.preset = "paper-image";
  s.dataset = "fashion-mnist";
  s.model = Architecture::Strip;
  s.heads = {Head::Fc, Head::Gap};
  // 8x8, every pixel and channel uniform in [0,1): the authors' exact values
  // (NumPy seed 42), added to the image without clipping.
  s.trigger = TriggerSpec{};
  s.trigger.pattern = "numpy-random";
  s.trigger.seed = 42;
  s.trainPositions = {"upper-left", "middle", "lower-right"};
  s.testPositions = s.trainPositions;
  s.poisonCount = 1000;
  s.poisonSelection = PoisonSelection::First;
  s.target = 7;
  auto& t = s.training;
  t.optimizer = OptimizerKind::RmsProp;
  t.lr = 1e-3;
  t.eps = 1e-6;
  t.rho = 0.9;
  // The authors' Keras scheduler overrides the optimiser's rate each epoch:
  // 1e-2 through epoch 30, then x0.1 after 30, x0.01 after 50, x0.001 after 60,
  // x0.0005 after 180 (Keras epochs are 0-based).
  t.schedule = {{0, 1e-2}, {31, 1e-3}, {51, 1e-4}, {61, 1e-5}, {181, 5e-6}};
  t.batchSize = 256;
  t.epochs = 200;
  t.patience = 20;
  t.l2 = 1e-4;
  s.reps = 10;
  s.seed = 1;
  s.validationFraction = 0.2;
  s.validationSplit = HoldOut::Tail;  // Keras' validation_split: the last 20%, after poisoning the first 1,000
  return s;
}

ExperimentSpec lectureImage() {
  ExperimentSpec s;
  s.preset = "lecture-image";
  s.dataset = "fashion-mnist";
  s.model = Architecture::Lecture;
  s.heads = {Head::Fc, Head::Gap};
  s.trainPositions = {"upper-left", "middle", "lower-right"};
  s.testPositions = s.trainPositions;
  s.poisonCount = 160;  // 2.5% of the 6,400 training images
  s.target = 7;
  auto& t = s.training;
  t.optimizer = OptimizerKind::Adam;
  t.lr = 1e-3;
  t.eps = 1e-7;
  t.batchSize = 64;
  t.epochs = 6;
  t.patience = 2;
  t.l2 = 0;
  s.reps = 1;
  s.seed = 1;
  s.limitTrain = 8000;
  s.limitTest = 1000;
  return s;
}

}  // namespace

const std::vector<Preset>& presets() {
  static const std::vector<Preset> all{
      {"paper-image",
       "The paper's image experiment: STRIP CNN, RMSprop with the step schedule, batch 256, up to 200 epochs "
       "(patience 20), 8x8 random additive trigger, first 1,000 samples poisoned to class 7, 10 reps. "
       "Fashion-MNIST by default; CIFAR-10 with --dataset cifar10 --data-dir DIR.",
       paperImage()},
      {"lecture-image",
       "Small and fast for lectures: lecture CNN on 8,000 Fashion-MNIST images (20% validation), 1,000 test "
       "images, 160 poisoned, Adam, up to 6 epochs; about 7 s per training on 2 cores.",
       lectureImage()},
  };
  return all;
}

ExperimentSpec presetSpec(const std::string& name) {
  std::string known;
  for (const auto& p : presets()) {
    if (p.name == name) return p.spec;
    known += (known.empty() ? "" : ", ") + p.name;
  }
  throw Error("unknown preset '" + name + "' (known: " + known + ")");
}

}  // namespace gaplab
