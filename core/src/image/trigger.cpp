// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/trigger.h"

#include <cmath>
#include <random>

#include "gaplab/error.h"
#include "joined.h"
#include "rng.h"

namespace gaplab {

std::string toString(BlendMode mode) {
  switch (mode) {
    case BlendMode::Add: return "add";
    case BlendMode::Replace: return "replace";
    case BlendMode::Alpha: return "alpha";
  }
  return "add";
}

BlendMode blendModeFromString(const std::string& text) {
  if (text == "add") return BlendMode::Add;
  if (text == "replace") return BlendMode::Replace;
  if (text == "alpha") return BlendMode::Alpha;
  throw Error("unknown blend mode '" + text + "' (known: add, replace, alpha)");
}

void Trigger::validate() const {
  if (channels <= 0 || height <= 0 || width <= 0)
    throw Error("trigger size must be positive, got " + std::to_string(channels) + "x" + std::to_string(height) +
                "x" + std::to_string(width));
  if (pattern.size() != static_cast<std::size_t>(channels * height * width))
    throw Error("trigger pattern holds " + std::to_string(pattern.size()) + " values, expected " +
                std::to_string(channels * height * width));
  if (mask.size() != static_cast<std::size_t>(height * width))
    throw Error("trigger mask holds " + std::to_string(mask.size()) + " values, expected " +
                std::to_string(height * width));
  for (float v : pattern)
    if (!std::isfinite(v)) throw Error("trigger pattern contains a non-finite value");
  for (float m : mask)
    if (!(m >= 0.0f && m <= 1.0f)) throw Error("trigger mask values must be in [0, 1], got " + std::to_string(m));
  if (!(alpha >= 0.0f && alpha <= 1.0f)) throw Error("trigger alpha must be in [0, 1], got " + std::to_string(alpha));
}

std::vector<float> uniformPattern(int count, std::uint64_t seed) {
  SplitMix64 rng(seed);
  std::vector<float> values(static_cast<std::size_t>(count));
  for (auto& v : values) v = rng.uniformFloat();
  return values;
}

std::vector<float> numpyPattern(int channels, int height, int width, std::uint64_t seed) {
  // NumPy's legacy RandomState(seed) is MT19937 seeded exactly like
  // std::mt19937(seed); random_sample() builds a double from two outputs.
  std::mt19937 mt(static_cast<std::uint32_t>(seed));
  auto randomSample = [&mt] {
    const double a = mt() >> 5, b = mt() >> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  };
  // The authors fill an HWC array row by row, channel innermost; gaplab stores CHW.
  std::vector<float> values(static_cast<std::size_t>(channels * height * width));
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      for (int c = 0; c < channels; ++c)
        values[static_cast<std::size_t>((c * height + y) * width + x)] = static_cast<float>(randomSample());
  return values;
}

namespace {

std::vector<float> makeMask(const std::string& shape, int h, int w) {
  std::vector<float> mask(static_cast<std::size_t>(h * w), 0.0f);
  const double cy = h / 2.0, cx = w / 2.0;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      // Pixel centres, normalised to [-1, 1] across the trigger.
      const double dy = (y + 0.5 - cy) / cy, dx = (x + 0.5 - cx) / cx;
      bool on = false;
      if (shape == "full") on = true;
      else if (shape == "ellipse") on = dx * dx + dy * dy <= 1.0;
      else if (shape == "diamond") on = std::abs(dx) + std::abs(dy) <= 1.0;
      else if (shape == "cross") on = std::abs(dx) <= 0.34 || std::abs(dy) <= 0.34;
      else throw Error("unknown trigger mask '" + shape + "' (known: full, ellipse, diamond, cross)");
      mask[static_cast<std::size_t>(y * w + x)] = on ? 1.0f : 0.0f;
    }
  }
  return mask;
}

std::vector<float> makePattern(const TriggerSpec& spec, int channels) {
  const int count = channels * spec.height * spec.width;
  if (spec.pattern == "random") return uniformPattern(count, spec.seed);
  if (spec.pattern == "numpy-random") return numpyPattern(channels, spec.height, spec.width, spec.seed);
  if (spec.pattern == "solid") return std::vector<float>(static_cast<std::size_t>(count), spec.value);
  if (spec.pattern == "painted") {
    const auto plane = static_cast<std::size_t>(spec.height * spec.width);
    if (spec.values.size() == plane * static_cast<std::size_t>(channels)) return spec.values;
    if (spec.values.size() != plane)
      throw Error("painted trigger: expected " + std::to_string(plane) +
                  (channels > 1 ? " or " + std::to_string(plane * static_cast<std::size_t>(channels)) : std::string()) +
                  " values for " + std::to_string(spec.width) + "x" + std::to_string(spec.height) + ", got " +
                  std::to_string(spec.values.size()));
    std::vector<float> values;
    for (int c = 0; c < channels; ++c) values.insert(values.end(), spec.values.begin(), spec.values.end());
    return values;
  }
  if (spec.pattern == "checkerboard") {
    std::vector<float> values(static_cast<std::size_t>(count));
    for (int c = 0; c < channels; ++c)
      for (int y = 0; y < spec.height; ++y)
        for (int x = 0; x < spec.width; ++x)
          values[static_cast<std::size_t>((c * spec.height + y) * spec.width + x)] = (x + y) % 2 ? 0.0f : spec.value;
    return values;
  }
  throw Error("unknown trigger pattern '" + spec.pattern + "' (known: " + joined(triggerPatternNames()) + ")");
}

}  // namespace

const std::vector<std::string>& triggerPatternNames() {
  static const std::vector<std::string> names{"random", "numpy-random", "solid", "checkerboard", "painted"};
  return names;
}

Trigger makeTrigger(const TriggerSpec& spec, int channels) {
  if (spec.width <= 0 || spec.height <= 0)
    throw Error("trigger size must be positive, got " + std::to_string(spec.width) + "x" + std::to_string(spec.height));
  if (channels <= 0) throw Error("trigger channels must be positive, got " + std::to_string(channels));
  Trigger trigger;
  trigger.channels = channels;
  trigger.height = spec.height;
  trigger.width = spec.width;
  trigger.pattern = makePattern(spec, channels);
  if (spec.pattern == "painted" && !spec.maskValues.empty()) {
    if (spec.maskValues.size() != static_cast<std::size_t>(spec.height * spec.width))
      throw Error("painted trigger: expected " + std::to_string(spec.height * spec.width) + " mask values, got " +
                  std::to_string(spec.maskValues.size()));
    trigger.mask = spec.maskValues;
  } else {
    trigger.mask = makeMask(spec.mask, spec.height, spec.width);
  }
  trigger.blend = spec.blend;
  trigger.alpha = spec.alpha;
  trigger.clip = spec.clip;
  trigger.validate();
  return trigger;
}

}  // namespace gaplab
