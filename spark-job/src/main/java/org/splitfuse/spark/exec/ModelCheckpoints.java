package org.splitfuse.spark.exec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.splitfuse.core.model.Fingerprint;
import org.splitfuse.core.plan.RunRules;
import org.splitfuse.spark.config.JobConfig;

/**
 * Trained models kept under a Hadoop URI as soon as each task finishes, in a directory named by a
 * fingerprint of everything that determines them (data, split, model, training settings): a rerun
 * of the same config after a crash finds them and skips their training. Written to a temporary
 * name and renamed, so a half-written checkpoint is never read.
 */
final class ModelCheckpoints implements Serializable {

    private final String dir;
    private final HadoopConf conf;

    private ModelCheckpoints(String dir, HadoopConf conf) {
        this.dir = dir;
        this.conf = conf;
    }

    /** Null when checkpoints are off (output.checkpoints = ""). */
    static ModelCheckpoints of(JobConfig config, RunRules rules, HadoopConf conf) {
        String base = config.output().checkpoints();
        return base.isEmpty() ? null : new ModelCheckpoints(base + "/" + fingerprint(config, rules), conf);
    }

    /**
     * Depends on every setting that changes a trained model (the native threads too: the bits
     * depend on them), and on nothing else (not the output, not the plan).
     */
    static String fingerprint(JobConfig c, RunRules rules) {
        JobConfig.Train t = c.train();
        return Fingerprint.of(c.data().name(), c.data().dir(), Integer.toString(c.data().trainLimit()),
                c.split().toString(), c.model().toString(), t.optimizer().toString(), Integer.toString(t.batchSize()),
                Long.toString(t.shuffleSeed()), "threads=" + rules.threads());
    }

    /** The fingerprint these checkpoints are kept under (the last part of their directory). */
    String fingerprint() {
        return dir.substring(dir.lastIndexOf('/') + 1);
    }

    String location(String name) {
        return dir + "/" + name;
    }

    /**
     * The stored bytes, or null if there are none. A {@link ChecksumException} (the local file
     * system keeps a checksum beside each file) means the file was damaged after it was written.
     */
    byte[] read(String name) throws ChecksumException {
        Path path = new Path(location(name));
        try {
            FileSystem fs = path.getFileSystem(conf.get());
            if (!fs.isFile(path)) {
                return null;
            }
            try (var in = fs.open(path)) {
                return in.readAllBytes();
            }
        } catch (ChecksumException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint " + path, e);
        }
    }

    /**
     * Renames a checkpoint that cannot be read to {@code NAME.unreadable-TIME}, so that nothing is
     * lost and the next read finds none; returns the new location.
     */
    String setAside(String name) {
        Path path = new Path(location(name));
        String stamp = java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path aside = new Path(location(name + ".unreadable-" + stamp));
        try {
            FileSystem fs = path.getFileSystem(conf.get());
            if (!fs.rename(path, aside)) {
                throw new IOException("rename " + path + " -> " + aside + " failed");
            }
            return aside.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set aside the unreadable checkpoint " + path, e);
        }
    }

    void write(String name, byte[] bytes, String attempt) {
        Path path = new Path(location(name));
        Path tmp = new Path(location("_tmp-" + attempt + "-" + name));
        try {
            FileSystem fs = path.getFileSystem(conf.get());
            fs.mkdirs(path.getParent());
            try (OutputStream out = fs.create(tmp, true)) {
                out.write(bytes);
            }
            fs.delete(path, false);
            if (!fs.rename(tmp, path)) {
                throw new IOException("rename " + tmp + " -> " + path + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint " + path, e);
        }
    }
}
