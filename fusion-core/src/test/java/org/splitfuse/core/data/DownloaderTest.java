package org.splitfuse.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The downloader and the locator against a real HTTP server on the loopback interface. */
class DownloaderTest {

    @TempDir
    Path dir;

    private LoopbackServer server;

    @BeforeEach
    void start() throws IOException {
        server = new LoopbackServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Downloader downloader() {
        return new Downloader(server.base(), s -> { });
    }

    static String md5(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
    }

    private static List<String> entries(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void downloadsVerifiesAndRenamesIntoPlace() throws Exception {
        byte[] gz = IdxReaderTest.gzip(IdxReaderTest.idxLabels(new int[] {1, 2, 3}));
        server.files.put("labels.gz", gz);
        Path got = downloader().fetch("labels.gz", md5(gz), dir);
        assertEquals(dir.resolve("labels.gz"), got);
        assertArrayEquals(gz, Files.readAllBytes(got));
        assertEquals(List.of("labels.gz"), entries(dir), "no temporary file left");
        // present already: not fetched again
        server.files.clear();
        assertEquals(got, downloader().fetch("labels.gz", md5(gz), dir));
        assertEquals(1, server.requests.get());
    }

    @Test
    void checksumMismatchNamesFileExpectedAndActualAndLeavesNothing() throws Exception {
        byte[] gz = IdxReaderTest.gzip(IdxReaderTest.idxLabels(new int[] {1, 2, 3}));
        server.files.put("labels.gz", gz);
        String wrong = "0".repeat(32);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> downloader().fetch("labels.gz", wrong, dir));
        assertEquals(server.base() + "labels.gz: checksum mismatch for labels.gz: expected MD5 " + wrong + ", actual "
                + md5(gz) + " (" + gz.length + " bytes received; nothing was saved)", e.getMessage());
        assertEquals(List.of(), entries(dir));
    }

    @Test
    void missingFileIsAnHttpError() throws Exception {
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> downloader().fetch("absent.gz", "0".repeat(32), dir));
        assertEquals(server.base() + "absent.gz: download failed: HTTP 404", e.getMessage());
        assertEquals(List.of(), entries(dir));
    }

    @Test
    void truncatedTransferIsAnErrorAndLeavesNothing() throws Exception {
        byte[] content = new byte[200_000];
        new java.util.Random(1).nextBytes(content);
        server.files.put("cut-images.gz", content);
        IOException e = assertThrows(IOException.class, () -> downloader().fetch("cut-images.gz", md5(content), dir));
        assertTrue(e.getMessage().startsWith(server.base() + "cut-images.gz: download broke off after "), e.getMessage());
        assertTrue(e.getMessage().contains(" of 200000 bytes"), e.getMessage());
        assertEquals(List.of(), entries(dir));
    }

