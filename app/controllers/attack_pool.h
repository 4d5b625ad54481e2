#pragma once
#include <algorithm>
#include <vector>

#include "gaplab/evaluation.h"

namespace gaplab::app {

// The rows an attack is measured on (true class != target), in core's fixed
// order: the GUI's adaptive estimates sample the inputs the CLI's sweep does.
inline std::vector<int> shuffledPool(const std::vector<int>& labels, int target) {
  return attackOrder(labels, target);
}

inline std::vector<int> slice(const std::vector<int>& rows, int start, int count) {
  start = std::clamp(start, 0, static_cast<int>(rows.size()));
  count = std::clamp(count, 0, static_cast<int>(rows.size()) - start);
  return {rows.begin() + start, rows.begin() + start + count};
}

}  // namespace gaplab::app
