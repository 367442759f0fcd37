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

    /**
     * {@link #of} for a file that may predate a column: when the file's header lacks {@code column},
     * {@code value} is inserted into each row at {@code index} (the column's place today) before
     * {@code keep} and {@code parse} see it, so a file written before the column existed is read
     * as if it had held {@code value} throughout.
     */
    public static <T> List<T> of(Path csv, String column, int index, String value, Predicate<String[]> keep,
                                 Function<String[], T> parse) throws IOException {
        boolean hasColumn = true;
        if (Files.isRegularFile(csv)) {
            try (java.io.BufferedReader in = Files.newBufferedReader(csv)) {
                String header = in.readLine();
                hasColumn = header == null || List.of(header.split(",")).contains(column);
            }
        }
        if (hasColumn) {
            return of(csv, keep, parse);
        }
        Function<String[], String[]> widen = f -> {
            String[] wide = new String[f.length + 1];
            System.arraycopy(f, 0, wide, 0, index);
            wide[index] = value;
            System.arraycopy(f, index, wide, index + 1, f.length - index);
            return wide;
        };
        return of(csv, f -> keep.test(widen.apply(f)), f -> parse.apply(widen.apply(f)));
    }

    /** Kept: the rows whose first field (the model or method) is not one this run computes. */
    public static Predicate<String[]> firstFieldNotIn(List<String> running) {
        return f -> !running.contains(f[0]);
    }
}
