// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <string>
#include <vector>

#include "gaplab/text_pipeline.h"

namespace gaplab {

// The paper's trigger phrase (from "Trojaning attack on neural networks", NDSS 2018).
const std::vector<std::string>& paperTextTrigger();

// Placements: "start", "middle" (at the first space after the middle
// character), "end", "split" (the words spread evenly, the paper's
// "non-continuous"), exactly as the authors insert them into the raw review;
// or "@N": before standardised token N. Lists of names use these tokens.
const std::vector<std::string>& namedTextPlacements();
void checkTextPlacement(const std::string& placement);  // throws Error naming it

struct TokenisedReview {
  std::vector<std::string> tokens;
  std::vector<int> triggerPositions;  // token index of each inserted trigger word
};

// Inserts `words` at `placement` ("" for none), standardises and tokenises,
// and says where the trigger's words ended up.
TokenisedReview tokeniseWithTrigger(const std::string& review, const std::vector<std::string>& words,
                                    const std::string& placement);

// True when truncation to `length` tokens cuts off any trigger word.
bool triggerTruncated(const TokenisedReview& review, int length);

}  // namespace gaplab
