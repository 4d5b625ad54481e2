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

template <typename T>
void shuffleInPlace(std::vector<T>& values, SplitMix64& rng) {
  for (std::size_t i = values.size(); i > 1; --i) std::swap(values[i - 1], values[rng.below(i)]);
}

}  // namespace gaplab
