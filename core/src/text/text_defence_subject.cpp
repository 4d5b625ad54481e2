// SPDX-License-Identifier: GPL-3.0-or-later
// What the defences see of a text model. Tokens are discrete, so Neural
// Cleanse works in embedding space: inputs are embeddings laid
// out [dimensions, tokens, 1], bounded per dimension by the embedding table,
// and the mask covers token positions. STRIP-ViTA replaces words instead of
// blending: the partner's words by TF-IDF rank go to int(0.7 L)
// positions drawn with replacement.
#include <cmath>
#include <map>
#include <unordered_map>

#include "defence_subject.h"
#include "gaplab/checkpoint.h"
#include "gaplab/error.h"
#include "gaplab/text_protocol.h"
#include "modalities.h"
#include "rng.h"
#include "text_model_impl.h"
#include "text_set_impl.h"

namespace gaplab {

namespace {

class TextDefenceSubject : public DefenceSubject {
public:
  TextDefenceSubject(std::shared_ptr<const TextProtocol> protocol, LoadedTextCheckpoint loaded)
      : protocol_(std::move(protocol)), model_(std::move(loaded.model)),
        record_(static_cast<const TrainingRecord&>(loaded.info)), vocabulary_(std::move(loaded.info.vocabulary)),
        half_(static_cast<int>(protocol_->reviews().test.size()) / 2) {
    auto& net = model_.impl().net;
    net->eval();
    for (auto& parameter : net->parameters()) parameter.set_requires_grad(false);
    const auto table = net->embedding()->weight;
    lower_ = std::get<0>(table.min(0)).view({-1, 1, 1});
    upper_ = std::get<0>(table.max(0)).view({-1, 1, 1});
    const auto labels = protocol_->testLabels();
    checkedLabels_.assign(labels.begin() + half_, labels.end());
  }

  const TrainingRecord& record() const override { return record_; }
  int numClasses() const override { return 2; }
  int target() const override { return record_.spec.target; }
  std::vector<std::string> classNames() const override { return {"negative", "positive"}; }
  std::vector<int64_t> inputShape() const override {
    return {lower_.size(0), model_.config().sequenceLength, 1};
  }
  torch::Tensor lower() const override { return lower_; }
  torch::Tensor upper() const override { return upper_; }
  torch::Tensor logits(const torch::Tensor& inputs) override {
    return binaryLogits(model_.impl().net->fromEmbedding(inputs.squeeze(3).permute({0, 2, 1})));
  }

  int heldOutCount() const override { return half_; }
  torch::Tensor heldOut(const std::vector<int>& rows) override { return embedded(idsOf(encode(rows, ""))); }
  int checkedCount() const override { return static_cast<int>(protocol_->reviews().test.size()) - half_; }
  const std::vector<int>& checkedLabels() const override { return checkedLabels_; }
  torch::Tensor checked(const std::vector<int>& rows, const std::string& placement) override {
    std::vector<int> test(rows);
    for (auto& r : test) r += half_;
    return embedded(idsOf(encode(test, placement)));
  }

  torch::Tensor superimposed(int row, const std::string& placement, const std::vector<int>& partners) override {
    const int length = model_.config().sequenceLength;
    const auto input = idsOf(encode({row + half_}, placement))[0];
    const int replaced = static_cast<int>(length * 0.7);
    auto batch = input.unsqueeze(0).repeat({static_cast<int64_t>(partners.size()), 1}).contiguous();
    auto* ids = batch.data_ptr<int64_t>();
    for (std::size_t j = 0; j < partners.size(); ++j) {
      const auto& ranked = rankedWords(partners[j]);
      SplitMix64 draws((std::uint64_t(row) << 32) ^ (std::uint64_t(j) << 16) ^ std::uint64_t(partners[j]));
      for (int k = 0; k < replaced; ++k) {
        const auto at = static_cast<int64_t>(draws.below(static_cast<std::uint64_t>(length)));
        // Past the partner's own words the ranking runs on through zero-score vocabulary.
        const auto word = k < static_cast<int>(ranked.size()) ? ranked[static_cast<std::size_t>(k)]
                                                              : vocabulary_.size() - 1 - (k - static_cast<int>(ranked.size()));
        ids[static_cast<int64_t>(j) * length + at] = std::max<int64_t>(word, 2);
      }
    }
    torch::NoGradGuard noGrad;
    return torch::softmax(binaryLogits(model_.impl().net->forward(batch)), 1);
  }

  std::optional<CellBox> triggerCells(const std::string& placement) const override {
    const int words = static_cast<int>(protocol_->spec().text.words.size());
    if (placement == "start") return CellBox{0, 0, words, 1};
    if (placement.size() > 1 && placement[0] == '@') return CellBox{std::stoi(placement.substr(1)), 0, words, 1};
    return std::nullopt;  // where the words land depends on each review's length
  }

