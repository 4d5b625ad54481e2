// SPDX-License-Identifier: GPL-3.0-or-later
// Neural Cleanse (Wang et al., S&P 2019) as the official code runs it
// (bolunwang/backdoor visualizer.py): per class, a mask and a
// pattern in tanh space, Adam, the cost schedule starting at 0, best-so-far
// and early stopping. Every class is optimised at once, in one batch of
// classes x inputs: Adam is element-wise and every class has its own loss
// term, so this is the same optimisation as one class after the other, in
// far fewer (and larger) forward passes.
#include <chrono>
#include <cmath>
#include <limits>

#include "defence_methods.h"
#include "gaplab/error.h"
#include "random_stream.h"
#include "rng.h"

namespace gaplab {

namespace {

constexpr double kKerasEpsilon = 1e-7;  // visualizer.py:61

torch::Tensor fromTanh(const torch::Tensor& t) { return torch::tanh(t) / (2 - kKerasEpsilon) + 0.5; }
torch::Tensor toTanh(const torch::Tensor& v) { return torch::atanh((v - 0.5) * (2 - kKerasEpsilon)); }

// One class's optimisation state: the official schedule (visualizer.py:349-461).
struct ClassRun {
  int cls = 0;
  double cost = 0;  // RESET_COST_TO_ZERO
  int costSetCounter = 0, upCounter = 0, downCounter = 0, earlyStopCounter = 0;
  bool upFlag = false, downFlag = false, done = false;
  double regBest = std::numeric_limits<double>::infinity();
  double earlyStopRegBest = std::numeric_limits<double>::infinity();
  int steps = 0;
  torch::Tensor mask, pattern;  // the best so far, or the last

