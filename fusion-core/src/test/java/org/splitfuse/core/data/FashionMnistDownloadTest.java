package org.splitfuse.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole download path with the real published checksums, offline: the official files are
 * rebuilt from the Debian package's and served on the loopback interface.
 *
 * <p>Debian re-wrote the gzip headers (file name dropped, time set to the package's build) but
 * kept the compressed data. The official header is 1f 8b, method 08, flag FNAME, the files'
 * original modification time, XFL 0, OS 3 (Unix) and the file name; those times were recovered
 * by searching for the one that reproduces each published MD5.
 */
class FashionMnistDownloadTest {

    private static final Map<String, Integer> OFFICIAL_MTIME = Map.of(
            "train-images-idx3-ubyte.gz", 1504176606,
            "train-labels-idx1-ubyte.gz", 1504176606,
            "t10k-images-idx3-ubyte.gz", 1504176627,
            "t10k-labels-idx1-ubyte.gz", 1504176627);

    @TempDir
    Path dir;

    static byte[] officialBytes(Path debianFile) throws IOException {
        byte[] debian = Files.readAllBytes(debianFile);
        assumeTrue(debian[3] == 0, "the Debian file has header fields this test does not expect");
        String file = debianFile.getFileName().toString();
        int mtime = OFFICIAL_MTIME.get(file);
        ByteArrayOutputStream out = new ByteArrayOutputStream(debian.length + 32);
        out.write(new byte[] {0x1f, (byte) 0x8b, 8, 8, (byte) mtime, (byte) (mtime >>> 8), (byte) (mtime >>> 16),
                (byte) (mtime >>> 24), 0, 3});
        out.write(file.substring(0, file.length() - 3).getBytes(StandardCharsets.ISO_8859_1));
        out.write(0);
        out.write(debian, 10, debian.length - 10);
        return out.toByteArray();
    }

    @Test
    void downloadsVerifiesAndReadsTheOfficialFiles() throws Exception {
        RealData.fashionMnist();
        List<String> names = new ArrayList<>(DatasetName.FASHION_MNIST.trainFiles());
        names.addAll(DatasetName.FASHION_MNIST.testFiles());
        try (LoopbackServer server = new LoopbackServer()) {
            for (String f : names) {
                server.files.put(f, officialBytes(IdxReaderTest.FASHION_MNIST.resolve(f)));
            }
            Path cache = dir.resolve("cache");
            List<String> log = new ArrayList<>();
            FileSource source = Datasets.locate(DatasetName.FASHION_MNIST,
                    new DataLocation(null, cache, true, server.base()), dir.resolve("no-system-package"), log::add);
            assertEquals(cache.resolve("fashion-mnist").resolve("x").toString(), source.describe("x"));
            assertEquals(4, log.size(), "one line per download: " + log);
            try (Stream<Path> s = Files.list(cache.resolve("fashion-mnist"))) {
                assertEquals(names.stream().sorted().toList(), s.map(p -> p.getFileName().toString()).sorted().toList());
            }
            TrainTest data = Datasets.read(DatasetName.FASHION_MNIST, source, 0, 0);
            assertEquals(60_000, data.train().size());
            assertEquals(10_000, data.test().size());
            // found in the cache now: no further request
            int requests = server.requests.get();
            Datasets.locate(DatasetName.FASHION_MNIST, new DataLocation(null, cache, true, server.base()),
                    dir.resolve("no-system-package"), log::add);
            assertEquals(requests, server.requests.get());
        }
    }
}
