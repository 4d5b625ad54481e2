// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/training.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <vector>

#include "classifier.h"
#include "gaplab/error.h"
#include "image_set_impl.h"
#include "image_model_impl.h"

namespace gaplab {

std::string toString(OptimizerKind kind) {
  switch (kind) {
    case OptimizerKind::RmsProp: return "rmsprop";
    case OptimizerKind::Adam: return "adam";
    case OptimizerKind::Sgd: return "sgd";
  }
  return "adam";
}

OptimizerKind optimizerFromString(const std::string& text) {
  if (text == "rmsprop") return OptimizerKind::RmsProp;
  if (text == "adam") return OptimizerKind::Adam;
  if (text == "sgd") return OptimizerKind::Sgd;
  throw Error("unknown optimizer '" + text + "' (known: rmsprop, adam, sgd)");
}

void TrainingConfig::validate() const {
  if (epochs <= 0) throw Error("epochs must be >= 1, got " + std::to_string(epochs));
  if (batchSize <= 0) throw Error("batch size must be >= 1, got " + std::to_string(batchSize));
  if (patience < 0) throw Error("patience must be >= 0, got " + std::to_string(patience));
  if (!(lr > 0) || !std::isfinite(lr)) throw Error("learning rate must be positive, got " + std::to_string(lr));
  if (!(l2 >= 0) || !std::isfinite(l2)) throw Error("l2 must be >= 0, got " + std::to_string(l2));
  if (threads < 0) throw Error("threads must be >= 0, got " + std::to_string(threads));
  for (const auto& step : schedule)
    if (!(step.lr > 0) || step.fromEpoch < 0)
      throw Error("bad schedule step: from epoch " + std::to_string(step.fromEpoch) + ", lr " + std::to_string(step.lr));
}

double TrainingConfig::lrAt(int epoch) const {
  double current = lr;
  int from = -1;
  for (const auto& step : schedule)
    if (step.fromEpoch <= epoch && step.fromEpoch >= from) {
      current = step.lr;
      from = step.fromEpoch;
    }
  return current;
}

void setTorchThreads(int threads) {
  if (threads > 0) torch::set_num_threads(threads);
}

void PauseGate::pause() {
  std::lock_guard<std::mutex> lock(mutex_);
  paused_ = true;
  stepEpoch_ = -1;
}

void PauseGate::resume() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    paused_ = false;
    stepEpoch_ = -1;
  }
  changed_.notify_all();
}

void PauseGate::stepEpoch() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    paused_ = true;
    stepEpoch_ = std::max(heldEpoch_, 0);
  }
  changed_.notify_all();
}

void PauseGate::wake() { changed_.notify_all(); }

bool PauseGate::waiting() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return waiting_;
}

bool PauseGate::paused() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return paused_;
}

void PauseGate::beforeBatch(int epoch, int) {
  std::unique_lock<std::mutex> lock(mutex_);
  heldEpoch_ = epoch;
  const auto mayRun = [&] { return !paused_ || epoch == stepEpoch_ || (stop_ && stop_->load()); };
  if (mayRun()) return;
  waiting_ = true;
  changed_.wait(lock, mayRun);
  waiting_ = false;
}

namespace {

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const TrainingConfig& c, std::vector<torch::Tensor> params) {
  namespace optim = torch::optim;
  switch (c.optimizer) {
    case OptimizerKind::RmsProp:
      return std::make_unique<optim::RMSprop>(params, optim::RMSpropOptions(c.lr).alpha(c.rho).eps(c.eps));
    case OptimizerKind::Adam: return std::make_unique<optim::Adam>(params, optim::AdamOptions(c.lr).eps(c.eps));
    case OptimizerKind::Sgd: return std::make_unique<optim::SGD>(params, optim::SGDOptions(c.lr).momentum(0.9));
  }
  throw Error("unknown optimizer");
}

torch::Tensor l2Penalty(ClassifierImpl& net, double l2) {
  auto penalty = torch::zeros({});
  if (l2 > 0)
    for (const auto& weight : net.l2Weights()) penalty = penalty + weight.pow(2).sum();
  return penalty * l2;
}