    @Test
    void locateRefusesADownloadWhoseChecksumIsNotThePublishedOne() throws Exception {
        // stand-ins under the real names: structurally fine, but not the published bytes
        byte[] images = IdxReaderTest.gzip(IdxReaderTest.idxImages(1, 28, 28, new byte[784]));
        byte[] labels = IdxReaderTest.gzip(IdxReaderTest.idxLabels(new int[] {3}));
        for (String f : DatasetName.FASHION_MNIST.trainFiles()) {
            server.files.put(f, f.contains("images") ? images : labels);
        }
        Path cache = dir.resolve("cache");
        DataLocation where = new DataLocation(null, cache, true, server.base());
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> Datasets.locate(DatasetName.FASHION_MNIST, where, dir.resolve("no-system-package"), s -> { }));
        assertTrue(e.getMessage().startsWith(server.base() + "train-images-idx3-ubyte.gz: checksum mismatch"),
                e.getMessage());
        assertEquals(List.of(), entries(cache.resolve("fashion-mnist")));
    }

    @Test
    void locateLooksInTheConfiguredThenSystemThenCacheDirectory() throws Exception {
        Path system = Files.createDirectory(dir.resolve("system"));
        Path cache = dir.resolve("cache");
        Path cached = Files.createDirectories(cache.resolve("fashion-mnist"));
        for (String f : DatasetName.FASHION_MNIST.trainFiles()) {
            Files.write(cached.resolve(f), new byte[] {1});
        }
        for (String f : DatasetName.FASHION_MNIST.testFiles()) {
            Files.write(cached.resolve(f), new byte[] {1});
        }
        DataLocation defaults = new DataLocation(null, cache, true, server.base());
        assertEquals(system.resolve("x").toString(),
                Datasets.locate(DatasetName.FASHION_MNIST, defaults, system, s -> { }).describe("x"));
        assertEquals(cached.resolve("x").toString(),
                Datasets.locate(DatasetName.FASHION_MNIST, defaults, dir.resolve("absent"), s -> { }).describe("x"));
        Path configured = Files.createDirectory(dir.resolve("mine"));
        assertEquals(configured.resolve("x").toString(), Datasets.locate(DatasetName.FASHION_MNIST,
                new DataLocation(configured, cache, true, server.base()), system, s -> { }).describe("x"));
        // a configured directory that does not exist is an error, never a reason to look elsewhere
        DataFormatException e = assertThrows(DataFormatException.class, () -> Datasets.locate(DatasetName.FASHION_MNIST,
                new DataLocation(dir.resolve("typo"), cache, true, server.base()), system, s -> { }));
        assertEquals(dir.resolve("typo") + ": data directory does not exist", e.getMessage());
        assertEquals(0, server.requests.get(), "nothing downloaded");
    }

    @Test
    void locateWithoutDataOrDownloadSaysWhereItLooked() {
        Path cache = dir.resolve("cache");
        DataFormatException e = assertThrows(DataFormatException.class, () -> Datasets.locate(
                DatasetName.FASHION_MNIST, new DataLocation(null, cache, false, server.base()), dir.resolve("sys"),
                s -> { }));
        assertEquals("fashion-mnist: not found in " + dir.resolve("sys") + " or " + cache.resolve("fashion-mnist")
                + "; install it (Debian: apt-get install dataset-fashion-mnist), allow the download or set data.dir",
                e.getMessage());
        DataFormatException cifar = assertThrows(DataFormatException.class, () -> Datasets.locate(
                DatasetName.CIFAR10, new DataLocation(null, cache, true, server.base()), null, s -> { }));
        assertEquals("cifar10: not found in " + cache.resolve("cifar10") + "; set data.dir to the directory with"
                + " data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, data_batch_5.bin,"
                + " test_batch.bin", cifar.getMessage());
        assertEquals(0, server.requests.get(), "CIFAR is never downloaded");
        // a verb whose flag names the directory is told with the flag (prune, memory-bench: --data-dir)
        DataFormatException flag = assertThrows(DataFormatException.class, () -> Datasets.locate(DatasetName.FASHION_MNIST,
                new DataLocation(null, cache, false, server.base()).namedBy("--data-dir"), dir.resolve("sys"), s -> { }));
        assertTrue(flag.getMessage().endsWith("allow the download or set --data-dir"), flag.getMessage());
        assertFalse(flag.getMessage().contains("data.dir"), flag.getMessage());
    }

    @Test
    void aMirrorThatCannotBeReachedSaysWhatFailedAndWhatToDo() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort(); // free once closed: nothing listens there
        }
        String mirror = "http://127.0.0.1:" + closedPort + "/";
        Path cache = dir.resolve("cache");
        DataFormatException e = assertThrows(DataFormatException.class, () -> Datasets.locate(
                DatasetName.FASHION_MNIST, new DataLocation(null, cache, true, mirror), dir.resolve("sys"), s -> { }));
        assertTrue(e.getMessage().startsWith("fashion-mnist: download from " + mirror + " failed: " + mirror
                + "train-images-idx3-ubyte.gz: cannot connect: the host is unreachable"), e.getMessage());
        assertTrue(e.getMessage().endsWith("; instead install it (Debian: apt-get install dataset-fashion-mnist) or set"
                + " data.dir to a directory with train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,"
                + " t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz"), e.getMessage());
        assertTrue(!e.getMessage().contains("null"), e.getMessage());
    }
}
