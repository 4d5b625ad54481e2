// SPDX-License-Identifier: GPL-3.0-or-later
// Every result table (gaplab/table.h): the documented header, a row written
// as the docs show it, and a round trip byte for byte through the parser.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "gaplab/budget.h"
#include "gaplab/detect_grid.h"
#include "gaplab/error.h"
#include "gaplab/grid.h"
#include "gaplab/placement_sweep.h"
#include "test_support.h"

using namespace gaplab;

namespace {

template <typename Row>
QString headerOf(const Table<Row>& table) {
  return QString::fromStdString(table.header());
}

// The first row's line of a table's CSV.
template <typename Row>
QString firstLine(const Table<Row>& table, const Row& row) {
  return QString::fromStdString(table.rows({row})).chopped(1);
}

// Written, read back and written again: the same bytes, and as many rows.
template <typename Row>
void roundTrips(const Table<Row>& table, const std::vector<Row>& rows) {
  const auto csv = table.csv(rows);
  const auto parsed = table.parse(csv, "table.csv");
  QCOMPARE(parsed.size(), rows.size());
  QCOMPARE(QString::fromStdString(table.csv(parsed)), QString::fromStdString(csv));
}

GridRow gridRow() {
  GridRow r;
  r.modality = "text";
  r.dataset = "imdb";
  r.model = "paper-text";
  r.head = "gap";
  r.posTrain = "start";
  r.posTest = "@125";
  r.nPoison = 100;
  r.poisonPercent = 6.25;
  r.rep = 1;
  r.seed = 43;
  r.epochs = 2;
  r.cleanAccuracy = 0.8125;
  r.asr = 0.5;
  r.robustAccuracy = 0.375;
  r.evaluated = 100;
  r.truncated = 3;
  return r;
}

}  // namespace

