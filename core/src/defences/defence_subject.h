// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: what the defences (gaplab/defences.h) see of one trained model,
// whatever its modality. Each modality implements it once, beside its
// implementation of the modality interface; the defences are written once
// against it.
//
// Inputs are continuous tensors [N, C, R, K] that the model classifies
// differentiably: images (channels, rows, columns), sound features (1,
// frames, coefficients), text embeddings (dimensions, tokens, 1). A Neural
// Cleanse mask is [R, K], shared over C.
#include <torch/torch.h>

#include <optional>
#include <string>
#include <vector>

#include "gaplab/experiment_spec.h"
#include "gaplab/checkpoint.h"

namespace gaplab {

// Cells [row, row + rows) x [col, col + cols) of the mask grid.
struct CellBox {
  int row = 0, col = 0, rows = 0, cols = 0;
  double centreRow() const { return row + (rows - 1) / 2.0; }
  double centreCol() const { return col + (cols - 1) / 2.0; }
};

// The representation before the head of every training input, with the
// poison it was trained with (AC and SS filter training data).
struct TrainingRepresentations {
  torch::Tensor features;  // [N, D] float
  std::vector<int> labels;  // as trained on (poisoned inputs carry the target)
  std::vector<char> poisoned;
};

class DefenceSubject {
public:
  virtual ~DefenceSubject() = default;
  virtual const TrainingRecord& record() const = 0;
  virtual int numClasses() const = 0;
  virtual int target() const = 0;
  virtual std::vector<std::string> classNames() const = 0;
  // Shape of one continuous input: {C, R, K}.
  virtual std::vector<int64_t> inputShape() const = 0;
  // The valid input box, broadcastable to [C, R, K].
  virtual torch::Tensor lower() const = 0;
  virtual torch::Tensor upper() const = 0;
  // Logits [N, classes] (binary models: [0, z]), differentiable in `inputs`.
  virtual torch::Tensor logits(const torch::Tensor& inputs) = 0;

  // The test inputs are split in two: the defender's clean inputs (the first
  // half: NC optimises on them, STRIP overlays them) and the inputs checked
  // (the second half: reversed triggers' ASR, STRIP's clean and triggered inputs).
  virtual int heldOutCount() const = 0;
  virtual torch::Tensor heldOut(const std::vector<int>& rows) = 0;
  virtual int checkedCount() const = 0;
  virtual const std::vector<int>& checkedLabels() const = 0;
  // Checked inputs `rows`, clean (empty placement) or with the trigger at a named placement.
  virtual torch::Tensor checked(const std::vector<int>& rows, const std::string& placement) = 0;
  // STRIP's probabilities [partners, classes] of checked input `row` (the
  // trigger at `placement`, if any) superimposed on each held-out partner,
  // the modality's way.
  virtual torch::Tensor superimposed(int row, const std::string& placement, const std::vector<int>& partners) = 0;
  // The trigger's cells at a named placement, when they are the same for every input.
  virtual std::optional<CellBox> triggerCells(const std::string& placement) const = 0;
  // The poisoned training set as this model was trained on it, through the model.
  virtual TrainingRepresentations representations(const std::atomic<bool>* stop) = 0;
  // Which boundary STRIP's tables use by default: normal for images, empirical for sound and text.
  virtual bool empiricalStripBoundary() const = 0;
};

// Batched forward passes without gradients.
torch::Tensor probabilitiesOf(DefenceSubject& subject, const torch::Tensor& inputs, int64_t batch = 256);

// Two-class logits [N, 2] = [0, z] from a binary model's single logit [N, 1]:
// softmax gives (1 - sigmoid(z), sigmoid(z)).
inline torch::Tensor binaryLogits(const torch::Tensor& z) {
  return torch::cat({torch::zeros_like(z), z}, 1);
}

}  // namespace gaplab
