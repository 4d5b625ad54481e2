// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/poison_share.h"

#include <cmath>
#include <cstdio>

namespace gaplab {

std::optional<std::string> largePoisonShareWarning(int poisonCount, int trainingInputs) {
  if (trainingInputs <= 0 || poisonCount <= kLargePoisonShare * trainingInputs) return std::nullopt;
  char text[200];
  std::snprintf(text, sizeof text,
                "poisoning %d of %d training inputs (%.1f%%) is more than %.0f%%: the models may learn the "
                "trigger and little of the clean task",
                poisonCount, trainingInputs, 100.0 * poisonCount / trainingInputs, 100 * kLargePoisonShare);
  return std::string(text);
}

}  // namespace gaplab
