package org.splitfuse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An earlier run's rows survive unless this run computes them again; no file, no rows. */
class KeptRowsTest {

    @TempDir
    Path dir;

    @Test
    void keepsTheRowsThisRunDoesNotCompute() throws Exception {
        Path csv = Files.write(dir.resolve("r.csv"), List.of("method,accuracy", "paf,0.88", "fap,0.87", "whole-data,0.89"));
        List<String> kept = KeptRows.of(csv, KeptRows.firstFieldNotIn(List.of("fap")), f -> f[0] + "=" + f[1]);
        assertEquals(List.of("paf=0.88", "whole-data=0.89"), kept);
        assertEquals(List.of(), KeptRows.of(dir.resolve("none.csv"), f -> true, f -> f[0]));
        assertEquals(List.of(), KeptRows.of(Files.write(dir.resolve("empty.csv"), new byte[0]), f -> true, f -> f[0]));
    }

    @Test
    void aFileWrittenBeforeAColumnReadsAsIfItHeldTheGivenValue() throws Exception {
        Path old = Files.write(dir.resolve("old.csv"), List.of("model,group,accuracy", "mlp,0,0.5", "vgg,1,0.6"));
        assertEquals(List.of("mlp/1/0/0.5"), KeptRows.of(old, "seed", 1, "1", f -> f[0].equals("mlp"), f -> String.join("/", f)));
        Path now = Files.write(dir.resolve("now.csv"), List.of("model,seed,group,accuracy", "mlp,7,0,0.5"));
        assertEquals(List.of("mlp/7/0/0.5"), KeptRows.of(now, "seed", 1, "1", f -> true, f -> String.join("/", f)));
        assertEquals(List.of(), KeptRows.of(dir.resolve("none.csv"), "seed", 1, "1", f -> true, f -> f[0]));
    }
}
