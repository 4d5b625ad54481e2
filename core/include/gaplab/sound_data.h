// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "gaplab/audio.h"

namespace gaplab {

struct SoundDatasetRequest {
  std::string name = "fsdd";  // fsdd | speech-commands | espeak-keywords
  std::string dataDir;        // fsdd: the recordings folder; speech-commands: the word folders; espeak-keywords: the cache root
  std::vector<std::string> words;  // speech-commands: a subset of words; espeak-keywords: the words to synthesise
  int rate = 16000;
  double clipSeconds = 1.0;
  Padding padding = Padding::End;
  std::string split = "takes";  // fsdd: "takes" (takes 0-4 test) or "speaker:NAME" (NAME's clips test)
  bool dropShort = false;       // drop clips shorter than clipSeconds instead of padding (the paper)
  double noise = 0;             // background noise amplitude added to every clip (seeded)
  double validationFraction = 0.2;
  double testFraction = 0.2;    // where a dataset marks no test split (the paper: 20%)
  std::uint64_t seed = 0;
  int limitTrain = 0;  // the first N training clips (before the validation split), after a seeded shuffle
  int limitTest = 0;
  std::function<void(int, int)> progress;  // synthesis progress (done, total)
};

// Clips at `rate`, all clipSeconds long, and labels; orders are seeded shuffles.
struct SoundSplits {
  std::vector<std::vector<float>> train, validation, test;
  std::vector<int> trainLabels, validationLabels, testLabels;
  std::vector<std::string> classNames;
  int rate = 16000;
};

std::vector<std::string> soundDatasetNames();
// $GAPLAB_FSDD_DIR, else shared/datasets/fsdd/recordings beside the source tree.
std::string defaultFsddDir();
// $XDG_CACHE_HOME (or ~/.cache)/gaplab/espeak-keywords
std::string defaultKeywordCache();
SoundSplits loadSoundDataset(const SoundDatasetRequest& request);

// Speech-commands-like keywords spoken by espeak-ng with several voices,
// speeds and pitches. Generated once into a folder under cacheRoot named by
// the settings, with a manifest; later calls reuse it. Returns that folder.
struct KeywordSynthesis {
  std::vector<std::string> words{"yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go"};
  std::vector<std::string> voices{"en", "en-us", "en-gb-scotland", "en-gb-x-rp", "en-029", "en+f2", "en+f4", "en+m3"};
  std::vector<int> speeds{130, 165, 200};
  std::vector<int> pitches{30, 50, 70};
};
std::string synthesiseKeywords(const KeywordSynthesis& synthesis, const std::string& cacheRoot,
                               const std::function<void(int, int)>& progress = {});

}  // namespace gaplab
