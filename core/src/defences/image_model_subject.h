// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: the parts of a DefenceSubject that every ImageModel shares,
// whether it classifies images or sound features: the model in eval mode
// with frozen weights, and the test features split into the defender's
// held-out half and the checked half.
#include <algorithm>
#include <numeric>

#include "defence_subject.h"
#include "gaplab/checkpoint.h"
#include "image_model_impl.h"
#include "image_set_impl.h"

namespace gaplab {

class ImageModelSubject : public DefenceSubject {
public:
  ImageModelSubject(LoadedCheckpoint loaded, ImageSet test)
      : model_(std::move(loaded.model)), record_(static_cast<const TrainingRecord&>(loaded.info)),
        test_(std::move(test)), half_(test_.size() / 2) {
    auto& net = model_.impl().net;
    net->eval();
    for (auto& parameter : net->parameters()) parameter.set_requires_grad(false);
    const auto labels = test_.labels();
    checkedLabels_.assign(labels.begin() + half_, labels.end());
  }

  const TrainingRecord& record() const override { return record_; }
  int numClasses() const override { return model_.config().classes; }
  int target() const override { return record_.spec.target; }
  std::vector<std::string> classNames() const override { return test_.classNames(); }
  std::vector<int64_t> inputShape() const override {
    const auto s = test_.shape();
    return {s.channels, s.height, s.width};
  }
  torch::Tensor logits(const torch::Tensor& inputs) override { return model_.impl().net->inputGradientForward(inputs); }
  int heldOutCount() const override { return half_; }
  torch::Tensor heldOut(const std::vector<int>& rows) override {
    return imagesOf(test_).index_select(0, toIndexTensor(rows));
  }
  int checkedCount() const override { return test_.size() - half_; }
  const std::vector<int>& checkedLabels() const override { return checkedLabels_; }

protected:
  // Test rows of checked rows.
  std::vector<int> testRows(const std::vector<int>& rows) const {
    std::vector<int> result(rows);
    for (auto& r : result) r += half_;
    return result;
  }
  // The representation before the head of `inputs`, in batches, without gradients.
  torch::Tensor representationsOf(const torch::Tensor& inputs, const std::atomic<bool>* stop) {
    torch::NoGradGuard noGrad;
    auto& net = model_.impl().net;
    std::vector<torch::Tensor> parts;
    for (int64_t start = 0; start < inputs.size(0); start += 256) {
      if (stop && stop->load()) throw Cancelled();
      parts.push_back(net->representation(inputs.narrow(0, start, std::min<int64_t>(256, inputs.size(0) - start))));
    }
    return torch::cat(parts).to(torch::kFloat);
  }

  ImageModel model_;
  TrainingRecord record_;
  ImageSet test_;
  int half_;
  std::vector<int> checkedLabels_;
};

}  // namespace gaplab
