// SPDX-License-Identifier: GPL-3.0-or-later
// A main() for the fuzz targets without libFuzzer (any compiler): runs every
// file of the given corpus folders, then deterministic mutations of them
// (byte flips, insertions, truncations) until the time is up. The test suite
// uses it as a smoke check; real fuzzing uses libFuzzer (fuzz/run.sh).
// usage: replay_X SECONDS DIR...
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

// The input being run, saved to ./crash-input if it ends the process with an
// uncaught exception, so that it can become a regression test.
const std::vector<std::uint8_t>* current = nullptr;

void saveCurrentAndAbort() {
  if (current) {
    std::ofstream("crash-input", std::ios::binary)
        .write(reinterpret_cast<const char*>(current->data()), static_cast<std::streamsize>(current->size()));
    std::fprintf(stderr, "the input that crashed was saved to ./crash-input\n");
  }
  std::abort();
}

void run(const std::vector<std::uint8_t>& input) {
  current = &input;
  LLVMFuzzerTestOneInput(input.data(), input.size());
  current = nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s SECONDS DIR...\n", argv[0]);
    return 2;
  }
  const double seconds = std::atof(argv[1]);
  std::vector<std::vector<std::uint8_t>> corpus;
  for (int i = 2; i < argc; ++i)
    for (const auto& entry : std::filesystem::directory_iterator(argv[i])) {
      std::ifstream in(entry.path(), std::ios::binary);
      corpus.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
  if (corpus.empty()) {
    std::fprintf(stderr, "%s: empty corpus\n", argv[0]);
    return 2;
  }
  std::set_terminate(saveCurrentAndAbort);
  for (const auto& input : corpus) run(input);
  std::mt19937_64 rng(1);
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  long runs = 0;
  while (std::chrono::steady_clock::now() < end) {
    auto input = corpus[rng() % corpus.size()];
    const int edits = 1 + int(rng() % 8);
    for (int e = 0; e < edits; ++e) {
      const auto where = input.empty() ? 0 : rng() % input.size();
      switch (rng() % 4) {
        case 0: if (!input.empty()) input[where] ^= std::uint8_t(1u << (rng() % 8)); break;
        case 1: if (!input.empty()) input[where] = std::uint8_t(rng()); break;
        case 2: input.insert(input.begin() + long(where), std::uint8_t(rng())); break;
        case 3: input.resize(where); break;
      }
    }
    run(input);
    ++runs;
  }
  std::printf("%ld mutated inputs, %zu corpus files: no crash\n", runs, corpus.size());
  return 0;
}
