package org.splitfuse.spark.charts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.splitfuse.core.InputError;

/**
 * A CSV file with a header row, as the benchmarks and sweeps write them (RFC 4180 quoting for
 * fields that hold commas, quotes or newlines). Columns are found by name.
 */
public final class CsvTable {

    private final Path file;
    private final List<String> header;
    private final List<List<String>> rows;

    private CsvTable(Path file, List<String> header, List<List<String>> rows) {
        this.file = file;
        this.header = header;
        this.rows = rows;
    }

    public static CsvTable read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InputError(file + ": no such file");
        }
        List<List<String>> records = parse(text, file);
        if (records.isEmpty()) {
            throw new InputError(file + ": empty, expected a header row");
        }
        List<String> header = records.get(0);
        List<List<String>> rows = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            List<String> r = records.get(i);
            if (r.size() == 1 && r.get(0).isEmpty()) {
                continue;
            }
            if (r.size() != header.size()) {
                throw new InputError(file + ": row " + (i + 1) + " has " + r.size() + " fields, the header " + header.size());
            }
            rows.add(r);
        }
        return new CsvTable(file, header, rows);
    }

    /** The columns named, or a user error naming the file and the missing column. */
    public CsvTable require(String... columns) {
        for (String c : columns) {
            if (!header.contains(c)) {
                throw new InputError(file + ": no column '" + c + "' (columns: " + String.join(",", header) + ")");
            }
        }
        return this;
    }

    public List<String> header() {
        return Collections.unmodifiableList(header);
    }

    public boolean has(String column) {
        return header.contains(column);
    }

    public List<Row> rows() {
        return rows.stream().map(Row::new).toList();
    }

    public List<Row> rows(Predicate<Row> keep) {
        return rows().stream().filter(keep).toList();
    }

    public Path file() {
        return file;
    }

    /** The same table with only the rows {@code keep} accepts (one case of a results file that holds several). */
    public CsvTable where(Predicate<Row> keep) {
        List<List<String>> kept = new ArrayList<>();
        for (List<String> r : rows) {
            if (keep.test(new Row(r))) {
                kept.add(r);
            }
        }
        return new CsvTable(file, header, kept);
    }

    /** One data row. */
    public final class Row {
        private final List<String> fields;

        private Row(List<String> fields) {
            this.fields = fields;
        }

        public String get(String column) {
            int i = header.indexOf(column);
            if (i < 0) {
                throw new InputError(file + ": no column '" + column + "'");
            }
            return fields.get(i);
        }

        /** The column as a number; an empty field is NaN. */
        public double num(String column) {
            String v = get(column).trim();
            if (v.isEmpty()) {
                return Double.NaN;
            }
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new InputError(file + ": column '" + column + "' holds '" + v + "', not a number");
            }
        }

        public Map<String, String> asMap() {
            Map<String, String> m = new java.util.LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                m.put(header.get(i), fields.get(i));
            }
            return m;
        }
    }

    private static List<List<String>> parse(String text, Path file) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            any = true;
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                any = false;
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new InputError(file + ": a quoted field is not closed");
        }
        if (any) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
