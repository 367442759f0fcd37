package org.splitfuse.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class TimeToAccuracyTest {

    private static final List<CurvePoint> CURVE = List.of(
            new CurvePoint(10.0, "train", 0, 0.91, 1000, false),
            new CurvePoint(12.0, "prune", 0, 0.70, 500, true),
            new CurvePoint(15.0, "tune", 1, 0.86, 500, true),
            new CurvePoint(18.0, "tune", 2, 0.89, 500, true),
            new CurvePoint(21.0, "tune", 3, 0.88, 500, true));

    @Test
    void theFirstFinalSizePointAtTheTargetCounts() {
        // the unpruned model at 0.91 is not a final model
        assertEquals(OptionalDouble.of(15.0), TimeToAccuracy.of(CURVE, 0.85));
        assertEquals(OptionalDouble.of(18.0), TimeToAccuracy.of(CURVE, 0.89), "reaching it exactly counts");
        assertEquals(OptionalDouble.of(12.0), TimeToAccuracy.of(CURVE, 0.5));
        assertTrue(TimeToAccuracy.of(CURVE, 0.9).isEmpty(), "never reached by a final-size model");
        assertTrue(TimeToAccuracy.of(List.of(), 0.1).isEmpty());
    }

    @Test
    void readsTheCurveOfReportJson() throws Exception {
        JsonNode report = JobReport.parse("""
                {"splitfuse": "report/5", "curve": [
                  {"seconds": 3.5, "stage": "fuse", "round": 0, "accuracy": 0.6, "parameters": 42, "final_size": true},
                  {"seconds": 7.25, "stage": "tune-fused", "round": 1, "accuracy": 0.8, "parameters": 42, "final_size": true}]}
                """);
        assertEquals(List.of(new CurvePoint(3.5, "fuse", 0, 0.6, 42, true), new CurvePoint(7.25, "tune-fused", 1, 0.8, 42, true)),
                TimeToAccuracy.curve(report));
        assertEquals(OptionalDouble.of(7.25), TimeToAccuracy.of(report, 0.7));
        assertTrue(TimeToAccuracy.curve(JobReport.parse("{\"splitfuse\": \"report/4\"}")).isEmpty(), "an older report has none");
    }
}
