// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A poison count that is a large share of the training split actually used
// drowns the clean task: lecture-text's 800 poisoned reviews on a folder of
// 3,000 left both heads at 52-55% clean accuracy with 99% ASR everywhere. The
// front ends say so before training (the CLI on stderr, the Setup panel
// beside the count); nothing is refused, since a large share can be the
// point of an experiment.
#include <optional>
#include <string>

namespace gaplab {

// Above this share of the training split a poison count is called large.
inline constexpr double kLargePoisonShare = 0.2;

// "poisoning N of M training inputs (P%) ...", when N / M > kLargePoisonShare.
std::optional<std::string> largePoisonShareWarning(int poisonCount, int trainingInputs);

}  // namespace gaplab
