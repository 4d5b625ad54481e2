// SPDX-License-Identifier: GPL-3.0-or-later
#include <zlib.h>

#include "gaplab/image_datasets.h"
#include "test_support.h"

using namespace gaplab;
using namespace gaplab::test;

namespace {

std::vector<std::uint8_t> idxImages(std::uint32_t count, std::uint32_t rows, std::uint32_t cols,
                                    std::uint32_t magic = 0x00000803) {
  std::vector<std::uint8_t> bytes;
  appendBigEndian32(bytes, magic);
  appendBigEndian32(bytes, count);
  appendBigEndian32(bytes, rows);
  appendBigEndian32(bytes, cols);
  for (std::uint32_t i = 0; i < count * rows * cols; ++i) bytes.push_back(static_cast<std::uint8_t>(i * 17 % 256));
  return bytes;
}

std::vector<std::uint8_t> idxLabels(const std::vector<std::uint8_t>& labels) {
  std::vector<std::uint8_t> bytes;
  appendBigEndian32(bytes, 0x00000801);
  appendBigEndian32(bytes, static_cast<std::uint32_t>(labels.size()));
  bytes.insert(bytes.end(), labels.begin(), labels.end());
  return bytes;
}

void writeGzip(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  gzFile file = gzopen(path.c_str(), "wb");
  gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(file);
}

const std::vector<std::string> kTen{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};

}  // namespace

class TestIdxReader : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void readsRawAndGzipIdentically_data() {
    QTest::addColumn<bool>("gzip");
    QTest::newRow("raw") << false;
    QTest::newRow("gzip") << true;
  }
  void readsRawAndGzipIdentically() {
    QFETCH(bool, gzip);
    QTemporaryDir dir;
    const auto images = pathIn(dir, "images"), labels = pathIn(dir, "labels");
    if (gzip) {
      writeGzip(images, idxImages(3, 2, 4));
      writeGzip(labels, idxLabels({9, 0, 4}));
    } else {
      writeBytes(images, idxImages(3, 2, 4));
      writeBytes(labels, idxLabels({9, 0, 4}));
    }
    const auto set = readIdxImages(images, labels, kTen);
    QCOMPARE(set.size(), 3);
    QCOMPARE(set.shape().channels, 1);
    QCOMPARE(set.shape().height, 2);
    QCOMPARE(set.shape().width, 4);
    QCOMPARE(set.labels(), (std::vector<int>{9, 0, 4}));
    // Image 1, pixel 5 is byte 8 + 5 = 13 of the pixel data: 13 * 17 % 256 = 221.
    QCOMPARE(set.image(1)[5], 221.0f / 255.0f);
    QCOMPARE(set.image(0)[0], 0.0f);
    QCOMPARE(set.numClasses(), 10);
  }

  void badMagicNamesFileAndMagic() {
    QTemporaryDir dir;
    const auto images = pathIn(dir, "images"), labels = pathIn(dir, "labels");
    writeBytes(images, idxImages(2, 2, 2, 0x00000801));
    writeBytes(labels, idxLabels({1, 2}));
    QVERIFY(throwsErrorContaining([&] { readIdxImages(images, labels, kTen); }, {images, "bad magic", "0x00000801"}));
  }

  void truncatedImagesAreReported() {
    QTemporaryDir dir;
    const auto images = pathIn(dir, "images"), labels = pathIn(dir, "labels");
    auto bytes = idxImages(4, 3, 3);
    bytes.resize(bytes.size() - 5);
    writeBytes(images, bytes);
    writeBytes(labels, idxLabels({1, 2, 3, 4}));
    QVERIFY(throwsErrorContaining([&] { readIdxImages(images, labels, kTen); }, {images, "truncated"}));
  }

  void hugeDeclaredCountIsTruncationNotAllocation() {
    QTemporaryDir dir;
    const auto images = pathIn(dir, "images"), labels = pathIn(dir, "labels");
    auto bytes = idxImages(1, 28, 28);
    bytes[4] = 0x7f;  // declares ~2 billion images
    writeBytes(images, bytes);
    writeBytes(labels, idxLabels({1}));
    QVERIFY(throwsErrorContaining([&] { readIdxImages(images, labels, kTen); }, {images, "truncated"}));
  }

  void countMismatchIsReported() {
    QTemporaryDir dir;
    const auto images = pathIn(dir, "images"), labels = pathIn(dir, "labels");
    writeBytes(images, idxImages(3, 2, 2));
    writeBytes(labels, idxLabels({1, 2}));
    QVERIFY(throwsErrorContaining([&] { readIdxImages(images, labels, kTen); }, {labels, "count mismatch", "2 labels for 3"}));
  }

  void labelOutsideClassesIsReported() {
    QTemporaryDir dir;
    const auto images = pathIn(dir, "images"), labels = pathIn(dir, "labels");
    writeBytes(images, idxImages(2, 2, 2));
    writeBytes(labels, idxLabels({1, 12}));
    QVERIFY(throwsErrorContaining([&] { readIdxImages(images, labels, kTen); }, {labels, "label 12"}));
  }

  void missingFileIsReported() {
    QVERIFY(throwsErrorContaining([] { readIdxImages("/nonexistent/a", "/nonexistent/b", kTen); },
                                  {"/nonexistent/a", "cannot open"}));
  }

  void validationSplitIsSeededAndDisjoint() {
    std::vector<float> pixels(100);
    std::vector<int> labels(100);
    for (int i = 0; i < 100; ++i) {
      pixels[static_cast<std::size_t>(i)] = float(i);
      labels[static_cast<std::size_t>(i)] = i % 10;
    }
    const auto set = ImageSet::fromBuffer({1, 1, 1}, pixels, labels, kTen);
    const auto [restA, heldA] = splitHoldOut(set, 0.2, 42);
    const auto [restB, heldB] = splitHoldOut(set, 0.2, 42);
    const auto [restC, heldC] = splitHoldOut(set, 0.2, 43);
    QCOMPARE(heldA.size(), 20);
    QCOMPARE(restA.size(), 80);
    QCOMPARE(heldA.pixels(), heldB.pixels());
    QVERIFY(heldA.pixels() != heldC.pixels());
    std::vector<float> all = restA.pixels();
    const auto held = heldA.pixels();
    all.insert(all.end(), held.begin(), held.end());
    std::sort(all.begin(), all.end());
    QCOMPARE(all, pixels);  // every image in exactly one part
    const auto rest = restA.pixels();
    QVERIFY(std::is_sorted(rest.begin(), rest.end()));  // file order kept: "first N" stays meaningful

    // Keras' validation_split: the last 20% of the file.
    const auto [restTail, heldTail] = splitHoldOut(set, 0.2, 42, HoldOut::Tail);
    QCOMPARE(heldTail.pixels(), std::vector<float>(pixels.begin() + 80, pixels.end()));
    QCOMPARE(restTail.pixels(), std::vector<float>(pixels.begin(), pixels.begin() + 80));
  }
};

QTEST_APPLESS_MAIN(TestIdxReader)
#include "tst_idx_reader.moc"
