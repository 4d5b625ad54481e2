#pragma once
// Internal: what every gaplab network is to the trainer and the evaluators,
// whatever its modality: inputs -> logits ([N, classes], or [N, 1] for a
// binary task scored by its single logit).
#include <torch/torch.h>

#include <atomic>
#include <vector>

#include "gaplab/training.h"
#include "process_tuning.h"

namespace gaplab {

class ClassifierImpl : public torch::nn::Module {
public:
  // Every network needs the process-wide settings of process_tuning.h.
  ClassifierImpl() { tuneProcessForTorch(); }
  virtual torch::Tensor forward(const torch::Tensor& inputs) = 0;
  // Weights under the Keras-style L2 penalty (conv kernels in the paper's models).
  virtual std::vector<torch::Tensor> l2Weights() const = 0;
  // Evaluation batch size: small batches keep activations in cache (batch
  // 1,024 is ~2x slower than 64 on 28x28 images here).
  virtual int64_t inferenceBatch() const { return 64; }
};

// Predicted classes (binary: logit > 0) in eval mode under InferenceMode.
torch::Tensor predictClasses(ClassifierImpl& net, const torch::Tensor& inputs);

// Trains `net` on (x, y), early-stopping on (xVal, yVal) if given. Cross-entropy
// for multi-class logits, binary cross-entropy on logits for a single output.
TrainingResult trainClassifier(ClassifierImpl& net, const torch::Tensor& x, const torch::Tensor& y,
                               const torch::Tensor& xVal, const torch::Tensor& yVal, const TrainingConfig& config,
                               const TrainingCallbacks& callbacks, const std::atomic<bool>* stop);

}  // namespace gaplab
