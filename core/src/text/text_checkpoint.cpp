// SPDX-License-Identifier: GPL-3.0-or-later
// Text checkpoints: the model's tensors plus a sidecar with the spec, the
// model config and the vocabulary, so a reloaded model tokenises identically.
#include "checkpoint_archive.h"
#include "json_number.h"
#include "gaplab/checkpoint.h"
#include "gaplab/error.h"
#include "text_model_impl.h"

namespace gaplab {

using nlohmann::json;

void saveTextCheckpoint(const TextModel& model, const TextCheckpointInfo& info, const std::string& path) {
  const auto& c = model.config();
  auto body = recordToJson(info);
  body["model"] = {{"architecture", toString(c.architecture)},
                   {"head", toString(c.head)},
                   {"vocabulary_size", c.vocabularySize},
                   {"sequence_length", c.sequenceLength}};
  body["vocabulary"] = info.vocabulary.tokens();
  writeCheckpointFiles(*const_cast<TextModel&>(model).impl().net, body, "text", path);
}

LoadedTextCheckpoint loadTextCheckpoint(const std::string& path) {
  const auto j = readSidecar(path);
  auto info = readSidecarField(path, [&] {
    if (j.at("modality").get<std::string>() != "text") throw Error("not a text checkpoint");
    TextCheckpointInfo info;
    recordFromJson(j, path, info);
    const auto& m = j.at("model");
    info.model.architecture = architectureFromString(m.at("architecture").get<std::string>());
    info.model.head = headFromString(m.at("head").get<std::string>());
    info.model.vocabularySize = numberAt<int>(m, "vocabulary_size");
    info.model.sequenceLength = numberAt<int>(m, "sequence_length");
    info.vocabulary = Vocabulary::fromTokens(j.at("vocabulary").get<std::vector<std::string>>());
    if (info.vocabulary.size() != info.model.vocabularySize)
      throw Error("the vocabulary has " + std::to_string(info.vocabulary.size()) + " ids, the model " +
                  std::to_string(info.model.vocabularySize));
    return info;
  });
  TextModel model(std::make_unique<TextModel::Impl>(TextModel::Impl{info.model, TextNet(info.model, std::nullopt)}));
  loadTensors(*model.impl().net, path);
  return {std::move(model), std::move(info)};
}

}  // namespace gaplab