  // After one step's averages; returns true when the run stops early.
  bool afterStep(double acc, double reg, const NeuralCleanseSettings& s, const torch::Tensor& currentMask,
                 const torch::Tensor& currentPattern) {
    ++steps;
    if (acc >= s.attackThreshold && reg < regBest) {
      mask = currentMask.clone();
      pattern = currentPattern.clone();
      regBest = reg;
    }
    if (regBest < std::numeric_limits<double>::infinity())
      earlyStopCounter = regBest >= s.earlyStopThreshold * earlyStopRegBest ? earlyStopCounter + 1 : 0;
    earlyStopRegBest = std::min(regBest, earlyStopRegBest);
    if (downFlag && upFlag && earlyStopCounter >= s.earlyStopPatience) return true;

    if (cost == 0 && acc >= s.attackThreshold) {
      if (++costSetCounter >= s.patience) {
        cost = s.initCost;
        upCounter = downCounter = 0;
        upFlag = downFlag = false;
      }
    } else {
      costSetCounter = 0;
    }
    if (acc >= s.attackThreshold) {
      ++upCounter;
      downCounter = 0;
    } else {
      upCounter = 0;
      ++downCounter;
    }
    if (upCounter >= s.patience) {
      upCounter = 0;
      cost *= s.costMultiplier;
      upFlag = true;
    } else if (downCounter >= s.patience) {
      downCounter = 0;
      cost /= std::pow(s.costMultiplier, 1.5);
      downFlag = true;
    }
    return false;
  }
};

// `t` moved by (rows, cols) over its last two dimensions, zeros shifted in.
torch::Tensor shifted(const torch::Tensor& t, int rows, int cols) {
  auto out = torch::zeros_like(t);
  const int64_t height = t.size(-2), width = t.size(-1);
  const int64_t keepRows = height - std::abs(rows), keepCols = width - std::abs(cols);
  if (keepRows <= 0 || keepCols <= 0) return out;
  out.narrow(-2, std::max(rows, 0), keepRows)
      .narrow(-1, std::max(cols, 0), keepCols)
      .copy_(t.narrow(-2, std::max(-rows, 0), keepRows).narrow(-1, std::max(-cols, 0), keepCols));
  return out;
}

CellGrid gridOf(const torch::Tensor& cells) {
  const auto c = cells.contiguous().to(torch::kFloat);
  CellGrid grid{static_cast<int>(c.size(0)), static_cast<int>(c.size(1)), {}};
  grid.values.assign(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
  return grid;
}

// Share of `inputs` (none of class `cls`) the model gives `cls` with the trigger (mask, pattern) on.
double reversedAttackSuccess(DefenceSubject& subject, const torch::Tensor& inputs, const torch::Tensor& mask,
                             const torch::Tensor& pattern, int cls) {
  if (inputs.size(0) == 0) return 0;
  const auto stamped = (1 - mask) * inputs + mask * pattern;
  const auto predicted = probabilitiesOf(subject, stamped).argmax(1);
  return predicted.eq(cls).to(torch::kDouble).mean().item<double>();
}

}  // namespace

NeuralCleanseReport neuralCleanse(DefenceSubject& subject, const NeuralCleanseSettings& s,
                                  const std::vector<std::string>& positions, std::uint64_t seed,
                                  const DefenceProgressFn& progress, const std::atomic<bool>* stop) {
  if (s.steps < 1) throw Error("Neural Cleanse needs at least one step, not " + std::to_string(s.steps));
  if (s.batch < 1) throw Error("Neural Cleanse's batch must be at least 1, not " + std::to_string(s.batch));
  if (!(s.learningRate > 0)) throw Error("Neural Cleanse's learning rate must be positive");
  const int classes = subject.numClasses();
  std::vector<int> chosen = s.classes;
  if (chosen.empty())
    for (int c = 0; c < classes; ++c) chosen.push_back(c);
  for (int c : chosen)
    if (c < 0 || c >= classes) throw Error("class " + std::to_string(c) + " does not exist (0-" + std::to_string(classes - 1) + ")");

  const int samples = std::min(s.samples, subject.heldOutCount());
  if (samples < s.batch)
    throw Error("Neural Cleanse needs at least one batch of " + std::to_string(s.batch) + " clean inputs; there are " +
                std::to_string(samples));
  std::vector<int> rows(static_cast<std::size_t>(samples));
  for (int i = 0; i < samples; ++i) rows[static_cast<std::size_t>(i)] = i;
  const auto clean = subject.heldOut(rows);
  const auto shape = subject.inputShape();  // {C, R, K}
  const auto lower = subject.lower(), upper = subject.upper();
  const int64_t nClasses = static_cast<int64_t>(chosen.size());

  // Initial values as the official example (U[0,1) mask and pattern), from the run's seed.
  auto stream = makeRandomStream(seed ^ 0x4e43ULL);
  auto maskTanh = toTanh(torch::rand({nClasses, shape[1], shape[2]}, stream)).requires_grad_(true);
  auto patternTanh = toTanh(torch::rand({nClasses, shape[0], shape[1], shape[2]}, stream)).requires_grad_(true);
  torch::optim::Adam optimiser({maskTanh, patternTanh},
                               torch::optim::AdamOptions(s.learningRate).betas({0.5, 0.9}).eps(kKerasEpsilon));

  std::vector<ClassRun> runs(chosen.size());
  for (std::size_t i = 0; i < chosen.size(); ++i) runs[i].cls = chosen[i];
  const int updates = samples / s.batch;
  SplitMix64 order(seed ^ 0x6f72646572ULL);
  std::vector<int64_t> shuffled(rows.begin(), rows.end());
  std::size_t cursor = shuffled.size();
  const auto started = std::chrono::steady_clock::now();

  for (int step = 0; step < s.steps; ++step) {
    std::vector<int64_t> active;
    for (std::size_t i = 0; i < runs.size(); ++i)
      if (!runs[i].done) active.push_back(static_cast<int64_t>(i));
    if (active.empty()) break;
    const auto activeIndex = torch::tensor(active, torch::kLong);
    std::vector<int64_t> activeClasses;
    for (auto i : active) activeClasses.push_back(runs[static_cast<std::size_t>(i)].cls);
    const auto nActive = static_cast<int64_t>(active.size());
    const auto targets = torch::tensor(activeClasses, torch::kLong).repeat_interleave(s.batch);
    auto sumCe = torch::zeros({nActive}, torch::kDouble), sumReg = sumCe.clone(), sumAcc = sumCe.clone();
    std::vector<double> costs;
    for (auto i : active) costs.push_back(runs[static_cast<std::size_t>(i)].cost);
    const auto costTensor = torch::tensor(costs, torch::kFloat);

    for (int u = 0; u < updates; ++u) {
      checkStop(stop);
      std::vector<int64_t> batchRows;
      while (static_cast<int>(batchRows.size()) < s.batch) {
        if (cursor == shuffled.size()) {
          shuffleInPlace(shuffled, order);
          cursor = 0;
        }
        batchRows.push_back(shuffled[cursor++]);
      }
      const auto x = clean.index_select(0, torch::tensor(batchRows, torch::kLong)).unsqueeze(0);  // [1, B, C, R, K]
      const auto mask = fromTanh(maskTanh.index_select(0, activeIndex));                           // [A, R, K]
      const auto pattern = lower + (upper - lower) * fromTanh(patternTanh.index_select(0, activeIndex));  // [A, C, R, K]
      const auto m = mask.unsqueeze(1).unsqueeze(2);                                                // [A, 1, 1, R, K]
      const auto stamped = ((1 - m) * x + m * pattern.unsqueeze(1)).reshape({-1, shape[0], shape[1], shape[2]});
      const auto logits = subject.logits(stamped);
      const auto ce = torch::nn::functional::cross_entropy(
                          logits, targets, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone))
                          .view({nActive, s.batch})
                          .mean(1);
      const auto reg = mask.sum({1, 2});
      optimiser.zero_grad();
      (ce + costTensor * reg).sum().backward();
      optimiser.step();
      torch::NoGradGuard noGrad;
      sumCe += ce.detach().to(torch::kDouble);
      sumReg += reg.detach().to(torch::kDouble);
      sumAcc += logits.argmax(1).eq(targets).view({nActive, s.batch}).to(torch::kDouble).mean(1);
    }

    torch::NoGradGuard noGrad;
    const auto masks = fromTanh(maskTanh.index_select(0, activeIndex));
    const auto patterns = lower + (upper - lower) * fromTanh(patternTanh.index_select(0, activeIndex));
    for (int64_t a = 0; a < nActive; ++a) {
      auto& run = runs[static_cast<std::size_t>(active[static_cast<std::size_t>(a)])];
      const double acc = sumAcc[a].item<double>() / updates, reg = sumReg[a].item<double>() / updates;
      if (run.afterStep(acc, reg, s, masks[a], patterns[a]) || step + 1 == s.steps) {
        run.done = true;
        if (!run.mask.defined()) {  // never reached the threshold: the last one (visualizer.py:456-461)
          run.mask = masks[a].clone();
          run.pattern = patterns[a].clone();
        }
      }
    }
    if (progress) {
      const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      int finished = 0;
      for (const auto& run : runs) finished += run.done ? 1 : 0;
      // At most the remaining steps at this step's pace; early stopping usually ends sooner.
      progress({"Neural Cleanse: " + std::to_string(finished) + " of " + std::to_string(runs.size()) + " classes done",
                step + 1, s.steps, elapsed / (step + 1) * (s.steps - step - 1)});
    }
  }

