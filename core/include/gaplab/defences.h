// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Backdoor defences run on any trained model of any modality: Neural
// Cleanse, STRIP (STRIP-ViTA for sound and text), Activation Clustering and
// Spectral Signatures, as their papers and authors' code define them (the
// sources and what gaplab does with each: docs/defences.md). Written
// once against the modality interface; the CLI's `detect` and `detect-grid`
// and the GUI's Defences dock all call runDefence().
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace gaplab {

class Experiment;

enum class DefenceMethod { NeuralCleanse, Strip, ActivationClustering, SpectralSignatures };
std::string defenceMethodName(DefenceMethod method);  // nc, strip, ac, ss
DefenceMethod parseDefenceMethod(const std::string& name);  // throws Error naming the value
std::vector<DefenceMethod> parseDefenceMethods(const std::string& commaSeparated);

struct NeuralCleanseSettings {
  // The official example's defaults (bolunwang/backdoor).
  int steps = 1000;         // outer steps, each of samples / batch Adam updates
  int batch = 32;
  int samples = 1000;       // clean inputs the defender optimises on
  double learningRate = 0.1;
  double initCost = 1e-3;
  double attackThreshold = 0.99;
  int patience = 5;
  double costMultiplier = 2.0;       // up x2, down / 2^1.5
  double earlyStopThreshold = 1.0;
  int earlyStopPatience = 25;
  std::vector<int> classes;          // empty: every class
};

struct StripSettings {
  int overlays = 100;       // N
  int inputs = 1000;        // clean inputs checked, and as many triggered ones per position
  double frr = 0.01;        // the boundary's false rejection rate on clean inputs
};

struct PoisonFilterSettings {
  int components = 10;            // AC: FastICA dimensions
  double relativeSize = 0.35;     // AC: a cluster smaller than this share of its label is suspicious
  double silhouette = 0.1;        // AC: ... and, under the silhouette criterion, better separated than this
  bool useSilhouette = false;     // AC: flag by size and silhouette instead of size alone
  std::optional<double> epsilon;  // SS: expected poison share per label; unset: the poison's share of the target label
  double epsilonMultiplier = 1.5; // SS: remove the top 1.5 eps of each label
};

struct DefenceSettings {
  NeuralCleanseSettings nc;
  StripSettings strip;
  PoisonFilterSettings filter;
  std::vector<std::string> testPositions;  // STRIP and NC's moved trigger; empty: training position + spec's test positions
  std::uint64_t seed = 0;                  // every random draw of a run; same seed, same report
};

// What a running defence reports: what it does, how far, and its estimate of what is left.
struct DefenceProgress {
  std::string stage;
  int done = 0;
  int total = 0;
  double secondsLeft = -1;  // < 0: not yet known
};
using DefenceProgressFn = std::function<void(const DefenceProgress&)>;

// A grid of cells (rows x cols) the way a front end shows a mask: image
// rows x columns, sound frames x coefficients, text 1 x tokens.
struct CellGrid {
  int rows = 0;
  int cols = 0;
  std::vector<float> values;  // row-major
};

struct ReversedTrigger {
  int cls = 0;
  double maskL1 = 0;           // L1 norm of the mask (text: in tokens)
  double anomalyIndex = 0;     // |norm - median| / MAD (signed: negative below the median)
  double reversedAsr = 0;      // on held-out inputs of other classes
  double cost = 0;             // final regularisation weight
  int steps = 0;               // outer steps run
  bool reachedThreshold = false;  // an optimised trigger ever reached the attack threshold
  CellGrid mask;               // in [0, 1]
  CellGrid pattern;            // what the mask lets through, mask x pattern, its first channel (image: as shown)
  std::vector<float> patternInput;  // the full pattern, the input's layout (channels x rows x cols)
  double centreRow = 0, centreCol = 0;  // the mask's centre of mass, in cells
  std::optional<double> iou;   // top-k cells with the true trigger's cells (k = trigger area), training position
  // Moved as the true trigger moves from the training position to each position (after a
  // random-position training: centred on each position's trigger).
  std::vector<std::pair<std::string, double>> asrByPosition;
};

struct NeuralCleanseReport {
  std::vector<ReversedTrigger> classes;  // class order
  double median = 0;
  double mad = 0;            // 1.4826 x median absolute deviation
  double anomalyIndex = 0;   // of the model: |min norm - median| / MAD
  bool madApplies = true;    // false with fewer than three classes: the index is always 0.6745 then
  double normRatio = 0;      // target's norm / the smallest other class's norm (what two classes report instead)
  std::vector<int> flagged;  // classes the MAD test flags, by increasing norm (none when it does not apply)
};

struct StripPosition {
  std::string placement;
  std::vector<float> entropies;  // triggered inputs (true class not the target)
  double farNormal = 0;          // share of triggered inputs not flagged, normal-fit boundary
  double farEmpirical = 0;
  double attackSuccess = 0;      // share of the triggered inputs the model gives the target (without overlays)
  // The same over the triggered inputs the model does give the target: an
  // input the trigger does not move needs no catching (TrojanZoo counts only these).
  int successful = 0;
  double farSuccessfulNormal = 0, farSuccessfulEmpirical = 0;
};

struct StripReport {
  int overlays = 0;
  double frr = 0;
  std::vector<float> cleanEntropies;
  double cleanMean = 0, cleanStd = 0;  // std: ddof 0, as scipy's norm.fit
  double boundaryNormal = 0;           // mean + std x inverse normal CDF(frr)
  double boundaryEmpirical = 0;        // sorted clean entropies[int(n x frr)]
  double frrNormal = 0, frrEmpirical = 0;  // realised on the clean inputs
  std::string boundaryUsed;            // "normal" (images) or "empirical" (sound, text): what `far` in tables means
  std::vector<StripPosition> positions;
};

struct PoisonFilterLabel {
  int label = 0;
  int size = 0;
  int flagged = 0;
  int poisoned = 0;              // known poisoned samples under this label
  std::vector<int> clusterSizes; // AC
  double silhouette = 0;         // AC
  double cutoff = 0;             // SS: the score above which samples are removed
};

struct PoisonFilterReport {
  double precision = 0;  // flagged samples that are poisoned
  double recall = 0;     // poisoned samples that are flagged
  int flaggedCount = 0;
  int poisonedCount = 0;
  std::vector<PoisonFilterLabel> labels;
  // The target label's samples, for plots: AC the first two reduced
  // dimensions, SS the score (y = 0); whether each is poisoned, flagged.
  std::vector<float> x, y;
  std::vector<char> poisoned, flagged;
};

struct DefenceReport {
  DefenceMethod method = DefenceMethod::NeuralCleanse;
  std::string checkpoint;
  std::string head;          // "fc" or "gap"
  std::string trainPosition;
  int target = 0;
  std::vector<std::string> classNames;
  std::vector<int> flagged;  // NC: classes flagged as backdoor targets
  std::optional<NeuralCleanseReport> nc;
  std::optional<StripReport> strip;
  std::optional<PoisonFilterReport> poison;
  double seconds = 0;
};

// Runs `method` on the model in `checkpoint` (a model of `experiment`'s
// spec: its modality and data). Throws Error for a checkpoint of another
// modality or data, Cancelled when *stop.
DefenceReport runDefence(const Experiment& experiment, const std::string& checkpoint, DefenceMethod method,
                         const DefenceSettings& settings, const DefenceProgressFn& progress = {},
                         const std::atomic<bool>* stop = nullptr);

// The settings as JSON (what makes two detect-grid runs the same sweep).
std::string defenceSettingsJson(const DefenceSettings& settings);
DefenceSettings defenceSettingsFromJson(const std::string& json, const std::string& source);  // Error names `source`

// report.json (schema: docs/defences.md).
std::string defenceReportJson(const DefenceReport& report);

// The arithmetic, exposed to be checked by hand.
double numpyMedian(std::vector<double> values);  // mean of the two middle values for even n
struct MadOutliers {
  double median = 0;
  double mad = 0;                     // 1.4826 x median(|n - median|)
  std::vector<double> indices;        // |n - median| / MAD, signed (negative below the median)
  double anomalyIndex = 0;            // |min - median| / MAD
  std::vector<int> flagged;           // n <= median and index > 2, by increasing norm
};
MadOutliers madOutliers(const std::vector<double>& norms);
double entropyBits(const std::vector<float>& probabilities);  // Shannon, base 2, 0 log 0 = 0
double inverseNormalCdf(double p);                            // throws Error outside (0, 1)
double normalBoundary(const std::vector<float>& cleanEntropies, double frr);
double empiricalBoundary(std::vector<float> cleanEntropies, double frr);
// IoU of the mask's k largest cells with a rows x cols box of k cells at
// (row, col). Every cell tied with the k-th largest value counts (a mask
// saturates at 1, and a top-k would pick among the tied cells by position).
double maskIou(const CellGrid& mask, int row, int col, int rows, int cols);

}  // namespace gaplab