  TrainingRepresentations representations(const std::atomic<bool>* stop) override {
    const auto poisoned =
        protocol_->poisonedTrainingSet(record_.trainPosition, record_.seed, record_.spec.poisonCount, stop);
    const int length = model_.config().sequenceLength;
    std::vector<int64_t> ids;
    TrainingRepresentations result;
    for (std::size_t i = 0; i < poisoned.tokens.size(); ++i) {
      if (TextProtocol::validates(i)) continue;
      const auto encoded = vocabulary_.encode(poisoned.tokens[i], length);
      ids.insert(ids.end(), encoded.begin(), encoded.end());
      result.labels.push_back(poisoned.labels[i]);
      result.poisoned.push_back(poisoned.isPoisoned[i]);
    }
    const auto all = torch::tensor(ids).view({-1, length});
    torch::NoGradGuard noGrad;
    auto& net = model_.impl().net;
    std::vector<torch::Tensor> parts;
    for (int64_t start = 0; start < all.size(0); start += 256) {
      if (stop && stop->load()) throw Cancelled();
      parts.push_back(net->representationFromEmbedding(net->embed(all.narrow(0, start, std::min<int64_t>(256, all.size(0) - start)))));
    }
    result.features = torch::cat(parts).to(torch::kFloat);
    return result;
  }

  bool empiricalStripBoundary() const override { return true; }

private:
  TextSet encode(const std::vector<int>& testRows, const std::string& placement) const {
    std::vector<Review> reviews;
    for (int r : testRows) reviews.push_back(protocol_->reviews().test[static_cast<std::size_t>(r)]);
    return protocol_->encode(reviews, vocabulary_, placement);
  }
  torch::Tensor embedded(const torch::Tensor& ids) {
    torch::NoGradGuard noGrad;
    return model_.impl().net->embed(ids).permute({0, 2, 1}).unsqueeze(3).contiguous();
  }
  // A held-out review's distinct words by TF-IDF over the held-out half, highest first.
  const std::vector<int64_t>& rankedWords(int heldOutRow) {
    if (documentFrequency_.empty()) {
      std::vector<int> rows(static_cast<std::size_t>(half_));
      for (int i = 0; i < half_; ++i) rows[static_cast<std::size_t>(i)] = i;
      heldOutIds_ = idsOf(encode(rows, "")).contiguous();
      for (int64_t d = 0; d < heldOutIds_.size(0); ++d) {
        const auto row = heldOutIds_[d];
        std::vector<int64_t> seen(row.data_ptr<int64_t>(), row.data_ptr<int64_t>() + row.numel());
        std::sort(seen.begin(), seen.end());
        seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
        for (auto id : seen)
          if (id != 0) ++documentFrequency_[id];
      }
    }
    auto found = ranked_.find(heldOutRow);
    if (found != ranked_.end()) return found->second;
    const auto row = heldOutIds_[heldOutRow];
    const auto* values = row.data_ptr<int64_t>();
    std::map<int64_t, int> counts;
    int words = 0;
    for (int64_t i = 0; i < row.numel(); ++i)
      if (const auto id = values[i]; id != 0) {
        ++counts[id];
        ++words;
      }
    if (words == 0) return ranked_.emplace(heldOutRow, std::vector<int64_t>{}).first->second;
    std::vector<std::pair<double, int64_t>> scored;
    for (const auto& [id, count] : counts)
      scored.emplace_back(-double(count) / words * std::log(double(half_) / documentFrequency_[id]), id);
    std::sort(scored.begin(), scored.end());
    std::vector<int64_t> ranked;
    for (const auto& entry : scored) ranked.push_back(entry.second);
    return ranked_.emplace(heldOutRow, std::move(ranked)).first->second;
  }

  std::shared_ptr<const TextProtocol> protocol_;
  TextModel model_;
  TrainingRecord record_;
  Vocabulary vocabulary_;
  int half_;
  torch::Tensor lower_, upper_;
  std::vector<int> checkedLabels_;
  torch::Tensor heldOutIds_;
  std::unordered_map<int64_t, int> documentFrequency_;
  std::unordered_map<int, std::vector<int64_t>> ranked_;
};

}  // namespace

std::unique_ptr<DefenceSubject> textDefenceSubject(std::shared_ptr<const TextProtocol> protocol,
                                                   const std::string& checkpoint) {
  auto loaded = loadTextCheckpoint(checkpoint);
  // The defences attack the words the model was poisoned with, not the ones
  // the open experiment has since been given.
  if (loaded.info.spec.text.words != protocol->spec().text.words)
    protocol = std::make_shared<const TextProtocol>(protocol->withTriggerOf(loaded.info.spec));
  return std::make_unique<TextDefenceSubject>(std::move(protocol), std::move(loaded));
}

}  // namespace gaplab
