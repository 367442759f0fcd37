package org.splitfuse.bench.datafree;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.splitfuse.bench.AtomicFiles;
import org.splitfuse.bench.KeptRows;
import org.splitfuse.core.model.ModelFamily;

/**
 * The benchmark's files in the output directory: data-free.csv (the cells) and data-free-base.csv
 * (each model's unpruned accuracy, training epochs and test examples per pruned cell). A run keeps the stored results of models it does not run.
 */
final class Stored {

    static final String CELLS = "data-free.csv";
    static final String BASE = "data-free-base.csv";

    private Stored() {
    }

    static List<DataFreeResult> keptFrom(DataFreeSettings s) throws IOException {
        List<String> running = s.models().stream().map(ModelFamily::id).toList();
        List<DataFreeResult> kept = new ArrayList<>();
        kept.addAll(KeptRows.of(s.outputDir().resolve(BASE), KeptRows.firstFieldNotIn(running),
                f -> DataFreeResult.original(f[0], Double.parseDouble(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]))));
        kept.addAll(KeptRows.of(s.outputDir().resolve(CELLS), KeptRows.firstFieldNotIn(running),
                f -> DataFreeResult.cell(f[0], f[1], Double.parseDouble(f[2]), f[3], Double.parseDouble(f[4]),
                        Double.parseDouble(f[5]))));
        return kept;
    }

    static void write(List<DataFreeResult> results, Path dir) throws IOException {
        List<String> cells = new ArrayList<>();
        List<String> base = new ArrayList<>();
        cells.add("model,group,sparsity,method,accuracy,logit_l2");
        base.add("model,accuracy,epochs,eval_examples");
        for (DataFreeResult r : results) {
            if (r.method().equals("original")) {
                base.add(String.format(Locale.ROOT, "%s,%.4f,%d,%d", r.model(), r.accuracy(), r.epochs(), r.evalExamples()));
            } else {
                cells.add(String.format(Locale.ROOT, "%s,%s,%.2f,%s,%.4f,%.4f", r.model(), r.group(), r.sparsity(),
                        r.method(), r.accuracy(), r.logitL2()));
            }
        }
        AtomicFiles.writeLines(dir.resolve(CELLS), cells);
        AtomicFiles.writeLines(dir.resolve(BASE), base);
    }
}
