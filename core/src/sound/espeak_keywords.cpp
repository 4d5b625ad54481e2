// SPDX-License-Identifier: GPL-3.0-or-later
// Synthetic spoken keywords: espeak-ng run once per (word, voice, speed,
// pitch), cached in a folder named by a hash of the settings.
#include <nlohmann/json.hpp>
#include <spawn.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>

#include "gaplab/atomic_file.h"
#include "gaplab/error.h"
#include "gaplab/sound_data.h"

extern char** environ;

namespace gaplab {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

void checkWord(const std::string& word) {
  if (word.empty() || word.size() > 40) throw Error("keyword '" + word + "' must have 1 to 40 characters");
  for (char c : word)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '\'' || c == '-'))
      throw Error("keyword '" + word + "' may hold only letters, digits, ' and -");
}

std::string fnv1a(const std::string& text) {
  std::uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ULL;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

// Runs espeak-ng without a shell, so words never reach one.
void speak(const std::string& word, const std::string& voice, int speed, int pitch, const std::string& out) {
  std::vector<std::string> args{"espeak-ng", "-v", voice, "-s", std::to_string(speed), "-p", std::to_string(pitch),
                                "-w", out, word};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawnp(&pid, "espeak-ng", nullptr, nullptr, argv.data(), environ) != 0)
    throw Error("cannot run espeak-ng (install the Debian package espeak-ng)");
  int status = 0;
  if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw Error("espeak-ng failed for the word '" + word + "' with voice '" + voice + "'");
}

}  // namespace

std::string synthesiseKeywords(const KeywordSynthesis& s, const std::string& cacheRoot,
                               const std::function<void(int, int)>& progress) {
  if (s.words.empty() || s.voices.empty() || s.speeds.empty() || s.pitches.empty())
    throw Error("keyword synthesis needs words, voices, speeds and pitches");
  for (const auto& word : s.words) checkWord(word);
  const json settings = {{"words", s.words}, {"voices", s.voices}, {"speeds", s.speeds}, {"pitches", s.pitches}};
  const fs::path folder = fs::path(cacheRoot) / ("set-" + fnv1a(settings.dump()));
  const auto manifestPath = (folder / "manifest.json").string();
  if (fs::exists(manifestPath)) {
    try {
      if (json::parse(readWholeFile(manifestPath)).at("settings") == settings) return folder.string();
    } catch (const std::exception&) {
      // A damaged manifest: generate again.
    }
  }
  std::error_code error;
  fs::create_directories(folder, error);
  if (error) throw Error(folder.string() + ": cannot create (" + error.message() + ")");
  const int total = static_cast<int>(s.words.size() * s.voices.size() * s.speeds.size() * s.pitches.size());
  int done = 0;
  json files = json::array();
  for (const auto& word : s.words) {
    fs::create_directories(folder / word);
    for (const auto& voice : s.voices)
      for (int speed : s.speeds)
        for (int pitch : s.pitches) {
          std::string name = voice + "_" + std::to_string(speed) + "_" + std::to_string(pitch) + ".wav";
          for (char& c : name)
            if (c == '+' || c == '/') c = '_';
          const auto path = folder / word / name;
          if (!fs::exists(path)) {
            const auto temporary = path.string() + ".tmp";
            speak(word, voice, speed, pitch, temporary);
            fs::rename(temporary, path);
          }
          files.push_back(word + "/" + name);
          if (progress) progress(++done, total);
        }
  }
  writeFileAtomically(manifestPath, json{{"settings", settings}, {"files", files}}.dump(1));
  return folder.string();
}

}  // namespace gaplab
