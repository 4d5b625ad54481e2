// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/sound_data.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "gaplab/error.h"
#include "rng.h"

namespace gaplab {

namespace fs = std::filesystem;

namespace {

struct ClipFile {
  std::string path;
  int label = 0;
  std::string group;  // fsdd: speaker; speech commands: relative path "word/file.wav"
  int take = -1;      // fsdd
};

enum class Part { Train, Test };

std::vector<std::string> wavFiles(const fs::path& dir) {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".wav") files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

// FSDD: recordings/{digit}_{speaker}_{take}.wav
std::vector<ClipFile> fsddFiles(const std::string& dir) {
  if (!fs::is_directory(dir)) throw Error("fsdd: " + dir + " is not a folder (set --data-dir or GAPLAB_FSDD_DIR)");
  std::vector<ClipFile> files;
  for (const auto& path : wavFiles(dir)) {
    const auto stem = fs::path(path).stem().string();
    const auto first = stem.find('_'), last = stem.rfind('_');
    if (first == std::string::npos || first == last) throw Error(path + ": not named {digit}_{speaker}_{take}.wav");
    char* end = nullptr;
    const long digit = std::strtol(stem.substr(0, first).c_str(), &end, 10);
    const long take = std::strtol(stem.substr(last + 1).c_str(), &end, 10);
    if (digit < 0 || digit > 9) throw Error(path + ": digit " + std::to_string(digit) + " is not 0-9");
    files.push_back({path, static_cast<int>(digit), stem.substr(first + 1, last - first - 1), static_cast<int>(take)});
  }
  if (files.empty()) throw Error("fsdd: no .wav files in " + dir);
  return files;
}

Part fsddPart(const ClipFile& f, const std::string& split) {
  if (split == "takes") return f.take <= 4 ? Part::Test : Part::Train;
  if (split.rfind("speaker:", 0) == 0) return f.group == split.substr(8) ? Part::Test : Part::Train;
  throw Error("unknown fsdd split '" + split + "' (known: takes, speaker:NAME)");
}

std::set<std::string> readList(const fs::path& path) {
  std::set<std::string> entries;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (!line.empty()) entries.insert(line);
  }
  return entries;
}

// One folder per word; _background_noise_ and folders not in `words` skipped.
std::vector<ClipFile> wordFolderFiles(const std::string& dir, const std::vector<std::string>& words,
                                      std::vector<std::string>& classNames) {
  if (!fs::is_directory(dir)) throw Error(dir + ": not a folder of word folders");
  std::vector<std::string> folders;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_directory() && entry.path().filename() != "_background_noise_")
      folders.push_back(entry.path().filename().string());
  std::sort(folders.begin(), folders.end());
  if (!words.empty()) {
    for (const auto& word : words)
      if (std::find(folders.begin(), folders.end(), word) == folders.end())
        throw Error(dir + ": no folder for the word '" + word + "'");
    folders = words;
  }
  if (folders.empty()) throw Error(dir + ": no word folders");
  classNames = folders;
  std::vector<ClipFile> files;
  for (std::size_t label = 0; label < folders.size(); ++label)
    for (const auto& path : wavFiles(fs::path(dir) / folders[label]))
      files.push_back({path, static_cast<int>(label), folders[label] + "/" + fs::path(path).filename().string(), -1});
  return files;
}

struct Loaded {
  std::vector<std::vector<float>> clips;
  std::vector<int> labels;
};

Loaded loadClips(const std::vector<ClipFile>& files, const SoundDatasetRequest& r, SplitMix64& noise) {
  const int length = static_cast<int>(std::lround(r.clipSeconds * r.rate));
  Loaded loaded;
  for (const auto& file : files) {
    const auto audio = readAudio(file.path);
    const auto resampled = resample(audio.samples, audio.rate, r.rate);
    if (r.dropShort && static_cast<int>(resampled.size()) < length) continue;
    auto clip = fitLength(resampled, length, r.padding);
    if (r.noise > 0)
      for (auto& v : clip) v += static_cast<float>(r.noise * (2.0 * noise.uniformFloat() - 1.0));
    loaded.clips.push_back(std::move(clip));
    loaded.labels.push_back(file.label);
  }
  return loaded;
}

void shuffleFiles(std::vector<ClipFile>& files, std::uint64_t seed) {
  SplitMix64 rng(seed);
  shuffleInPlace(files, rng);
}

}  // namespace

std::vector<std::string> soundDatasetNames() { return {"fsdd", "speech-commands", "espeak-keywords"}; }

