package org.splitfuse.core.data;

import java.nio.file.Path;

/**
 * Where to look for a data set and whether it may be downloaded.
 *
 * @param configured the directory the user named, or null for the default places
 * @param cacheDir   where downloads go (one sub-directory per data set), or null for none
 * @param mirror     base URL of the download mirror
 */
public record DataLocation(Path configured, Path cacheDir, boolean download, String mirror) {

    public static DataLocation noDownload(Path configured) {
        return new DataLocation(configured, null, false, DatasetName.FASHION_MNIST_MIRROR);
    }
}
