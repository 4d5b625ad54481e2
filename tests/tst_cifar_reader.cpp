// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/image_datasets.h"
#include "test_support.h"

using namespace gaplab;
using namespace gaplab::test;

namespace {
std::vector<std::uint8_t> records(const std::vector<std::uint8_t>& labels) {
  std::vector<std::uint8_t> bytes;
  for (std::size_t r = 0; r < labels.size(); ++r) {
    bytes.push_back(labels[r]);
    for (int i = 0; i < 3072; ++i) bytes.push_back(static_cast<std::uint8_t>((i + 7 * r) % 251));
  }
  return bytes;
}
}  // namespace

class TestCifarReader : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void readsRecordsAcrossBatches() {
    QTemporaryDir dir;
    const auto a = pathIn(dir, "data_batch_1.bin"), b = pathIn(dir, "data_batch_2.bin");
    writeBytes(a, records({3, 9}));
    writeBytes(b, records({0}));
    const auto set = readCifar10Batches({a, b});
    QCOMPARE(set.size(), 3);
    QCOMPARE(set.shape().channels, 3);
    QCOMPARE(set.shape().height, 32);
    QCOMPARE(set.labels(), (std::vector<int>{3, 9, 0}));
    QCOMPARE(set.classNames().at(3), std::string("cat"));
    // Record 1, green plane (offset 1024), pixel (y=2, x=5): byte index 1024 + 69 = 1093.
    const auto image = set.image(1);
    QCOMPARE(image[1024 + 2 * 32 + 5], float((1093 + 7) % 251) / 255.0f);
  }

  void truncatedBatchIsReported() {
    QTemporaryDir dir;
    const auto path = pathIn(dir, "data_batch_1.bin");
    auto bytes = records({1, 2});
    bytes.pop_back();
    writeBytes(path, bytes);
    QVERIFY(throwsErrorContaining([&] { readCifar10Batches({path}); }, {path, "truncated"}));
  }

  void badLabelIsReported() {
    QTemporaryDir dir;
    const auto path = pathIn(dir, "test_batch.bin");
    writeBytes(path, records({1, 10}));
    QVERIFY(throwsErrorContaining([&] { readCifar10Batches({path}); }, {path, "record 1", "label 10"}));
  }

  void datasetLoaderFindsTheBatches() {
    QTemporaryDir dir;
    writeBytes(pathIn(dir, "data_batch_1.bin"), records({0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
    writeBytes(pathIn(dir, "test_batch.bin"), records({4, 5}));
    ImageDatasetRequest request;
    request.name = "cifar10";
    request.dataDir = dir.path().toStdString();
    request.validationFraction = 0.2;
    const auto splits = loadImageDataset(request);
    QCOMPARE(splits.train.size(), 8);
    QCOMPARE(splits.validation.size(), 2);
    QCOMPARE(splits.test.labels(), (std::vector<int>{4, 5}));
  }

  void missingDirectoryIsReported() {
    ImageDatasetRequest request;
    request.name = "cifar10";
    request.dataDir = "/nonexistent/cifar";
    QVERIFY(throwsErrorContaining([&] { loadImageDataset(request); }, {"/nonexistent/cifar", "test_batch.bin"}));
    request.dataDir.clear();
    QVERIFY(throwsErrorContaining([&] { loadImageDataset(request); }, {"cifar10", "--data-dir"}));
  }
};

QTEST_APPLESS_MAIN(TestCifarReader)
#include "tst_cifar_reader.moc"
