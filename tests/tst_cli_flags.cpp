// SPDX-License-Identifier: GPL-3.0-or-later
// Every gaplab-cli command answers a malformed flag value with a usage exit
// code (1, or CLI11's 2) and an error whose first line names the flag, or
// the file it could not read: never an abort, a crash or a started run. The
// flags are read from each command's own --help, so a flag added later
// without a malformed value below fails the test until it gets one (or is
// listed as taking any text). A flag several commands share through one
// definition (the same help text) is tried on the first of them.
#include <QDir>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include "cli_runner.h"

using gaplab::test::runCli;

namespace {

// Flags whose every value is well formed: paths to write, names passed on
// to Slurm, free words.
const QSet<QString> kAnyValue{"--out",       "--summary",   "--predictions", "--figure",     "--out-dir",
                              "--work-dir",  "--words",     "--trigger-words", "--partition", "--time",
                              "--mem",       "--gaplab-cli"};

// Files and folders a command reads: a missing one must be named.
const QSet<QString> kInputPaths{"--spec", "--data-dir", "--budget", "--input", "--defences", "--checkpoint", "shards"};

// Malformed values by flag; numbers get these unless listed.
QStringList malformedValues(const QString& flag, const QString& type) {
  static const QHash<QString, QStringList> byFlag{
      {"--shard", {"5/3", "a/b", "1/0", "-1/2", "1"}},
      {"--preset", {"no-such-preset"}},
      {"--show", {"no-such-preset"}},
      {"--dataset", {"no-such-data"}},
      {"--model", {"no-such-model"}},
      {"--head", {"middle"}},
      {"--heads", {"fc,middle"}},
      {"--train-pos", {"nowhere"}},
      {"--test-pos", {"nowhere"}},
      {"--position", {"nowhere"}},
      {"--poison-selection", {"sometimes"}},
      {"--method", {"abs-ish"}},
      {"--methods", {"nc,nope"}},
      {"--regimes", {"fixed,sometimes"}},
      {"--classes", {"-1", "x"}},
      {"--frr", {"1.5", "x"}},
      {"--ss-eps", {"-0.1", "x"}},
      {"--precision", {"-0.5", "x"}},
      {"--inputs", {"1", "x"}},
      {"--seed", {"x", "-1"}},
      {"--defence-seed", {"x", "-1"}},
  };
  if (byFlag.contains(flag)) return byFlag[flag];
  if (type == "INT" || type == "UINT" || type == "FLOAT") return {"x", "-1"};
  if (flag == "--poison") return {"x", "-1"};  // train and grid: one count; budget: levels
  return {};
}

struct Option {
  QString name, type, help;
};

// Each option with a value in `gaplab-cli ARGS --help`, and the positionals.
QList<Option> optionsInHelp(const QStringList& command) {
  const auto help = runCli(command + QStringList{"--help"}, 30000);
  QList<Option> options;
  static const QRegularExpression line(R"(^\s+(?:-\w,)?(--[\w-]+|[a-z]+)\s+([A-Z/]+)\b(.*)$)");
  bool positionals = false;
  for (const auto& text : help.out.split('\n')) {
    if (text.startsWith("Positionals:")) positionals = true;
    if (text.startsWith("Options:")) positionals = false;
    const auto match = line.match(text);
    if (!match.hasMatch()) continue;
    const auto name = match.captured(1);
    if (!name.startsWith("--") && !positionals) continue;
    options.push_back({name, match.captured(2), match.captured(3).simplified()});
  }
  return options;
}

}  // namespace

class TestCliFlags : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  QString checkpoint_;

