package org.splitfuse.bench.datafree;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.splitfuse.bench.AtomicFiles;
import org.splitfuse.bench.KeptRows;
import org.splitfuse.core.model.ModelFamily;

/**
 * The benchmark's files in the output directory: data-free.csv (the cells) and data-free-base.csv
 * (each checkpoint's unpruned accuracy, training epochs and test examples per pruned cell), both
 * with the model and its checkpoint's seed first. A run keeps the stored results of the checkpoints
 * (model, seed) it does not run; files written before the seed column are read as seed 1, the one
 * seed every run used then.
 */
final class Stored {

    static final String CELLS = "data-free.csv";
    static final String BASE = "data-free-base.csv";
    /** The seed of rows from files that predate the seed column (train.seed's default then). */
    static final String SEED_BEFORE_THE_COLUMN = "1";

    private Stored() {
    }

    static List<DataFreeResult> keptFrom(DataFreeSettings s) throws IOException {
        Set<String> running = new HashSet<>();
        for (ModelFamily family : s.models()) {
            for (long seed : s.seeds()) {
                running.add(family.id() + "," + seed);
            }
        }
        List<DataFreeResult> kept = new ArrayList<>();
        kept.addAll(KeptRows.of(s.outputDir().resolve(BASE), "seed", 1, SEED_BEFORE_THE_COLUMN,
                f -> !running.contains(f[0] + "," + f[1]),
                f -> DataFreeResult.original(f[0], Long.parseLong(f[1]), Double.parseDouble(f[2]), Integer.parseInt(f[3]),
                        Integer.parseInt(f[4]))));
        kept.addAll(KeptRows.of(s.outputDir().resolve(CELLS), "seed", 1, SEED_BEFORE_THE_COLUMN,
                f -> !running.contains(f[0] + "," + f[1]),
                f -> DataFreeResult.cell(f[0], Long.parseLong(f[1]), f[2], Double.parseDouble(f[3]), f[4],
                        Double.parseDouble(f[5]), Double.parseDouble(f[6]))));
        return kept;
    }

    static void write(List<DataFreeResult> results, Path dir) throws IOException {
        List<String> cells = new ArrayList<>();
        List<String> base = new ArrayList<>();
        cells.add("model,seed,group,sparsity,method,accuracy,logit_l2");
        base.add("model,seed,accuracy,epochs,eval_examples");
        for (DataFreeResult r : results) {
            if (r.method().equals("original")) {
                base.add(String.format(Locale.ROOT, "%s,%d,%.4f,%d,%d", r.model(), r.seed(), r.accuracy(), r.epochs(),
                        r.evalExamples()));
            } else {
                cells.add(String.format(Locale.ROOT, "%s,%d,%s,%.2f,%s,%.4f,%.4f", r.model(), r.seed(), r.group(),
                        r.sparsity(), r.method(), r.accuracy(), r.logitL2()));
            }
        }
        AtomicFiles.writeLines(dir.resolve(CELLS), cells);
        AtomicFiles.writeLines(dir.resolve(BASE), base);
    }
}
