package org.splitfuse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.splitfuse.core.data.DatasetName;

/** What every verb's bad-input test asserts: exit 2, one error line naming the thing and the problem, no trace. */
public final class BadInput {

    private BadInput() {
    }

    /** A verb's command line as main runs it, without the exit: (argv, err) to exit code. */
    public interface Verb extends BiFunction<String[], PrintStream, Integer> {
    }

    /** Runs the verb and asserts the one-line error; returns the line. */
    public static String assertOneLineError(Verb verb, String who, List<String> argv, String... fragments) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = verb.apply(argv.toArray(new String[0]), new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, exit, printed);
        assertFalse(printed.contains("\tat "), "a stack trace was printed:\n" + printed);
        String[] lines = printed.strip().split("\n");
        assertEquals(1, lines.length, printed);
        assertTrue(lines[0].startsWith(who + ": error: "), lines[0]);
        for (String f : fragments) {
            assertTrue(lines[0].contains(f), "'" + f + "' not in: " + lines[0]);
        }
        System.out.println(lines[0]); // the message as a user sees it, for the test log
        return lines[0];
    }

    /** The arguments with {@code --out out} added unless they name an --out already (so that nothing lands in the tree). */
    public static List<String> withOut(List<String> args, Path out) {
        List<String> all = new ArrayList<>(args);
        if (!args.contains("--out")) {
            all.addAll(List.of("--out", out.toString()));
        }
        return all;
    }

    /** The paths under {@code dir}, itself excluded (what a failed run may have left). */
    public static List<Path> contents(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).sorted().toList();
        }
    }

    /** Fashion-MNIST's four file names, each holding what {@code content} gives (garbage, empty, ...). */
    public static Path dataDir(Path dir, byte[] content, boolean gzip) throws IOException {
        Files.createDirectories(dir);
        List<String> files = new ArrayList<>(DatasetName.FASHION_MNIST.trainFiles());
        files.addAll(DatasetName.FASHION_MNIST.testFiles());
        for (String f : files) {
            if (gzip) {
                try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve(f)))) {
                    out.write(content);
                }
            } else {
                Files.write(dir.resolve(f), content);
            }
        }
        return dir;
    }
}
