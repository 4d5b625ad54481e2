// SPDX-License-Identifier: GPL-3.0-or-later
// Same input, same numbers, whatever its row: one input put at rows of
// batches of several sizes gets bit-identical logits from every network of
// every modality in evaluation (the sound front end's features are held to
// the same by tst_sound::featuresDoNotDependOnTheBatch). Without this, a clip scored alone in the live view and the same
// clip scored inside a batch by the sweep could land on different sides of a
// decision. A core test: it reaches the networks, so torch comes first.
#define QT_NO_KEYWORDS
#include <torch/torch.h>

#include <QtTest>

#include <cstring>

#include "gaplab/modality.h"
#include "image_networks.h"
#include "text_networks.h"

using namespace gaplab;

Q_DECLARE_METATYPE(gaplab::Architecture)
Q_DECLARE_METATYPE(gaplab::Head)

namespace {

// Sizes on both sides of the GEMM kernels' row blocks, and one past the
// network's own inference chunk (ClassifierImpl::inferenceBatch: 64 rows of
// 28x28 images or of text, 12 of 101x40 MFCC images).
std::vector<int64_t> batchSizes(int64_t inferenceBatch) {
  std::vector<int64_t> sizes{1, 2, 3, 5, 8, 17};
  if (inferenceBatch + 1 > sizes.back()) sizes.push_back(inferenceBatch + 1);
  return sizes;
}

// Every row of a small batch; of a large one, the rows at its ends, in the
// middle and at the first edges of 4- and 6-row blocks (the GEMM kernels'
// and the dense kernel's). Every row of 65 would make this suite minutes long
// under the baseline instruction-set cap.
std::vector<int64_t> rowsToTry(int64_t size) {
  std::vector<int64_t> rows;
  for (int64_t row = 0; row < size; ++row)
    if (size <= 8 || row < 7 || row >= size - 2 || row == size / 2) rows.push_back(row);
  return rows;
}

bool sameBits(const torch::Tensor& a, const torch::Tensor& b) {
  const auto x = a.contiguous();
  const auto y = b.contiguous();
  return x.sizes() == y.sizes() && x.scalar_type() == y.scalar_type() &&
         std::memcmp(x.data_ptr(), y.data_ptr(), x.nbytes()) == 0;
}

// Puts `probe` at the tried rows of every batch size, the even rows in one
// batch and the odd rows in another (every other row random, drawn by
// `fill`), and fails at the first row whose output differs in any bit from
// the probe's output alone. Two passes per batch size rather than one per
// row keep the deep networks' cases short under the baseline cap.
template <typename Fill, typename Forward>
void expectRowIndependent(const ClassifierImpl& net, const torch::Tensor& probe, Fill fill, Forward forward) {
  const auto alone = forward(probe.unsqueeze(0))[0].clone();
  for (const auto size : batchSizes(net.inferenceBatch()))
    for (const int64_t parity : {0, 1}) {
      std::vector<int64_t> rows;
      for (const auto row : rowsToTry(size))
        if (row % 2 == parity) rows.push_back(row);
      if (rows.empty()) continue;
      auto batch = fill(size);
      for (const auto row : rows) batch[row].copy_(probe);
      const auto out = forward(batch);
      for (const auto row : rows)
        if (!sameBits(out[row], alone))
          QFAIL(qPrintable(QString("row %1 of a batch of %2 differs from the input alone by up to %3")
                               .arg(row)
                               .arg(size)
                               .arg((out[row] - alone).abs().max().template item<double>())));
    }
}

}  // namespace

class TestRowIndependence : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void imageNetworks_data() {
    QTest::addColumn<Architecture>("arch");
    QTest::addColumn<Head>("head");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("width");
    for (const auto modality : {Modality::Image, Modality::Sound}) {
      // Fashion-MNIST images; FSDD MFCC images (1 s: 101 frames of 40 coefficients).
      const int height = modality == Modality::Image ? 28 : 101;
      const int width = modality == Modality::Image ? 28 : 40;
      for (const auto arch : architecturesFor(modality))
        for (const auto head : {Head::Fc, Head::Gap})
          QTest::newRow(qPrintable(QString::fromStdString(toString(modality) + " " + toString(arch) + " " +
                                                          toString(head))))
              << arch << head << height << width;
    }
  }
  void imageNetworks() {
    QFETCH(Architecture, arch);
    QFETCH(Head, head);
    QFETCH(int, height);
    QFETCH(int, width);
    ImageNet net(ModelConfig{arch, head, {1, height, width}, 10}, 7);
    net->eval();
    torch::InferenceMode inference;
    torch::manual_seed(1);
    const auto probe = torch::rand({1, height, width});
    expectRowIndependent(
        *net, probe, [&](int64_t n) { return torch::rand({n, 1, height, width}); },
        [&](const torch::Tensor& x) { return net->forward(x); });
  }

  void textNetworks_data() {
    QTest::addColumn<Architecture>("arch");
    QTest::addColumn<Head>("head");
    for (const auto arch : architecturesFor(Modality::Text))
      for (const auto head : {Head::Fc, Head::Gap})
        QTest::newRow(qPrintable(QString::fromStdString(toString(arch) + " " + toString(head)))) << arch << head;
  }
  void textNetworks() {
    QFETCH(Architecture, arch);
    QFETCH(Head, head);
    const TextModelConfig config{arch, head, 2000, 250};
    TextNet net(config, 7);
    net->eval();
    torch::InferenceMode inference;
    torch::manual_seed(2);
    const auto probe = torch::randint(0, config.vocabularySize, {config.sequenceLength}, torch::kLong);
    expectRowIndependent(
        *net, probe,
        [&](int64_t n) { return torch::randint(0, config.vocabularySize, {n, config.sequenceLength}, torch::kLong); },
        [&](const torch::Tensor& x) { return net->forward(x); });
  }
};

QTEST_GUILESS_MAIN(TestRowIndependence)
#include "tst_row_independence.moc"