  // Per class: norms, the reversed trigger's success on checked inputs of other classes, where it sits.
  torch::NoGradGuard noGrad;
  const auto& checkedLabels = subject.checkedLabels();
  const int checkLimit = std::min<int>(1000, static_cast<int>(checkedLabels.size()));
  std::vector<int> checkRows(static_cast<std::size_t>(checkLimit));
  for (int i = 0; i < checkLimit; ++i) checkRows[static_cast<std::size_t>(i)] = i;
  const auto checked = subject.checked(checkRows, "");
  const auto labels = torch::tensor(std::vector<int64_t>(checkedLabels.begin(), checkedLabels.begin() + checkLimit));
  const auto trueCells = subject.triggerCells(subject.record().trainPosition);

  NeuralCleanseReport report;
  std::vector<double> norms;
  for (const auto& run : runs) {
    ReversedTrigger t;
    t.cls = run.cls;
    t.maskL1 = run.mask.sum().item<double>();
    t.cost = run.cost;
    t.steps = run.steps;
    t.reachedThreshold = run.regBest < std::numeric_limits<double>::infinity();
    const auto others = checked.index_select(0, labels.ne(run.cls).nonzero().squeeze(1));
    t.reversedAsr = reversedAttackSuccess(subject, others, run.mask, run.pattern, run.cls);
    t.mask = gridOf(run.mask);
    t.pattern = gridOf(run.mask * run.pattern[0]);
    const auto flat = run.pattern.contiguous();
    t.patternInput.assign(flat.data_ptr<float>(), flat.data_ptr<float>() + flat.numel());
    const double total = std::max(t.maskL1, 1e-12);
    const auto rowIndex = torch::arange(run.mask.size(0), torch::kFloat).unsqueeze(1);
    const auto colIndex = torch::arange(run.mask.size(1), torch::kFloat).unsqueeze(0);
    t.centreRow = (run.mask * rowIndex).sum().item<double>() / total;
    t.centreCol = (run.mask * colIndex).sum().item<double>() / total;
    if (trueCells) t.iou = maskIou(t.mask, trueCells->row, trueCells->col, trueCells->rows, trueCells->cols);
    norms.push_back(t.maskL1);
    report.classes.push_back(std::move(t));
  }
  const auto outliers = madOutliers(norms);
  report.median = outliers.median;
  report.mad = outliers.mad;
  report.anomalyIndex = outliers.anomalyIndex;
  report.madApplies = classes >= 3;
  if (report.madApplies)
    for (int i : outliers.flagged) report.flagged.push_back(report.classes[static_cast<std::size_t>(i)].cls);
  for (std::size_t i = 0; i < report.classes.size(); ++i) report.classes[i].anomalyIndex = outliers.indices[i];
  double smallestOther = std::numeric_limits<double>::infinity(), targetNorm = -1;
  for (const auto& t : report.classes) {
    if (t.cls == subject.target()) targetNorm = t.maskL1;
    else smallestOther = std::min(smallestOther, t.maskL1);
  }
  if (targetNorm >= 0 && smallestOther > 0 && smallestOther < std::numeric_limits<double>::infinity())
    report.normRatio = targetNorm / smallestOther;

