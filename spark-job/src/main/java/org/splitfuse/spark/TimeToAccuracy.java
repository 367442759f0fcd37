package org.splitfuse.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Time to accuracy from a run's curve (report.json's {@code curve}, {@link CurvePoint}): the first
 * plan time at which a candidate final model (a final-size point) reaches a target test accuracy.
 */
public final class TimeToAccuracy {

    private TimeToAccuracy() {
    }

    /**
     * The seconds of the first point (in time order) that is final-size and has accuracy {@code >= target};
     * empty if none has.
     *
     * @param target a test accuracy as a fraction in [0, 1], as the curve has it
     */
    public static OptionalDouble of(List<CurvePoint> curve, double target) {
        CurvePoint first = null;
        for (CurvePoint p : curve) {
            if (p.finalSize() && p.accuracy() >= target && (first == null || p.seconds() < first.seconds())) {
                first = p;
            }
        }
        return first == null ? OptionalDouble.empty() : OptionalDouble.of(first.seconds());
    }

    /** {@link #of(List, double)} of a parsed report.json. */
    public static OptionalDouble of(JsonNode report, double target) {
        return of(curve(report), target);
    }

    /** The curve of a parsed report.json (report/5); a report without one (older) has none. */
    public static List<CurvePoint> curve(JsonNode report) {
        List<CurvePoint> points = new ArrayList<>();
        JsonNode curve = report.path("curve");
        curve.forEach(n -> points.add(CurvePoint.of(n)));
        return points;
    }
}
