// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: what every gaplab network is to the trainer and the evaluators,
// whatever its modality: inputs -> logits ([N, classes], or [N, 1] for a
// binary task scored by its single logit).
#include <torch/torch.h>

#include <atomic>
#include <vector>

#include "gaplab/training.h"
#include "process_tuning.h"
#include "random_stream.h"

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

  // The network's own random stream (random_stream.h): initialisation,
  // shuffling and dropout draw from it, never from LibTorch's global generator.
  at::Generator& randomStream() { return stream_; }
  void reseedRandomStream(std::uint64_t seed) { stream_.set_current_seed(seed); }

protected:
  // Gives every UniformDropout layer a handle on this network's stream; call
  // at the end of the constructor, once all layers are registered.
  void shareRandomStreamWithLayers();
  // Keras initialisation (Glorot-uniform kernels, zero biases) of every conv
  // and linear layer, in registration order, drawn from the stream.
  void initialiseKerasStyle();

private:
  at::Generator stream_ = makeRandomStream(0);
};

// A hash (FNV-1a) of every parameter's and buffer's bytes, in registration
// order: equal fingerprints mean tensor-for-tensor identical models.
std::uint64_t weightsFingerprint(const ClassifierImpl& net);

// Predicted classes (binary: logit > 0) in eval mode under InferenceMode.
torch::Tensor predictClasses(ClassifierImpl& net, const torch::Tensor& inputs);

// Trains `net` on (x, y), early-stopping on (xVal, yVal) if given. Cross-entropy
// for multi-class logits, binary cross-entropy on logits for a single output.
TrainingResult trainClassifier(ClassifierImpl& net, const torch::Tensor& x, const torch::Tensor& y,
                               const torch::Tensor& xVal, const torch::Tensor& yVal, const TrainingConfig& config,
                               const TrainingCallbacks& callbacks, const std::atomic<bool>* stop);

}  // namespace gaplab
