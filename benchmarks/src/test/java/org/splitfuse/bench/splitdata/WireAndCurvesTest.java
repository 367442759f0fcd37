package org.splitfuse.bench.splitdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading what a run on the emulated network leaves (wire.csv) and time-to-accuracy from a report's curve. */
class WireAndCurvesTest {

    @Test
    void bytesPerStageAreTheDifferencesOfTheNodesTotalsBetweenPoints(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("wire.csv"), String.join("\n", "point,bytes_sent_by_node",
                "start,d=100;w1=10;w2=20", "train,d=1100;w1=510;w2=520", "prune-each,d=1100;w1=610;w2=620",
                "end,d=1200;w1=610;w2=620", ""));
        Map<String, Long> stages = EmulatedCluster.perStage(dir);
        assertEquals(List.of("train", "prune-each", "total"), List.copyOf(stages.keySet()));
        assertEquals(2000L, stages.get("train"));
        assertEquals(200L, stages.get("prune-each"));
        assertEquals(2300L, stages.get("total"), "start to end, the run's last messages included");
    }

    @Test
    void thePlotComparesWireBytesWhereEveryRunCountedThem(@TempDir Path dir) throws Exception {
        String header = "method,bytes_moved,wire_bytes\n";
        Files.writeString(dir.resolve("wire.csv"), header + "sync-dp,4000,4100\nsync-dp-gs,70,130\n");
        Files.writeString(dir.resolve("mixed.csv"), header + "sync-dp,4000,4100\npaf,16,0\n");
        Files.writeString(dir.resolve("old.csv"), "method,bytes_moved\nsync-dp,4000\n");
        assertEquals("wire_bytes", SplitDataPlot.byteColumn(org.splitfuse.spark.charts.CsvTable.read(dir.resolve("wire.csv"))),
                "gradient sharing's UDP is only on the wire");
        assertEquals("bytes_moved", SplitDataPlot.byteColumn(org.splitfuse.spark.charts.CsvTable.read(dir.resolve("mixed.csv"))),
                "a loopback row has no wire bytes: one column for all bars");
        assertEquals("bytes_moved", SplitDataPlot.byteColumn(org.splitfuse.spark.charts.CsvTable.read(dir.resolve("old.csv"))));
    }

    @Test
    void aWireFileWithoutItsEndIsABugNotARow(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("wire.csv"), "point,bytes_sent_by_node\nstart,d=1;w1=2\n");
        assertThrows(IllegalStateException.class, () -> EmulatedCluster.perStage(dir));
    }

    @Test
    void timeToAccuracyIsTheFirstFinalSizeModelAtTheTarget() throws Exception {
        String json = """
                {"curve": [
                  {"seconds": 100, "stage": "train", "round": 1, "accuracy": 0.95, "parameters": 500, "final_size": false},
                  {"seconds": 150, "stage": "tune-fused", "round": 1, "accuracy": 0.895, "parameters": 100, "final_size": true},
                  {"seconds": 170, "stage": "tune-fused", "round": 2, "accuracy": 0.905, "parameters": 100, "final_size": true},
                  {"seconds": 190, "stage": "tune-fused", "round": 3, "accuracy": 0.902, "parameters": 100, "final_size": true}
                ]}""";
        List<AccuracyCurves.Point> run = AccuracyCurves.of(new ObjectMapper().readTree(json), "paf", "1gbit", 2, 0.25);
        assertEquals(4, run.size());
        assertEquals(170.0, AccuracyCurves.timeTo(run, 0.90).orElseThrow(), "the unpruned model's 95% does not count");
        assertEquals(150.0, AccuracyCurves.timeTo(run, 0.895).orElseThrow());
        assertTrue(AccuracyCurves.timeTo(run, 0.91).isEmpty());
        AccuracyCurves.Point p = run.get(2);
        assertEquals(p, AccuracyCurves.Point.parse(p.csv().split(",")), "a CSV row reads back as written");
        assertEquals("paf|1gbit|2|0.25", p.key());
    }
}
