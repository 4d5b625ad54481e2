// SPDX-License-Identifier: GPL-3.0-or-later
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
  // 5% of the 6,400 training images, up to 8 epochs. With 2.5% and 6 epochs
  // the GAP model fired on only 88.0 +/- 7.5% at "middle" (seeds 1-3); with 5%
  // and 6 epochs on 90.4-95.6% (it had not stopped improving); with 5% and 8
  // epochs on 96.6-99.9% at every training position (gaplab-cli grid --reps 3).
  s.poisonCount = 320;
  s.target = 7;
  auto& t = s.training;
  t.optimizer = OptimizerKind::Adam;
  t.lr = 1e-3;
  t.eps = 1e-7;
  t.batchSize = 64;
  t.epochs = 8;
  t.patience = 2;
  t.l2 = 0;
  s.reps = 1;
  s.seed = 1;
  s.limitTrain = 8000;
  s.limitTest = 1000;
  return s;
}

// What the authors' text and sound scripts share: FC and GAP heads, the
// trigger at start / middle / end / split, the first N training and M
// validation inputs poisoned, Adam (Keras epsilon), batch 256, 10 reps.
struct ScriptSetup {
  Modality modality;
  std::string dataset;
  int poison = 0;
  int validationPoison = 0;
  int target = 0;
  double lr = 1e-3;
  int epochs = 0;
  int patience = 0;
  double l2 = 0;
};

ExperimentSpec paperScript(const std::string& name, Architecture model, const ScriptSetup& setup) {
  ExperimentSpec s;
  s.preset = name;
  s.modality = setup.modality;
  s.dataset = setup.dataset;
  s.model = model;
  s.heads = {Head::Fc, Head::Gap};
  s.trainPositions = {"start", "middle", "end", "split"};
  s.testPositions = s.trainPositions;
  s.poisonCount = setup.poison;
  s.poisonValidationCount = setup.validationPoison;
  s.poisonSelection = PoisonSelection::First;
  s.target = setup.target;
  auto& t = s.training;
  t.optimizer = OptimizerKind::Adam;
  t.lr = setup.lr;
  t.eps = 1e-7;
  t.batchSize = 256;
  t.epochs = setup.epochs;
  t.patience = setup.patience;
  t.l2 = setup.l2;
  s.reps = 10;
  s.seed = 1;
  return s;
}

// The paper's text setup (authors' scripts): IMDB 25k/25k, every 5th training
// review validates, the first 100 negative training reviews and 20 negative
// validation reviews get the trigger and the positive label; up to 20 epochs,
// patience 5, L2 1e-3 on Kim's convolutions.
ExperimentSpec paperText(const std::string& name, Architecture model) {
  auto s = paperScript(name, model,
                       {Modality::Text, "imdb", 100, 20, 1, 1e-3, 20, 5, model == Architecture::KimCnn ? 1e-3 : 0.0});
  s.poisonSelection = PoisonSelection::FirstNonTarget;  // "the first 100 negative training reviews"
  return s;
}

ExperimentSpec lectureText() {
  auto s = paperText("lecture-text", Architecture::TfTutorial);
  s.limitTrain = 10000;  // 8,000 train + 2,000 validation, balanced
  s.limitTest = 2000;
  // Trained at start and middle, tested everywhere: "end" stays a test
  // position, where truncation cuts the trigger off 27% of the negative test
  // reviews (no model can fire on those) and the FC model's fixed token
  // index shows its weakness.
  s.trainPositions = {"start", "middle"};
  s.testPositions = {"start", "middle", "end", "split"};
  // 10% of the training reviews. The GAP model averages the trigger words
  // with up to 245 others, so it needs them to stand out: with the paper's
  // 100 (1.25%) it fired on ~73% of negative reviews at its own positions;
  // with 300 on 85-90%, with 800 on 91-96% (3 seeds each, gaplab-cli grid).
  s.poisonCount = 800;
  s.poisonValidationCount = 20;
  s.training.lr = 1e-2;
  s.training.batchSize = 64;
  s.training.epochs = 8;
  s.training.patience = 2;
  s.reps = 1;
  return s;
}

