// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: the four defences, each written once against DefenceSubject.
#include <atomic>

#include "defence_subject.h"
#include "gaplab/defences.h"
#include "gaplab/error.h"

namespace gaplab {

NeuralCleanseReport neuralCleanse(DefenceSubject& subject, const NeuralCleanseSettings& settings,
                                  const std::vector<std::string>& positions, std::uint64_t seed,
                                  const DefenceProgressFn& progress, const std::atomic<bool>* stop);

StripReport strip(DefenceSubject& subject, const StripSettings& settings, const std::vector<std::string>& positions,
                  std::uint64_t seed, const DefenceProgressFn& progress, const std::atomic<bool>* stop);

PoisonFilterReport activationClustering(DefenceSubject& subject, const PoisonFilterSettings& settings,
                                        std::uint64_t seed, const DefenceProgressFn& progress,
                                        const std::atomic<bool>* stop);

PoisonFilterReport spectralSignatures(DefenceSubject& subject, const PoisonFilterSettings& settings,
                                      const DefenceProgressFn& progress, const std::atomic<bool>* stop);

// Throws Cancelled when *stop.
inline void checkStop(const std::atomic<bool>* stop) {
  if (stop && stop->load()) throw Cancelled();
}

}  // namespace gaplab