class TestResultTables : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void sweep() {
    const auto& table = sweepCsvTable();
    QCOMPARE(headerOf(table), QString("placement,x,y,asr,r_acc,n_eval,asr_low,asr_high,n_truncated"));
    SweepRow a;
    a.placement = "@0.250000";
    a.y = 25;
    a.asr = 0.125;
    a.robustAccuracy = 0.75;
    a.evaluated = 64;
    a.asrLow = 0.0625;
    a.asrHigh = 0.2291667;
    QCOMPARE(firstLine(table, a), QString("@0.250000,0,25,0.125000,0.750000,64,0.062500,0.229167,0"));
    SweepRow b = a;
    b.placement = "odd, \"quoted\" name";  // quoted where it has to be, and read back whole
    b.truncated = 7;
    roundTrips(table, {a, b});
    QCOMPARE(QString::fromStdString(table.parse(table.csv({b}), "t.csv")[0].placement), QString("odd, \"quoted\" name"));
  }

  void grid() {
    const auto& table = gridCsvTable();
    QCOMPARE(headerOf(table), QString("modality,dataset,model,head,pos_train,pos_test,n_poison,poison_pct,rep,seed,"
                                      "epochs,clean_acc,asr,r_acc,n_eval,n_truncated"));
    QCOMPARE(firstLine(table, gridRow()),
             QString("text,imdb,paper-text,gap,start,@125,100,6.2500,1,43,2,0.812500,0.500000,0.375000,100,3"));
    auto other = gridRow();
    other.posTest = "3:4";
    other.seed = 1ULL << 40;
    auto largest = gridRow();
    largest.seed = 18446744073709551615ULL;  // any seed a spec takes comes back
    roundTrips(table, {gridRow(), other, largest});
    auto negative = QString::fromStdString(table.csv({gridRow()}));
    QVERIFY(negative.contains(",6.2500,1,43,"));
    negative.replace(",6.2500,1,43,", ",6.2500,1,-1,");
    QVERIFY(test::throwsErrorContaining([&] { table.parse(negative.toStdString(), "t.csv"); },
                                        {"t.csv", "'-1' is not a whole number >= 0"}));
  }

  // The summary's cells come in the order the sweep ran them (a cell's first
  // row), each the mean over its reps; the failed-run filter drops a rep.
  void gridSummaryKeepsTheOrderCellsRan() {
    auto gapRep0 = gridRow(), fc = gridRow(), gapRep1 = gridRow();
    gapRep0.rep = 0;
    fc.head = "fc";
    fc.asr = 1.0;
    gapRep1.asr = 1.0;
    gapRep1.cleanAccuracy = 0.75;
    const std::vector<GridRow> rows{gapRep0, fc, gapRep1};
    const auto cellsOf = [&](const FailedRunFilter& filter) {
      return QJsonDocument::fromJson(QByteArray::fromStdString(gridSummaryJson(rows, presetSpec("lecture-text"), filter)))
          .object()["cells"]
          .toArray();
    };
    const auto all = cellsOf({});
    QCOMPARE(all.size(), 2);
    QCOMPARE(all[0].toObject()["head"].toString(), QString("gap"));
    QCOMPARE(all[0].toObject()["reps"].toInt(), 2);
    QCOMPARE(all[0].toObject()["asr"].toObject()["mean"].toDouble(), 0.75);
    QCOMPARE(all[0].toObject()["clean_acc"].toObject()["mean"].toDouble(), (0.8125 + 0.75) / 2);
    QCOMPARE(all[1].toObject()["head"].toString(), QString("fc"));
    QCOMPARE(all[1].toObject()["asr"].toObject()["mean"].toDouble(), 1.0);
    // Two classes: runs below 1.2 / 2 = 60% clean accuracy failed; make the second gap rep one.
    auto failed = rows;
    failed[2].cleanAccuracy = 0.55;
    const auto kept = QJsonDocument::fromJson(QByteArray::fromStdString(
                                                  gridSummaryJson(failed, presetSpec("lecture-text"), {true, 2})))
                          .object()["cells"]
                          .toArray();
    QCOMPARE(kept[0].toObject()["reps"].toInt(), 1);
    QCOMPARE(kept[0].toObject()["dropped"].toInt(), 1);
    QCOMPARE(kept[0].toObject()["asr"].toObject()["mean"].toDouble(), 0.5);
  }

  void budget() {
    const auto& table = budgetCsvTable();
    QCOMPARE(headerOf(table), QString("modality,dataset,model,head,regime,n_poison,poison_pct,rep,seed,epochs,"
                                      "clean_acc,asr_train_pos,asr_mean,asr_min,asr_p10,coverage_90,n_positions"));
    BudgetRow r;
    r.modality = "image";
    r.dataset = "fashion-mnist";
    r.model = "strip";
    r.head = "fc";
    r.regime = "random";
    r.nPoison = 60;
    r.poisonPercent = 1;
    r.seed = 42;
    r.epochs = 3;
    r.cleanAccuracy = 0.9;
    r.asrTrainPosition = 0.25;
    r.asrMean = 0.5;
    r.asrMin = 0.125;
    r.asrP10 = 0.2;
    r.coverage90 = 0.0625;
    r.positions = 16;
    QCOMPARE(firstLine(table, r), QString("image,fashion-mnist,strip,fc,random,60,1.0000,0,42,3,0.900000,0.250000,"
                                          "0.500000,0.125000,0.200000,0.062500,16"));
    roundTrips(table, {r, r});
  }

  // Detect rows leave what a method does not measure empty, and list the
  // flagged classes with ';'.
  void detect() {
    const auto& table = detectCsvTable();
    QCOMPARE(headerOf(table), QString("modality,dataset,model,head,pos_train,pos_test,rep,seed,method,target,flagged,"
                                      "target_flagged,anomaly_index,mask_l1_target,mask_iou,frr,far,poison_precision,"
                                      "poison_recall,seconds,attack_success,far_successful"));
    DetectRow nc;
    nc.modality = "image";
    nc.dataset = "fashion-mnist";
    nc.model = "strip";
    nc.head = "gap";
    nc.posTrain = "upper-left";
    nc.seed = 42;
    nc.method = "nc";
    nc.target = 7;
    nc.flagged = {2, 7};
    nc.targetFlagged = true;
    nc.anomalyIndex = 2.5;
    nc.maskL1Target = 12.25;
    nc.seconds = 1.5;
    QCOMPARE(firstLine(table, nc),
             QString("image,fashion-mnist,strip,gap,upper-left,,0,42,nc,7,2;7,1,2.500000,12.250000,,,,,,1.500,,"));
    DetectRow strip = nc;
    strip.method = "strip";
    strip.posTest = "lower-right";
    strip.flagged.clear();
    strip.targetFlagged.reset();
    strip.anomalyIndex.reset();
    strip.maskL1Target.reset();
    strip.frr = 0.05;
    strip.far = 0.0;
    strip.attackSuccess = 0.99;
    roundTrips(table, {nc, strip});
    const auto back = table.parse(table.csv({nc, strip}), "t.csv");
    QCOMPARE(back[0].flagged, (std::vector<int>{2, 7}));
    QVERIFY(back[1].far && *back[1].far == 0.0 && !back[1].anomalyIndex && !back[1].targetFlagged);
  }

  // A bad field is refused with the file named, whatever the table.
  void badFieldsNameTheFile() {
    const auto refused = [](auto parse) -> QString {
      try {
        parse();
      } catch (const Error& e) {
        return e.what();
      }
      return "accepted";
    };
    const std::string sweepHeader = sweepCsvTable().header() + "\n";
    auto message = refused([&] { sweepCsvTable().parse(sweepHeader + "@1,1,0,high,0,1,0,0,0\n", "sweep.csv"); });
    QVERIFY2(message.startsWith("sweep.csv") && message.contains("high"), qPrintable(message));
    message = refused([&] { sweepCsvTable().parse("x,y,asr\n0,0,1\n", "sweep.csv"); });
    QVERIFY2(message.startsWith("sweep.csv"), qPrintable(message));
    message = refused([&] { sweepCsvTable().parse(sweepHeader + "@1,1,0,0.5,0,1,0,0\n", "sweep.csv"); });
    QVERIFY2(message.startsWith("sweep.csv"), qPrintable(message));  // a field short
    auto csv = detectCsvTable().csv({});
    message = refused([&] {
      detectCsvTable().parse(csv + "image,f,strip,gap,p,,0,42,frobnicate,7,,,,,,,,,,1.000,,\n", "detect.csv");
    });
    QVERIFY2(message.startsWith("detect.csv") && message.contains("frobnicate"), qPrintable(message));
  }
};

QTEST_GUILESS_MAIN(TestResultTables)
#include "tst_result_tables.moc"
