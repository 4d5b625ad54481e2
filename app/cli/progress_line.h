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

private:
  bool terminal_;
  std::chrono::steady_clock::time_point last_{};
  std::size_t shown_ = 0;
};

}  // namespace gaplab::cli