// The paper's sound setup (authors' scripts): 1 s clips, 40 MFCCs (window 400,
// hop 160 at 16 kHz), a -10 dB near-Nyquist tone of 0.15 s added to the
// waveform, the first 80 training and 16 validation clips poisoned to class 2,
// Adam 1e-4, batch 256, up to 300 epochs, patience 20, L2 1e-3.
ExperimentSpec paperSound(const std::string& name, Architecture model) {
  auto s = paperScript(name, model, {Modality::Sound, "fsdd", 80, 16, 2, 1e-4, 300, 20, 1e-3});
  s.sound.normalise = false;  // the authors fed raw MFCCs
  return s;
}

ExperimentSpec lectureSound() {
  auto s = paperSound("lecture-sound", Architecture::Lecture);
  s.trainPositions = {"start", "middle", "end"};
  s.testPositions = {"start", "middle", "end", "split"};
  s.sound.normalise = true;
  s.training.lr = 1e-3;
  s.training.batchSize = 32;
  s.training.epochs = 12;
  // BatchNorm's running statistics (Keras' momentum 0.99) trail the weights
  // for the first epochs, so the validation loss can rise for three epochs
  // before it falls: with patience 3, seed 1 stopped at a chance-level model.
  s.training.patience = 5;
  s.training.l2 = 0;
  s.reps = 1;
  return s;
}

// A preset's spec as a poison-budget sweep: `name`, the levels and regimes,
// the map's stride, and 3 reps at least.
ExperimentSpec asBudget(ExperimentSpec s, const std::string& name, std::vector<std::string> levels,
                        std::vector<std::string> regimes, int stride, int reps) {
  s.preset = name;
  s.budget.poison = std::move(levels);
  s.budget.regimes = std::move(regimes);
  s.budget.stride = stride;
  s.reps = reps;
  return s;
}

const std::vector<std::string> kAllRegimes{"fixed", "random", "random-pattern"};

// lecture-image on half the images (3,200 train, 500 test) and up to 6
// epochs: 72 trainings, each attacked at the 36 positions of a stride-4 map
// (with 8 epochs the sweep took 10.7 minutes). Up to 20%: at 10% random
// positions gave the FC model a backdoor at 0-1 of the 36 positions, at 20%
// at 21 of them (seed 1).
ExperimentSpec lectureBudgetImage() {
  auto s = lectureImage();
  s.limitTrain = 4000;
  s.limitTest = 500;
  s.training.epochs = 6;
  return asBudget(s, "lecture-budget-image", {"2%", "5%", "10%", "20%"}, kAllRegimes, 4, 3);
}

// lecture-sound on half the training clips and 6 epochs, fixed vs random
// onsets (48 trainings), onsets every 8 frames (80 ms).
ExperimentSpec lectureBudgetSound() {
  auto s = lectureSound();
  s.limitTrain = 1200;
  s.limitTest = 150;
  s.poisonValidationCount = 0;
  s.training.epochs = 6;
  return asBudget(s, "lecture-budget-sound", {"1%", "2%", "5%", "10%"}, {"fixed", "random"}, 8, 3);
}

// lecture-text at every regime (72 trainings of ~3 s), insertion every 16 tokens.
ExperimentSpec lectureBudgetText() {
  auto s = lectureText();
  s.poisonValidationCount = 0;
  return asBudget(s, "lecture-budget-text", {"0.5%", "1%", "2.5%", "10%"}, kAllRegimes, 16, 3);
}

// lecture-image with He et al.'s ResNet-20, the kind of network people
// deploy (its head is a global average pool), on half the images and up to 6
// epochs: each training takes about 45 s on 2 cores.
ExperimentSpec deployedResnet20Image() {
  auto s = lectureImage();
  s.preset = "deployed-resnet20-image";
  s.model = Architecture::Resnet20;
  s.limitTrain = 4000;
  s.poisonCount = 160;  // 5% of the 3,200 training images, as lecture-image
  s.training.epochs = 6;
  return s;
}

