// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/error.h"
#include "image_set_impl.h"
#include "text_set_impl.h"

namespace gaplab {

TextSet::TextSet() = default;
TextSet::TextSet(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

TextSet TextSet::fromIds(std::vector<std::int64_t> ids, std::vector<int> labels, int sequenceLength) {
  if (sequenceLength <= 0) throw Error("sequence length must be positive, got " + std::to_string(sequenceLength));
  const auto n = static_cast<int64_t>(labels.size());
  if (static_cast<int64_t>(ids.size()) != n * sequenceLength)
    throw Error("got " + std::to_string(ids.size()) + " token ids for " + std::to_string(n) + " texts of " +
                std::to_string(sequenceLength));
  auto impl = std::make_shared<Impl>();
  impl->ids = torch::from_blob(ids.data(), {n, sequenceLength}, torch::kLong).clone();
  impl->labels = toIndexTensor(labels);
  return TextSet(std::move(impl));
}

const TextSet::Impl& TextSet::impl() const {
  static const Impl empty{torch::zeros({0, 1}, torch::kLong), torch::zeros({0}, torch::kLong)};
  return impl_ ? *impl_ : empty;
}

int TextSet::size() const { return static_cast<int>(impl().ids.size(0)); }
int TextSet::sequenceLength() const { return static_cast<int>(impl().ids.size(1)); }

std::vector<std::int64_t> TextSet::ids(int index) const {
  if (index < 0 || index >= size()) throw Error("text index " + std::to_string(index) + " out of range");
  const auto row = impl().ids[index].contiguous();
  return std::vector<std::int64_t>(row.data_ptr<int64_t>(), row.data_ptr<int64_t>() + row.numel());
}

std::vector<int> TextSet::labels() const { return toIntVector(impl().labels); }

}  // namespace gaplab