  // The reversed trigger moved over the positions, for the target and every flagged class.
  for (std::size_t i = 0; i < report.classes.size(); ++i) {
    auto& t = report.classes[i];
    const bool flagged = std::find(report.flagged.begin(), report.flagged.end(), t.cls) != report.flagged.end();
    if (t.cls != subject.target() && !flagged) continue;
    const auto& run = runs[i];
    const auto others = checked.index_select(0, labels.ne(run.cls).nonzero().squeeze(1));
    for (const auto& placement : positions) {
      checkStop(stop);
      const auto cells = subject.triggerCells(placement);
      if (!cells) continue;
      // Moved as the true trigger moves from the training position (no move
      // there); after a random-position training, centred on each place.
      const double fromRow = trueCells ? trueCells->centreRow() : t.centreRow;
      const double fromCol = trueCells ? trueCells->centreCol() : t.centreCol;
      const int dr = static_cast<int>(std::lround(cells->centreRow() - fromRow));
      const int dc = static_cast<int>(std::lround(cells->centreCol() - fromCol));
      const auto mask = shifted(run.mask, dr, dc), pattern = shifted(run.pattern, dr, dc);
      t.asrByPosition.emplace_back(placement, reversedAttackSuccess(subject, others, mask, pattern, run.cls));
    }
  }
  return report;
}

}  // namespace gaplab