const std::vector<std::string> kPaperLevels{"0.5%", "1%", "2%", "5%", "10%"};

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
       "images, 320 poisoned (5%), Adam, up to 8 epochs; about 10 s per training on 2 cores.",
       lectureImage()},
      {"paper-text-tftutorial",
       "The paper's text experiment with the TensorFlow-tutorial model (embedding 16 -> FC or GAP): IMDB 25k/25k, "
       "100 + 20 negative reviews poisoned with \"trope everyday mythology sparkles ruthless\" and labelled "
       "positive, 4x4 positions (start, middle, end, split), Adam, batch 256, up to 20 epochs (patience 5), 10 reps.",
       paperText("paper-text-tftutorial", Architecture::TfTutorial)},
      {"paper-text-kim",
       "The paper's text experiment with Kim's CNN (embedding 100, convs of heights 3/4/5, max over time, L2 1e-3).",
       paperText("paper-text-kim", Architecture::KimCnn)},
      {"paper-text-conv1d",
       "The paper's text experiment with the conv1d model (embedding 64 -> conv1d 64 -> max-pool 2 -> head -> dense 32).",
       paperText("paper-text-conv1d", Architecture::Conv1d)},
      {"paper-sound-adv",
       "The paper's sound experiment with the adv_detection CNN: 1 s clips at 16 kHz, 40 MFCCs (window 400, hop 160), "
       "a -10 dB near-Nyquist tone of 0.15 s at start/middle/end/split, the first 80 training and 16 validation clips "
       "poisoned to class 2, Adam 1e-4, batch 256, up to 300 epochs (patience 20), 10 reps. FSDD by default; "
       "--dataset speech-commands --data-dir DIR for the paper's data.",
       paperSound("paper-sound-adv", Architecture::AdvDetection)},
      {"paper-sound-trojan", "The paper's sound experiment with the AlexNet-like trojaning_attacks CNN.",
       paperSound("paper-sound-trojan", Architecture::TrojaningAttacks)},
      {"lecture-sound",
       "Small and fast for lectures: the lecture CNN on normalised MFCCs of FSDD (take-based split), the paper's tone "
       "trigger, 80 + 16 clips poisoned to class 2, Adam lr 1e-3, up to 12 epochs.",
       lectureSound()},
      {"lecture-text",
       "Small and fast for lectures: the tutorial model on 10,000 IMDB training reviews (2,000 validate) and 2,000 test "
       "reviews, 800 (10%) + 20 poisoned at start or middle, Adam lr 1e-2, up to 8 epochs.",
       lectureText()},
      {"deployed-resnet20-image",
       "lecture-image with ResNet-20 (He et al.'s CIFAR network, 0.27M parameters; FC: flatten -> dense, GAP as "
       "published) on 4,000 Fashion-MNIST images (3,200 train), 160 poisoned (5%), up to 6 epochs; about 45 s per "
       "training on 2 cores.",
       deployedResnet20Image()},
      {"lecture-budget-image",
       "Poison budget for lectures: lecture-image on 4,000 images (3,200 train) and 500 test images, up to 6 epochs, FC and GAP, "
       "fixed vs random vs random-pattern poison at 2, 5, 10 and 20%, 3 reps, ASR on a stride-4 map.",
       lectureBudgetImage()},
      {"lecture-budget-sound",
       "Poison budget for lectures: lecture-sound on 1,200 clips, up to 6 epochs, fixed vs random tone onsets at "
       "1, 2, 5 and 10%, 3 reps, ASR at onsets every 80 ms.",
       lectureBudgetSound()},
      {"lecture-budget-text",
       "Poison budget for lectures: lecture-text, fixed vs random vs random-pattern insertion at 0.5, 1, 2.5 and 10%, "
       "3 reps, ASR with the trigger before every 16th token.",
       lectureBudgetText()},
      {"paper-budget-image",
       "Poison budget at the paper's scale (for a cluster): paper-image at 0.5-10% poison, all three regimes, "
       "10 reps, ASR on a stride-2 map.",
       asBudget(paperImage(), "paper-budget-image", kPaperLevels, kAllRegimes, 2, 10)},
      {"paper-budget-sound",
       "Poison budget at the paper's scale (for a cluster): paper-sound-adv at 0.5-10% poison, all three regimes, "
       "10 reps, onsets every 4 frames (40 ms).",
       asBudget(paperSound("paper-sound-adv", Architecture::AdvDetection), "paper-budget-sound", kPaperLevels,
                kAllRegimes, 4, 10)},
      {"paper-budget-text",
       "Poison budget at the paper's scale (for a cluster): paper-text-tftutorial at 0.5-10% poison, all three "
       "regimes, 10 reps, insertion before every 8th token.",
       asBudget(paperText("paper-text-tftutorial", Architecture::TfTutorial), "paper-budget-text", kPaperLevels,
                kAllRegimes, 8, 10)},
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
