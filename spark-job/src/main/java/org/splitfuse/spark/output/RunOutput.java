package org.splitfuse.spark.output;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A run's output directory on any Hadoop FileSystem, written all-or-nothing: files go to a hidden
 * sibling directory, and {@link #commit()} adds _SUCCESS and renames it into place. Closing an
 * uncommitted output deletes what was written, and the parent directories the output created if
 * they are still empty, so a failed run leaves nothing behind.
 */
public final class RunOutput implements AutoCloseable {

    public static final String SUCCESS = "_SUCCESS";

    private final FileSystem fs;
    private final Path target;
    private final Path staging;
    private final boolean overwrite;
    /** The outermost parent directory that did not exist before {@link #open}; null if the parent existed. */
    private final Path createdParent;
    private boolean committed;

    private RunOutput(FileSystem fs, Path target, Path staging, boolean overwrite, Path createdParent) {
        this.fs = fs;
        this.target = target;
        this.staging = staging;
        this.overwrite = overwrite;
        this.createdParent = createdParent;
    }

    /**
     * Checks that the target can be written, without creating anything: call it before long work,
     * so that a run which would fail at the end fails at the start.
     */
    public static Path checkTarget(String uri, boolean overwrite, Configuration conf) {
        try {
            Path target = new Path(uri);
            FileSystem fs = target.getFileSystem(conf);
            target = fs.makeQualified(target);
            if (fs.exists(target) && !overwrite) {
                throw new OutputError("output " + target + " already exists (set output.overwrite=true to replace it)");
            }
            if (fs.exists(target) && !fs.getFileStatus(target).isDirectory()) {
                throw new OutputError("output " + target + " exists and is a file, not a directory");
            }
            Path parent = target.getParent();
            if (parent != null && fs.exists(parent) && !fs.getFileStatus(parent).isDirectory()) {
                throw new OutputError("output parent " + parent + " is a file, not a directory");
            }
            return target;
        } catch (IllegalArgumentException e) {
            throw new OutputError("output.uri '" + uri + "' is not a valid path or URI: " + e.getMessage());
        } catch (IOException e) {
            throw new OutputError("output " + uri + ": " + e.getMessage());
        }
    }

    /**
     * {@link #checkTarget} and then proof that the location can be written: creates the staging
     * directory and a file in it as the run will at its end, and removes them again (with any parent
     * directories that made). Call it before long work, so that a run which would fail at the end
     * fails at the start. Returns the qualified target.
     */
    public static Path checkWritable(String uri, boolean overwrite, Configuration conf) {
        Path target = checkTarget(uri, overwrite, conf);
        try (RunOutput probe = open(target.toString(), overwrite, conf)) {
            probe.write(".probe", new byte[0]);
        } catch (IOException | UncheckedIOException e) {
            String problem = e.getMessage();
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                problem = c.getMessage(); // the file system's own words are the most specific
            }
            throw new OutputError("output " + target + " cannot be written: " + problem);
        }
        return target;
    }

    /** Creates the hidden staging directory beside the target. */
    public static RunOutput open(String uri, boolean overwrite, Configuration conf) throws IOException {
        Path target = checkTarget(uri, overwrite, conf);
        FileSystem fs = target.getFileSystem(conf);
        Path staging = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
        Path createdParent = null;
        for (Path p = target.getParent(); p != null && !fs.exists(p); p = p.getParent()) {
            createdParent = p;
        }
        try {
            if (!fs.mkdirs(staging)) {
                throw new IOException("cannot create a directory in " + staging.getParent());
            }
        } catch (IOException e) {
            // mkdirs may have made some of the parents before it failed
            new RunOutput(fs, target, staging, overwrite, createdParent).close();
            throw e;
        }
        return new RunOutput(fs, target, staging, overwrite, createdParent);
    }

    public Path target() {
        return target;
    }

    public OutputStream create(String relativeName) throws IOException {
        return fs.create(new Path(staging, relativeName), false);
    }

    public void write(String relativeName, byte[] bytes) throws IOException {
        try (OutputStream out = create(relativeName)) {
            out.write(bytes);
        }
    }

    public void writeText(String relativeName, String text) throws IOException {
        write(relativeName, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Marks the run complete and moves it into place. */
    public void commit() throws IOException {
        write(SUCCESS, new byte[0]);
        if (fs.exists(target)) {
            if (!overwrite) {
                throw new OutputError("output " + target + " appeared while the run was going; not replacing it");
            }
            if (!fs.delete(target, true)) {
                throw new IOException("could not delete the old output " + target);
            }
        }
        if (!fs.rename(staging, target)) {
            throw new IOException("could not rename " + staging + " to " + target);
        }
        committed = true;
    }

    @Override
    public void close() {
        if (committed) {
            return;
        }
        try {
            fs.delete(staging, true);
            // then the directories mkdirs made for it, innermost first, while nothing else is in them
            if (createdParent != null) {
                for (Path p = staging.getParent(); p != null; p = p.getParent()) {
                    if (!fs.exists(p) || fs.listStatus(p).length > 0 || !fs.delete(p, false) || p.equals(createdParent)) {
                        break;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove the staging directory " + staging, e);
        }
    }
}
