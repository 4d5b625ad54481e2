// SPDX-License-Identifier: GPL-3.0-or-later
// Writes the fuzz targets' seed corpora: small valid files of every format,
// made by gaplab's own writers where it has them.
// usage: make_seeds OUTPUT_DIR   (creates OUTPUT_DIR/<target>/...)
#include <QBuffer>
#include <QCoreApplication>
#include <QImage>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "gaplab/audio.h"
#include "gaplab/checkpoint.h"
#include "gaplab/experiment_spec.h"
#include "fuzz_support.h"
#include "session_file.h"

namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;

namespace {

fs::path root;

void seed(const std::string& target, const std::string& name, const Bytes& bytes) {
  fs::create_directories(root / target);
  std::ofstream(root / target / name, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                                              static_cast<std::streamsize>(bytes.size()));
}
void seed(const std::string& target, const std::string& name, const std::string& text) {
  seed(target, name, Bytes(text.begin(), text.end()));
}
Bytes readBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}
void be32(Bytes& b, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) b.push_back(std::uint8_t(v >> s));
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  if (argc != 2) return 2;
  root = argv[1];
  fs::create_directories(root);

  // IDX: byte 0 sets the image file's length (16 + 4 * byte0): two 2x2 images, then two labels.
  Bytes idx{2};
  be32(idx, 0x803); be32(idx, 2); be32(idx, 2); be32(idx, 2);
  for (int i = 0; i < 8; ++i) idx.push_back(std::uint8_t(i * 30));
  be32(idx, 0x801); be32(idx, 2); idx.push_back(3); idx.push_back(7);
  seed("idx", "two-images", idx);

  Bytes cifar(2 * 3073, 0);
  cifar[0] = 3;
  cifar[3073] = 9;
  for (std::size_t i = 1; i < 3073; ++i) cifar[i] = std::uint8_t(i);
  seed("cifar", "two-records", cifar);

  const auto wav = (root / "tmp.wav").string();
  std::vector<float> tone(800);
  for (std::size_t i = 0; i < tone.size(); ++i) tone[i] = 0.5f * std::sin(0.1f * float(i));
  gaplab::writeWav(wav, tone, 8000);
  seed("audio", "tone-8k.wav", readBytes(wav));
  fs::remove(wav);

  seed("imdb_json", "two", std::string(R"([{"t": "A fine film.<br /><br />Loved it!", "s": 1}, {"t": "dull", "s": 0}])"));
  seed("aclimdb", "two", std::string("\x0c") + "A fine film!" + "Dull, dull.");

  for (const auto& preset : gaplab::presets()) seed("spec_json", preset.name, gaplab::specToJson(preset.spec));
  seed("spec_json", "small", std::string(R"({"preset": "lecture-image", "training": {"epochs": 2}, "target": 3})"));

  gaplab::app::Session session;
  gaplab::app::WorkspaceState state;
  state.modality = gaplab::Modality::Image;
  state.spec = gaplab::presetSpec("lecture-image");
  state.gridSpec = state.spec;
  state.placement = gaplab::Position{3, 4};
  gaplab::app::MapState map;
  map.columns = {0, 1};
  map.rows = {0};
  map.positions = {{0, 0}};
  map.asr = {0.5};
  state.maps = {map};
  gaplab::GridRow row;
  row.head = "gap";
  state.gridRows = {row};
  session.workspaces = {state};
  const QByteArray json = gaplab::app::sessionToJson(session);
  seed("session", "one-workspace", std::string(json.constData(), std::size_t(json.size())));

  const auto checkpoint = (root / "tmp.pt").string();
  gaplab::fuzz::writeValidCheckpoint(checkpoint);
  Bytes sidecar{1}, archive{0};
  const auto sidecarBytes = readBytes(checkpoint + ".json"), archiveBytes = readBytes(checkpoint);
  sidecar.insert(sidecar.end(), sidecarBytes.begin(), sidecarBytes.end());
  archive.insert(archive.end(), archiveBytes.begin(), archiveBytes.end());
  seed("checkpoint", "sidecar", sidecar);
  seed("checkpoint", "archive", archive);
  fs::remove(checkpoint);
  fs::remove(checkpoint + ".json");

  QImage image(4, 3, QImage::Format_ARGB32);
  for (int y = 0; y < 3; ++y)
    for (int x = 0; x < 4; ++x) image.setPixelColor(x, y, QColor(60 * x, 80 * y, 200, 255 - 40 * x));
  QByteArray png;
  QBuffer buffer(&png);
  buffer.open(QIODevice::WriteOnly);
  image.save(&buffer, "PNG");
  seed("trigger_image", "four-by-three.png", std::string(png.constData(), std::size_t(png.size())));
  return 0;
}
