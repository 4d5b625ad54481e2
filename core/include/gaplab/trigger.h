// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "gaplab/image_set.h"

namespace gaplab {

enum class BlendMode {
  Add,      // x + mask * pattern (the paper's trigger)
  Replace,  // (1 - mask) * x + mask * pattern
  Alpha,    // (1 - alpha * mask) * x + alpha * mask * pattern
};
std::string toString(BlendMode mode);
BlendMode blendModeFromString(const std::string& text);

// A trigger: a pattern of any size with a mask of any shape. Mask values are
// weights in [0,1]; 0 leaves the pixel alone.
struct Trigger {
  int channels = 1;
  int height = 0;
  int width = 0;
  std::vector<float> pattern;  // channels * height * width, CHW
  std::vector<float> mask;     // height * width
  BlendMode blend = BlendMode::Add;
  float alpha = 1.0f;
  bool clip = false;  // clamp stamped pixels to [0,1]; the paper does not

  void validate() const;  // throws Error on inconsistent sizes or values
};

// How to make a trigger; this is what experiment specs store.
struct TriggerSpec {
  // random: uniform [0,1) from gaplab's portable generator; numpy-random: the
  // authors' exact values (NumPy RandomState(seed), HWC order; they used 42);
  // solid | checkerboard: `value`; painted: `values` and `maskValues`, as
  // drawn in the GUI.
  std::string pattern = "random";
  int width = 8;
  int height = 8;
  std::uint64_t seed = 0;  // for random patterns
  float value = 1.0f;      // for solid and checkerboard patterns
  std::string mask = "full";  // full | ellipse | cross | diamond
  BlendMode blend = BlendMode::Add;
  float alpha = 1.0f;
  bool clip = false;
  // painted: height x width values per channel (CHW; one channel is used for
  // every channel of the image) and height x width mask weights.
  std::vector<float> values;
  std::vector<float> maskValues;
};

Trigger makeTrigger(const TriggerSpec& spec, int channels);
// Every value TriggerSpec::pattern may take.
const std::vector<std::string>& triggerPatternNames();
// The paper's trigger: every pixel and channel uniform in [0,1) from a fixed
// seed. The generator is our own (splitmix64) so the pattern is identical on
// every platform and library version.
std::vector<float> uniformPattern(int count, std::uint64_t seed);
// NumPy's np.random.seed(seed); np.random.random(channels) per pixel, row by
// row: the authors' trigger bit for bit. Returned in CHW order.
std::vector<float> numpyPattern(int channels, int height, int width, std::uint64_t seed);

}  // namespace gaplab
