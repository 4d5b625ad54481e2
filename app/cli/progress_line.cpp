// SPDX-License-Identifier: GPL-3.0-or-later
#include "progress_line.h"

#include <unistd.h>

#include <cstdio>

namespace gaplab::cli {

ProgressLine::ProgressLine() : terminal_(::isatty(STDERR_FILENO) != 0) {}

ProgressLine::~ProgressLine() {
  if (terminal_ && shown_) std::fputc('\n', stderr);
}

void ProgressLine::update(const std::string& text) {
  if (!terminal_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  std::fprintf(stderr, "\r%-*s", static_cast<int>(shown_), text.c_str());
  shown_ = text.size();
  std::fflush(stderr);
}

void ProgressLine::finish(const std::string& text) {
  if (terminal_) std::fprintf(stderr, "\r%-*s\n", static_cast<int>(shown_), text.c_str());
  else std::fprintf(stderr, "%s\n", text.c_str());
  shown_ = 0;
  std::fflush(stderr);
}

void ProgressLine::training(int training, int trainings, const std::string& label, const std::string& batchText,
                            bool epochDone) {
  const auto text = "[" + std::to_string(training) + "/" + std::to_string(trainings) + "] " + label + ": " + batchText;
  if (epochDone || training != lastTraining_) finish(text);
  else update(text);
  lastTraining_ = training;
}

}  // namespace gaplab::cli
