// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <chrono>
#include <string>

namespace gaplab::cli {

// One progress line on stderr: rewritten in place on a terminal (at most a few
// times a second), a plain line per call to finish() otherwise.
class ProgressLine {
public:
  ProgressLine();
  ~ProgressLine();
  void update(const std::string& text);  // throttled
  void finish(const std::string& text);  // always shown, ends the line

  // A sweep's training `training` of `trainings` ("[3/18] label: epoch ..."):
  // each training's last batch of an epoch stays on screen, the rest is rewritten.
  void training(int training, int trainings, const std::string& label, const std::string& batchText, bool epochDone);

private:
  bool terminal_;
  int lastTraining_ = 0;
  std::chrono::steady_clock::time_point last_{};
  std::size_t shown_ = 0;
};

}  // namespace gaplab::cli
