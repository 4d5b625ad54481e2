// SPDX-License-Identifier: GPL-3.0-or-later
// A real Slurm: munged and a one-node slurmctld + slurmd on localhost with a
// slurm.conf of the test's own (its ports, state and spool directories),
// the job arrays and merge jobs `gaplab-cli sbatch` writes for a small
// lecture-text grid and a detect-grid with non-default defence settings, and
// the merged CSVs and summaries compared byte for byte with local runs'
// (detect-grid's seconds column aside). The daemons are stopped by their pids. Without root
// or Slurm the test skips and says why, except under CI=true: there the
// README's set-up installs Slurm and runs as root, so a missing or failing
// Slurm is a broken set-up and fails the test.
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>

#include "cli_runner.h"

using namespace gaplab::test;

namespace {

// A TCP port nobody listens on now.
int freePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
    port = ntohs(address.sin_port);
  ::close(fd);
  return port;
}

// Runs a program to its end; its exit code, -1 if it did not start or finish.
int runProgram(const QString& program, const QStringList& arguments, QString* output = nullptr) {
  QProcess process;
  process.setProcessChannelMode(QProcess::MergedChannels);
  process.start(program, arguments);
  if (!process.waitForFinished(60000)) return -1;
  if (output) *output = QString::fromUtf8(process.readAll());
  return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

// The daemons this test started, stopped by their pid files whatever happens.
struct Daemons {
  QStringList pidFiles;
  ~Daemons() {
    for (auto it = pidFiles.rbegin(); it != pidFiles.rend(); ++it) {
      QFile file(*it);
      if (!file.open(QIODevice::ReadOnly)) continue;
      const pid_t pid = file.readAll().trimmed().toInt();
      if (pid <= 1) continue;
      ::kill(pid, SIGTERM);
      for (int i = 0; i < 100 && ::kill(pid, 0) == 0; ++i) QTest::qWait(50);
      if (::kill(pid, 0) == 0) ::kill(pid, SIGKILL);
    }
  }
};

QStringList gridFlags() {
  return {"--preset", "lecture-text", "--heads", "fc,gap", "--train-pos", "start,middle", "--limit-train", "2000",
          "--limit-test", "200", "--epochs", "1", "--reps", "1", "--threads", "1"};
}

// Defence settings other than the defaults: the array must run these, not the nodes' defaults.
QStringList detectGridFlags() {
  return {"--preset", "lecture-text", "--heads", "fc,gap", "--train-pos", "start", "--limit-train", "2000",
          "--limit-test", "200", "--epochs", "1", "--threads", "1", "--methods", "strip,ac",
          "--overlays", "10", "--inputs", "40", "--frr", "0.05", "--defence-seed", "7"};
}

// A CSV without its `seconds` column: the one value that differs between two runs.
QString withoutSeconds(const QString& csv) {
  const auto lines = csv.split('\n');
  const auto column = lines.value(0).split(',').indexOf("seconds");
  if (column < 0) return csv;
  QStringList kept;
  for (const auto& line : lines) {
    auto cells = line.split(',');
    if (cells.size() > column) cells.removeAt(column);
    kept << cells.join(',');
  }
  return kept.join('\n');
}

// Submits the two jobs `gaplab-cli sbatch` printed, from another folder:
// the scripts name every path in full.
bool submit(const QString& commands, QString* error) {
  QProcess process;
  process.setWorkingDirectory(QDir::rootPath());
  process.start("bash", {"-c", commands});
  if (!process.waitForFinished(60000)) return false;
  *error = QString::fromUtf8(process.readAllStandardError());
  return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

// QSKIP on a developer's machine without Slurm; QFAIL in CI, where it must run.
#define SKIP_UNLESS_CI(why)                                            \
  do {                                                                 \
    const QString reason = (why);                                      \
    if (qEnvironmentVariable("CI") == "true") QFAIL(qPrintable(reason)); \
    QSKIP(qPrintable(reason));                                         \
  } while (false)

}  // namespace

class TestSlurm : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

private Q_SLOTS:
  void arrayAndMergeGiveTheLocalRunsBytes() {
    if (::geteuid() != 0) SKIP_UNLESS_CI("the Slurm daemons run as root here (SlurmUser=root): run the test as root");
    for (const char* program : {"munged", "mungekey", "slurmctld", "slurmd", "sbatch", "squeue", "sinfo"})
      if (QStandardPaths::findExecutable(program, {"/usr/sbin", "/usr/bin", "/sbin", "/bin"}).isEmpty())
        SKIP_UNLESS_CI(QString("%1 is not installed (Debian: slurm-wlm, munge)").arg(program));
    auto tool = [](const char* program) {
      return QStandardPaths::findExecutable(program, {"/usr/sbin", "/usr/bin", "/sbin", "/bin"});
    };
    QVERIFY2(QFile::exists(qEnvironmentVariable("GAPLAB_CLI")), "GAPLAB_CLI not set");
    const QString root = dir_.path();
    for (const char* sub : {"munge", "state", "spool", "work"}) QVERIFY(QDir(root).mkpath(sub));
    QFile::setPermissions(root + "/munge", QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    Daemons daemons;

    // munged with a key and socket of its own.
    const QString munge = root + "/munge";
    QCOMPARE(runProgram(tool("mungekey"), {"--create", "--keyfile=" + munge + "/munge.key"}), 0);
    daemons.pidFiles << munge + "/munged.pid";
    QString said;
    if (runProgram(tool("munged"), {"--key-file=" + munge + "/munge.key", "--socket=" + munge + "/munge.socket",
                                    "--pid-file=" + munge + "/munged.pid", "--log-file=" + munge + "/munged.log",
                                    "--seed-file=" + munge + "/munged.seed", "--force"},
                   &said) != 0)
      SKIP_UNLESS_CI("munged does not start here: " + said.trimmed());

    // A one-node Slurm on free ports.
    const QString conf = root + "/slurm.conf";
    QFile file(conf);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QString("ClusterName=gaplabtest\nSlurmctldHost=localhost\nSlurmctldPort=%1\nSlurmdPort=%2\n"
                       "SlurmUser=root\nSlurmdUser=root\nAuthType=auth/munge\nAuthInfo=socket=%3/munge.socket\n"
                       "CredType=cred/munge\nStateSaveLocation=%4/state\nSlurmdSpoolDir=%4/spool\n"
                       "SlurmctldPidFile=%4/slurmctld.pid\nSlurmdPidFile=%4/slurmd.pid\n"
                       "SlurmctldLogFile=%4/slurmctld.log\nSlurmdLogFile=%4/slurmd.log\n"
                       "ProctrackType=proctrack/linuxproc\nTaskPlugin=task/none\nJobAcctGatherType=jobacct_gather/none\n"
                       "MpiDefault=none\nSchedulerType=sched/builtin\nSelectType=select/cons_tres\n"
                       "SelectTypeParameters=CR_Core\nReturnToService=2\n"
                       "NodeName=localhost NodeHostname=localhost CPUs=2 State=UNKNOWN\n"
                       "PartitionName=local Nodes=localhost Default=YES MaxTime=INFINITE State=UP\n")
                   .arg(freePort())
                   .arg(freePort())
                   .arg(munge, root)
                   .toUtf8());
    file.close();
    qputenv("SLURM_CONF", conf.toUtf8());
    daemons.pidFiles << root + "/slurmctld.pid" << root + "/slurmd.pid";
    if (runProgram(tool("slurmctld"), {"-f", conf, "-i"}, &said) != 0)
      SKIP_UNLESS_CI("slurmctld does not start here: " + said.trimmed());
    if (runProgram(tool("slurmd"), {"-f", conf, "-N", "localhost"}, &said) != 0)
      SKIP_UNLESS_CI("slurmd does not start here: " + said.trimmed());
    QElapsedTimer waited;
    waited.start();
    QString nodes;
    while (waited.elapsed() < 30000) {
      runProgram(tool("sinfo"), {"-h", "-o", "%t"}, &nodes);
      if (nodes.trimmed() == "idle") break;
      QTest::qWait(200);
    }
    QVERIFY2(nodes.trimmed() == "idle", qPrintable("the node never became idle: " + nodes));

    // The arrays and the merges, as gaplab-cli sbatch writes and prints them.
    const QString work = root + "/work", out = root + "/cluster.csv";
    auto run = runCli(QStringList{"sbatch", "grid"} + gridFlags() +
                      QStringList{"--work-dir", work, "--out", out, "--tasks", "3"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.contains("--dependency=afterok:"), qPrintable(run.out));
    QVERIFY2(submit(run.out, &said), qPrintable(said));
    const QString detectWork = root + "/detect-work", detectOut = root + "/cluster-detect.csv";
    run = runCli(QStringList{"sbatch", "detect-grid"} + detectGridFlags() +
                 QStringList{"--work-dir", detectWork, "--out", detectOut, "--tasks", "2"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto frozenSettings = fileBytes(detectWork + "/defences.json");
    QVERIFY2(frozenSettings.contains("\"frr\":0.05") && frozenSettings.contains("\"overlays\":10"),
             frozenSettings.constData());
    QVERIFY2(submit(run.out, &said), qPrintable(said));
    waited.restart();
    QString queue = "x";
    while (waited.elapsed() < 600000) {
      runProgram(tool("squeue"), {"-h"}, &queue);
      if (queue.trimmed().isEmpty()) break;
      QTest::qWait(500);
    }
    QVERIFY2(queue.trimmed().isEmpty(), qPrintable("jobs still queued: " + queue));
    QVERIFY2(QFile::exists(out), qPrintable("no merged CSV; merge log: " + fileBytes(work + "/logs/merge.out")));
    for (int task = 0; task < 3; ++task) QVERIFY(QFile::exists(QString("%1/shards/shard-%2.csv").arg(work).arg(task)));
    QVERIFY2(QFile::exists(detectOut),
             qPrintable("no merged detect-grid CSV; merge log: " + fileBytes(detectWork + "/logs/merge.out")));

    run = runCli(QStringList{"grid"} + gridFlags() + QStringList{"--out", root + "/local.csv"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(fileBytes(out), fileBytes(root + "/local.csv"));
    QCOMPARE(fileBytes(root + "/cluster.json"), fileBytes(root + "/local.json"));

    run = runCli(QStringList{"detect-grid"} + detectGridFlags() + QStringList{"--out", root + "/local-detect.csv"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto local = withoutSeconds(fileBytes(root + "/local-detect.csv"));
    QCOMPARE(local.count('\n'), 1 + 2 * (4 + 1));  // header; two models x (STRIP at 4 positions + AC)
    QVERIFY(local.contains(",strip,") && local.contains(",ac,"));
    QCOMPARE(withoutSeconds(fileBytes(detectOut)), local);
    QCOMPARE(fileBytes(root + "/cluster-detect.json"), fileBytes(root + "/local-detect.json"));
  }
};

QTEST_GUILESS_MAIN(TestSlurm)
#include "tst_slurm.moc"