std::string defaultFsddDir() {
  if (const char* dir = std::getenv("GAPLAB_FSDD_DIR"); dir && *dir) return dir;
  return (fs::path(GAPLAB_SOURCE_DIR) / ".." / "shared" / "datasets" / "fsdd" / "recordings").lexically_normal().string();
}

std::string defaultKeywordCache() {
  fs::path cache;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) cache = xdg;
  else if (const char* home = std::getenv("HOME"); home && *home) cache = fs::path(home) / ".cache";
  else cache = fs::temp_directory_path();
  return (cache / "gaplab" / "espeak-keywords").string();
}

SoundSplits loadSoundDataset(const SoundDatasetRequest& r) {
  if (r.rate <= 0 || !(r.clipSeconds > 0)) throw Error("sample rate and clip length must be positive");
  if (r.limitTrain < 0 || r.limitTest < 0) throw Error("limits must be >= 0");
  SoundSplits splits;
  splits.rate = r.rate;
  std::vector<ClipFile> trainFiles, validationFiles, testFiles;
  bool validationMarked = false;
  if (r.name == "fsdd") {
    splits.classNames = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    for (auto& file : fsddFiles(r.dataDir.empty() ? defaultFsddDir() : r.dataDir))
      (fsddPart(file, r.split) == Part::Test ? testFiles : trainFiles).push_back(file);
    if (testFiles.empty()) throw Error("fsdd: split '" + r.split + "' leaves no test clips");
  } else if (r.name == "speech-commands" || r.name == "espeak-keywords") {
    std::string dir = r.dataDir;
    if (r.name == "espeak-keywords") {
      KeywordSynthesis synthesis;
      if (!r.words.empty()) synthesis.words = r.words;
      dir = synthesiseKeywords(synthesis, r.dataDir.empty() ? defaultKeywordCache() : r.dataDir, r.progress);
    } else if (dir.empty()) {
      throw Error("speech-commands: needs the dataset folder (--data-dir)");
    }
    auto files = wordFolderFiles(dir, r.name == "speech-commands" ? r.words : std::vector<std::string>{},
                                 splits.classNames);
    const auto testList = readList(fs::path(dir) / "testing_list.txt");
    const auto validationList = readList(fs::path(dir) / "validation_list.txt");
    if (!testList.empty()) {
      validationMarked = !validationList.empty();
      for (auto& f : files)
        (testList.count(f.group) ? testFiles : validationList.count(f.group) ? validationFiles : trainFiles).push_back(f);
    } else {
      // No lists: the paper's 20% test at random, then validation from the rest.
      shuffleFiles(files, r.seed ^ 0x7e57);
      const auto testCount = static_cast<std::size_t>(std::lround(r.testFraction * files.size()));
      testFiles.assign(files.begin(), files.begin() + static_cast<std::ptrdiff_t>(testCount));
      trainFiles.assign(files.begin() + static_cast<std::ptrdiff_t>(testCount), files.end());
    }
  } else {
    throw Error("unknown sound dataset '" + r.name + "' (known: fsdd, speech-commands, espeak-keywords)");
  }

  // Seeded orders, so that "the first N" are a random sample, as after the
  // authors' train_test_split.
  shuffleFiles(trainFiles, r.seed);
  shuffleFiles(testFiles, r.seed + 1);
  if (r.limitTrain > 0 && static_cast<std::size_t>(r.limitTrain) < trainFiles.size()) trainFiles.resize(static_cast<std::size_t>(r.limitTrain));
  if (r.limitTest > 0 && static_cast<std::size_t>(r.limitTest) < testFiles.size()) testFiles.resize(static_cast<std::size_t>(r.limitTest));
  if (!validationMarked) {
    const auto held = static_cast<std::size_t>(std::lround(r.validationFraction * trainFiles.size()));
    validationFiles.assign(trainFiles.end() - static_cast<std::ptrdiff_t>(held), trainFiles.end());
    trainFiles.resize(trainFiles.size() - held);
  }

  SplitMix64 noise(r.seed ^ 0x5eed);
  auto train = loadClips(trainFiles, r, noise);
  auto validation = loadClips(validationFiles, r, noise);
  auto test = loadClips(testFiles, r, noise);
  if (train.clips.empty() || test.clips.empty()) throw Error(r.name + ": no training or no test clips");
  splits.train = std::move(train.clips);
  splits.trainLabels = std::move(train.labels);
  splits.validation = std::move(validation.clips);
  splits.validationLabels = std::move(validation.labels);
  splits.test = std::move(test.clips);
  splits.testLabels = std::move(test.labels);
  return splits;
}

}  // namespace gaplab
