// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: where a text trigger can go: the standardised token its words
// are inserted before.
#include <functional>

#include "poison_plan.h"

namespace gaplab {

// "@TOKEN".
inline std::string textPlacementToken(Placement placement) { return "@" + std::to_string(placement.x); }

class TextPlacements : public TriggerPlacements {
public:
  // `cleanLength(input)`: the input's token count without the trigger (only
  // random placements need it).
  TextPlacements(int words, int sequenceLength, std::function<int(int input)> cleanLength = {})
      : words_(words), sequenceLength_(sequenceLength), cleanLength_(std::move(cleanLength)) {}
  Extent extent() const override { return {1, words_}; }
  // Every token index up to the model's sequence length (past the review's
  // end the trigger follows its last word; past the sequence it is cut).
  std::vector<Placement> placements(int stride) const override;
  // An index at which the whole trigger lands inside both the review and the model's sequence.
  Placement randomPlacement(int input, SplitMix64& rng) const override;
  std::string token(Placement placement) const override { return textPlacementToken(placement); }

private:
  int words_;
  int sequenceLength_;
  std::function<int(int)> cleanLength_;
};

}  // namespace gaplab