bool isBinary(const torch::Tensor& logits) { return logits.size(1) == 1; }

// Summed loss of a batch: cross-entropy, or binary cross-entropy on the single logit.
torch::Tensor summedLoss(const torch::Tensor& logits, const torch::Tensor& y) {
  namespace F = torch::nn::functional;
  if (isBinary(logits))
    return F::binary_cross_entropy_with_logits(
        logits.squeeze(1), y.to(torch::kFloat32),
        F::BinaryCrossEntropyWithLogitsFuncOptions().reduction(torch::kSum));
  return F::cross_entropy(logits, y, F::CrossEntropyFuncOptions().reduction(torch::kSum));
}

torch::Tensor classesOf(const torch::Tensor& logits) {
  return isBinary(logits) ? logits.squeeze(1).gt(0).to(torch::kLong) : logits.argmax(1);
}

// A deep copy of every parameter and buffer, to restore the best epoch.
using Snapshot = std::vector<torch::Tensor>;

Snapshot takeSnapshot(ClassifierImpl& net) {
  torch::NoGradGuard noGrad;
  Snapshot snapshot;
  for (const auto& p : net.parameters()) snapshot.push_back(p.detach().clone());
  for (const auto& b : net.buffers()) snapshot.push_back(b.detach().clone());
  return snapshot;
}

void restoreSnapshot(ClassifierImpl& net, const Snapshot& snapshot) {
  torch::NoGradGuard noGrad;
  std::size_t i = 0;
  for (auto& p : net.parameters()) p.copy_(snapshot[i++]);
  for (auto& b : net.buffers()) b.copy_(snapshot[i++]);
}

struct LossAndAccuracy {
  double loss = 0;
  double accuracy = 0;
};

LossAndAccuracy evaluateLoss(ClassifierImpl& net, const torch::Tensor& x, const torch::Tensor& y, double l2) {
  net.eval();
  torch::NoGradGuard noGrad;
  double lossSum = 0;
  int64_t correct = 0;
  const int64_t n = x.size(0);
  const int64_t batch = net.inferenceBatch();
  for (int64_t start = 0; start < n; start += batch) {
    const auto len = std::min(batch, n - start);
    const auto logits = net.forward(x.narrow(0, start, len));
    const auto target = y.narrow(0, start, len);
    lossSum += summedLoss(logits, target).item<double>();
    correct += classesOf(logits).eq(target).sum().item<int64_t>();
  }
  // Keras' val_loss includes the regularisation term; so does ours.
  return {lossSum / std::max<int64_t>(n, 1) + l2Penalty(net, l2).item<double>(), double(correct) / std::max<int64_t>(n, 1)};
}

}  // namespace

torch::Tensor predictClasses(ClassifierImpl& net, const torch::Tensor& inputs) {
  net.eval();
  torch::InferenceMode inference;
  std::vector<torch::Tensor> parts;
  const int64_t batch = net.inferenceBatch();
  for (int64_t start = 0; start < inputs.size(0); start += batch)
    parts.push_back(classesOf(net.forward(inputs.narrow(0, start, std::min(batch, inputs.size(0) - start)))));
  return parts.empty() ? torch::zeros({0}, torch::kLong) : torch::cat(parts);
}

