package org.splitfuse.core.data;

import java.nio.file.Path;

/**
 * Where to look for a data set and whether it may be downloaded.
 *
 * @param configured the directory the user named, or null for the default places
 * @param cacheDir   where downloads go (one sub-directory per data set), or null for none
 * @param mirror     base URL of the download mirror
 * @param setting    how the user names the directory (config key {@code data.dir} or a verb's
 *                   {@code --data-dir}), for the messages that tell them to
 */
public record DataLocation(Path configured, Path cacheDir, boolean download, String mirror, String setting) {

    /** The config key data.dir is how the directory is named. */
    public DataLocation(Path configured, Path cacheDir, boolean download, String mirror) {
        this(configured, cacheDir, download, mirror, "data.dir");
    }

    public static DataLocation noDownload(Path configured) {
        return new DataLocation(configured, null, false, DatasetName.FASHION_MNIST_MIRROR);
    }

    /** The same places, named in messages by the given setting (e.g. a command-line flag). */
    public DataLocation namedBy(String how) {
        return new DataLocation(configured, cacheDir, download, mirror, how);
    }
}