private Q_SLOTS:
  void initTestCase() {
    QVERIFY2(QFile::exists(qEnvironmentVariable("GAPLAB_CLI")), "GAPLAB_CLI not set");
    QVERIFY(dir_.isValid());
    // A real checkpoint, so that sweep's and detect's other flags are reached.
    checkpoint_ = dir_.filePath("text.pt");
    const auto run = runCli({"train", "--preset", "lecture-text", "--limit-train", "200", "--limit-test", "40",
                             "--epochs", "1", "--poison", "10", "--threads", "2", "--checkpoint", checkpoint_});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
  }

  void malformedValuesAreUsageErrors_data() {
    QTest::addColumn<QStringList>("command");  // the command's words and valid required flags
    QTest::addColumn<QString>("flag");
    QTest::addColumn<QString>("value");
    const QString out = dir_.filePath("out.csv"), work = dir_.filePath("work");
    // The words whose --help lists the flags, then the whole valid command.
    struct Command {
      QStringList help, words, required;
    };
    const QStringList gridSpec{"--preset", "lecture-text", "--out", out};
    const QList<Command> commands{
        {{"presets"}, {"presets"}, {}},
        {{"grid"}, {"grid"}, gridSpec},
        {{"budget"}, {"budget"}, {"--preset", "lecture-budget-text", "--out", out}},
        {{"detect-grid"}, {"detect-grid"}, gridSpec + QStringList{"--methods", "strip"}},
        {{"sbatch"}, {"sbatch", "grid"}, gridSpec + QStringList{"--tasks", "2", "--work-dir", work}},
        {{"sbatch", "grid"}, {"sbatch", "grid"}, gridSpec + QStringList{"--tasks", "2", "--work-dir", work}},
        {{"figure"}, {"figure"}, {"--budget", out, "--out", dir_.filePath("figure.pdf")}},
        {{"merge"}, {"merge"}, {"--out", out}},
        {{"train"}, {"train"}, {"--preset", "lecture-text", "--checkpoint", dir_.filePath("new.pt")}},
        {{"sweep"}, {"sweep"}, {"--checkpoint", checkpoint_, "--out", out}},
        {{"detect"}, {"detect"}, {"--checkpoint", checkpoint_, "--method", "strip", "--out-dir", dir_.filePath("d")}},
        {{"render-audio"}, {"render-audio"}, {"--preset", "lecture-sound", "--out", dir_.filePath("a.wav")}},
    };
    int cases = 0;
    QSet<QString> tried;  // one definition, one try
    for (const auto& c : commands) {
      const auto options = optionsInHelp(c.help);
      QVERIFY2(!options.isEmpty() || c.help == QStringList{"presets"}, qPrintable(c.help.join(' ') + ": no --help"));
      for (const auto& option : options) {
        const QString definition = option.name + " " + option.type + " " + option.help;
        if (tried.contains(definition)) continue;
        tried.insert(definition);
        const bool output = kAnyValue.contains(option.name) || (c.words.first() == "train" && option.name == "--checkpoint");
        if (output) continue;
        const QStringList values = kInputPaths.contains(option.name) ? QStringList{"/nonexistent/gaplab-input"}
                                                                    : malformedValues(option.name, option.type);
        QVERIFY2(!values.isEmpty(), qPrintable(c.help.join(' ') + " " + option.name + " " + option.type +
                                               ": no malformed value to try (add one, or list it as any text)"));
        for (const auto& value : values) {
          // The malformed value stands in for a required flag of the same name.
          QStringList command = c.words;
          for (int i = 0; i < c.required.size(); ++i) {
            if (c.required[i] == option.name && i + 1 < c.required.size()) {
              ++i;
              continue;
            }
            command << c.required[i];
          }
          if (option.name == "shards")
            command << value;
          else
            command << option.name << value;
          if (c.words.first() == "merge" && option.name != "shards") command << out;
          QTest::newRow(qPrintable(command.join(' '))) << command << option.name << value;
          ++cases;
        }
      }
    }
    QVERIFY2(cases > 50, qPrintable(QString::number(cases)));
  }

  void malformedValuesAreUsageErrors() {
    QFETCH(QStringList, command);
    QFETCH(QString, flag);
    QFETCH(QString, value);
    // Anything that trains or reads a dataset first would outlast this.
    const auto run = runCli(command, 60000);
    QVERIFY2(run.exitCode == 1 || run.exitCode == 2,
             qPrintable(QString("exit %1 (-1: still running, -2: crashed): %2").arg(run.exitCode).arg(run.err)));
    const auto firstLine = run.err.section('\n', 0, 0);
    const QString named = kInputPaths.contains(flag) ? value : flag;
    QVERIFY2(firstLine.contains(named), qPrintable("does not name " + named + ": " + run.err));
  }
};

QTEST_GUILESS_MAIN(TestCliFlags)
#include "tst_cli_flags.moc"