TrainingResult trainClassifier(ClassifierImpl& net, const torch::Tensor& x, const torch::Tensor& y,
                               const torch::Tensor& xVal, const torch::Tensor& yVal, const TrainingConfig& config,
                               const TrainingCallbacks& callbacks, const std::atomic<bool>* stop) {
  config.validate();
  if (x.size(0) == 0) throw Error("the training set is empty");
  setTorchThreads(config.threads);
  // Shuffling and dropout draw from the network's own stream, seeded here.
  net.reseedRandomStream(streamSeed(config.seed, RandomStream::Training));

  const auto optimizer = makeOptimizer(config, net.parameters());
  const int64_t n = x.size(0);
  const int batches = static_cast<int>((n + config.batchSize - 1) / config.batchSize);
  const bool hasValidation = xVal.defined() && xVal.size(0) > 0;
  const bool earlyStopping = config.patience > 0 && hasValidation;

  TrainingResult result;
  Snapshot best;
  for (int epoch = 0; epoch < config.epochs; ++epoch) {
    const double lr = config.lrAt(epoch);
    for (auto& group : optimizer->param_groups()) group.options().set_lr(lr);
    net.train();
    const auto order = torch::randperm(n, net.randomStream(), torch::kLong);
    double lossSum = 0;
    int64_t correct = 0;
    for (int b = 0; b < batches; ++b) {
      if (callbacks.beforeBatch) callbacks.beforeBatch(epoch, b + 1);
      if (stop && stop->load()) throw Cancelled();
      const int64_t start = static_cast<int64_t>(b) * config.batchSize;
      const auto index = order.narrow(0, start, std::min<int64_t>(config.batchSize, n - start));
      const auto xb = x.index_select(0, index);
      const auto yb = y.index_select(0, index);
      optimizer->zero_grad();
      const auto logits = net.forward(xb);
      const auto loss = summedLoss(logits, yb) / static_cast<double>(index.size(0)) + l2Penalty(net, config.l2);
      const double lossValue = loss.item<double>();
      if (!std::isfinite(lossValue))
        throw Error("training diverged: loss is " + std::to_string(lossValue) + " at epoch " +
                    std::to_string(epoch + 1) + ", batch " + std::to_string(b + 1) + " (try a lower learning rate)");
      loss.backward();
      optimizer->step();
      lossSum += lossValue * static_cast<double>(index.size(0));
      correct += classesOf(logits.detach()).eq(yb).sum().item<int64_t>();
      if (callbacks.onBatch) callbacks.onBatch({epoch, config.epochs, b + 1, batches, lossValue});
      if (callbacks.afterBatch) {
        callbacks.afterBatch(epoch, b + 1, batches);
        net.train();  // a look switches to eval mode
      }
    }

    EpochReport report;
    report.epoch = epoch;
    report.lr = lr;
    report.trainLoss = lossSum / static_cast<double>(n);
    report.trainAccuracy = double(correct) / static_cast<double>(n);
    if (hasValidation) {
      const auto v = evaluateLoss(net, xVal, yVal, config.l2);
      report.validationLoss = v.loss;
      report.validationAccuracy = v.accuracy;
    }
    result.history.push_back(report);
    result.epochsRun = epoch + 1;
    if (callbacks.onEpoch) callbacks.onEpoch(report);

    if (!earlyStopping) continue;
    if (result.bestEpoch < 0 || report.validationLoss < result.bestValidationLoss) {
      result.bestEpoch = epoch;
      result.bestValidationLoss = report.validationLoss;
      best = takeSnapshot(net);
    } else if (epoch - result.bestEpoch >= config.patience) {
      result.stoppedEarly = true;
      break;
    }
  }
  if (earlyStopping && !best.empty()) restoreSnapshot(net, best);
  if (!earlyStopping) result.bestEpoch = result.epochsRun - 1;
  net.eval();
  return result;
}

namespace {

// When to look within an epoch: every `every` batches, or, with a cost
// share, as often as the looks measured so far allow. A look costs more
// than its own time (the batches after it run slower while the kernels set
// up for inference are set up for training again), so its cost is measured
// over whole epochs: the epoch's wall time less its batches at their median
// time and its validation, per look.
struct LookSchedule {
  using Clock = std::chrono::steady_clock;
  std::function<void(const TrainingPoint&)> look;
  int every = 0;
  double share = 0;
  int batchesPerEpoch = 0;
  Clock::time_point last = Clock::now();         // end of the latest batch or look
  Clock::time_point epochStart = Clock::now();
  std::vector<double> batchSeconds;              // this epoch's batches
  int looks = 0;                                 // this epoch's
  double lookSeconds = 0;                        // this epoch's looks, their own time
  double lookCost = 0;                           // per look, as measured
  double epochTrainingSeconds = 0;               // batches and validation, looks excluded

