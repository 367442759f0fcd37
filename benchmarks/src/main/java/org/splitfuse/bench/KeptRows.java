package org.splitfuse.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The rows of an earlier run's CSV that this run does not compute again, so that a benchmark grid
 * can be run a part at a time (one model, one method, one K) and its CSV still holds every part.
 * The one place the benchmark verbs read their own earlier results.
 */
public final class KeptRows {

    private KeptRows() {
    }

    /**
     * @param keep   given a row's fields, whether it is kept (true: this run does not compute it)
     * @param parse  a kept row's fields to the verb's result
     * @return the kept rows in file order; none when the file does not exist
     */
    public static <T> List<T> of(Path csv, Predicate<String[]> keep, Function<String[], T> parse) throws IOException {
        List<T> kept = new ArrayList<>();
        if (Files.isRegularFile(csv)) {
            List<String> lines = Files.readAllLines(csv);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] fields = line.split(",");
                if (keep.test(fields)) {
                    kept.add(parse.apply(fields));
                }
            }
        }
        return kept;
    }

    /** Kept: the rows whose first field (the model or method) is not one this run computes. */
    public static Predicate<String[]> firstFieldNotIn(List<String> running) {
        return f -> !running.contains(f[0]);
    }
}
