// SPDX-License-Identifier: GPL-3.0-or-later
// A writer for tst_atomic_writes: saves FILE again and again through one of
// gaplab's writers, generation after generation, and prints each generation
// once it is saved. The test kills it at random moments.
// usage: gaplab-write-loop csv|session|wav FILE
#include <QCoreApplication>

#include <cstdio>
#include <string>

#include "gaplab/atomic_file.h"
#include "gaplab/audio.h"
#include "session_file.h"

using namespace gaplab;

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  if (argc != 3) return 2;
  const std::string mode = argv[1], path = argv[2];
  for (int generation = 1;; ++generation) {
    if (mode == "csv") {
      // About 2 MB, so a write takes long enough to be interrupted.
      std::string text = "generation," + std::to_string(generation) + "\n";
      for (int i = 0; i < 200000; ++i) text += std::to_string(generation) + "," + std::to_string(i) + "\n";
      text += "end," + std::to_string(generation) + "\n";
      writeFileAtomically(path, text);
    } else if (mode == "session") {
      app::Session session;
      app::WorkspaceState state;
      state.modality = Modality::Image;
      state.spec = presetSpec("lecture-image");
      state.spec.seed = static_cast<std::uint64_t>(generation);
      state.gridSpec = state.spec;
      for (int i = 0; i < 3000; ++i) {
        GridRow row;
        row.seed = static_cast<std::uint64_t>(generation);
        row.rep = i;
        state.gridRows.push_back(row);
      }
      session.workspaces.push_back(state);
      app::saveSession(session, QString::fromStdString(path));
    } else if (mode == "wav") {
      writeWav(path, std::vector<float>(160000, static_cast<float>(generation % 1000) / 1000.0f), 16000);
    } else {
      return 2;
    }
    std::printf("%d\n", generation);
    std::fflush(stdout);
  }
}