  static double seconds(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double>(to - from).count();
  }
  void lookAt(const TrainingPoint& point) {
    const auto start = Clock::now();
    look(point);
    last = Clock::now();
    ++looks;
    lookSeconds += seconds(start, last);
    lookCost = std::max(lookCost, seconds(start, last));  // a floor until an epoch has been measured
    if (share > 0 && lookCost > 0 && epochTrainingSeconds == 0 && !batchSeconds.empty()) {
      epochTrainingSeconds = median() * batchesPerEpoch;  // a first guess, within the first epoch
      every = interval();
    }
  }
  double median() const {
    auto sorted = batchSeconds;
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<long>(sorted.size() / 2), sorted.end());
    return sorted[sorted.size() / 2];
  }
  // Readings an epoch that cost `share` of its training time, spread evenly;
  // 0 (epoch ends only) when fewer than two fit.
  int interval() const {
    if (lookCost <= 0 || batchesPerEpoch == 0) return 0;
    const int readings = static_cast<int>(share * epochTrainingSeconds / lookCost);
    return readings < 2 ? 0 : (batchesPerEpoch + readings - 1) / readings;
  }
  void epochEnded(const TrainingPoint& point) {
    const auto validationStart = last;
    const auto validationEnd = Clock::now();
    lookAt(point);
    if (share > 0 && !batchSeconds.empty()) {
      const double wall = seconds(epochStart, last);
      const double training = median() * static_cast<double>(batchSeconds.size()) + seconds(validationStart, validationEnd);
      epochTrainingSeconds = training;
      // A look costs at least its own time: on a noisy machine the epoch's
      // wall time less its median batches can come out near zero or below,
      // and a cost of zero would stop the readings within epochs altogether.
      lookCost = std::max(wall - training, lookSeconds) / std::max(looks, 1);
      every = interval();
    }
    batchSeconds.clear();
    looks = 0;
    lookSeconds = 0;
    epochStart = last;
  }
};

}  // namespace

TrainingCallbacks withLooks(TrainingCallbacks callbacks, int everyBatches, std::function<void(const TrainingPoint&)> look,
                            double costShare) {
  if (!look) return callbacks;
  auto schedule = std::make_shared<LookSchedule>();
  schedule->look = std::move(look);
  schedule->every = costShare > 0 ? 0 : everyBatches;
  schedule->share = costShare;
  callbacks.afterBatch = [first = std::move(callbacks.afterBatch), schedule](int epoch, int batch, int batches) {
    if (first) first(epoch, batch, batches);
    auto& s = *schedule;
    const auto now = LookSchedule::Clock::now();
    s.batchSeconds.push_back(LookSchedule::seconds(s.last, now));
    s.last = now;
    s.batchesPerEpoch = batches;
    // The epoch's last batch is looked at after validation, as its end.
    if (s.every > 0 && batch % s.every == 0 && batch < batches) s.lookAt({epoch, batch, batches});
  };
  callbacks.onEpoch = [first = std::move(callbacks.onEpoch), schedule](const EpochReport& report) {
    if (first) first(report);
    auto& s = *schedule;
    const int batches = std::max(s.batchesPerEpoch, 1);
    s.epochEnded({report.epoch, batches, batches});
  };
  return callbacks;
}

TrainingResult trainModel(ImageModel& model, const ImageSet& train, const ImageSet& validation,
                          const TrainingConfig& config, const TrainingCallbacks& callbacks,
                          const std::atomic<bool>* stop) {
  if (train.size() == 0) throw Error("the training set is empty");
  if (!(train.shape() == model.config().input)) throw Error("training images do not match the model's input shape");
  if (validation.size() > 0 && !(validation.shape() == model.config().input))
    throw Error("validation images do not match the model's input shape");
  return trainClassifier(*model.impl().net, imagesOf(train), labelsOf(train), imagesOf(validation),
                         labelsOf(validation), config, callbacks, stop);
}

}  // namespace gaplab
