// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: a tiny portable generator (splitmix64). Used wherever a seeded
// choice must be identical across platforms and library versions (triggers,
// splits, poison selection); std:: distributions are not portable.
#include <cstdint>
#include <utility>
#include <vector>

namespace gaplab {

class SplitMix64 {
public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1) with 24 random bits: exactly representable as float.
  float uniformFloat() { return static_cast<float>(next() >> 40) * (1.0f / 16777216.0f); }
  // Uniform in [0, bound).
  std::uint64_t below(std::uint64_t bound) { return bound ? next() % bound : 0; }

private:
  std::uint64_t state_;
};

// The named random streams of one training. Each is seeded from the rep's
// seed (ExperimentSpec::seedForRep) and its name, so the same seed makes the
// same choices in every modality and no two choices replay the same draws.
// A new stream takes a new number; the numbers never change (they are part
// of every trained model's bits).
enum class RandomStream : std::uint64_t {
  Initialisation = 1,             // the weights
  Training = 2,                   // shuffling and dropout
  TrainingPoisonChoice = 3,       // which training inputs carry the trigger
  ValidationPoisonChoice = 4,     // which validation inputs carry it
  TrainingPoisonPlacement = 5,    // random placements (and patterns) of the training poison
  ValidationPoisonPlacement = 6,  // random placements (and patterns) of the validation poison
};
inline std::uint64_t streamSeed(std::uint64_t seed, RandomStream stream) {
  SplitMix64 mix(seed ^ (static_cast<std::uint64_t>(stream) * 0xd1b54a32d192ed03ULL));
  return mix.next();
}

template <typename T>
void shuffleInPlace(std::vector<T>& values, SplitMix64& rng) {
  for (std::size_t i = values.size(); i > 1; --i) std::swap(values[i - 1], values[rng.below(i)]);
}

}  // namespace gaplab
