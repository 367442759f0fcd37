package org.splitfuse.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The downloader against a real HTTP server on the loopback interface. */
class DownloaderTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private String base;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring(1);
            byte[] body = files.get(name);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else if (name.startsWith("cut-")) {
                // announce the whole body, send half, hang up: a truncated transfer
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body, 0, body.length / 2);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private long entries() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void downloadsVerifiesAndRenamesIntoPlace() throws Exception {
        byte[] content = IdxReaderTest.idxLabels(new int[] {1, 2, 3});
        files.put("labels.gz", IdxReaderTest.gzip(content));
        Path got = new Downloader(base, s -> { }).fetch("labels.gz", sha256(content), dir);
        assertEquals(dir.resolve("labels.gz"), got);
        assertArrayEquals(new int[] {1, 2, 3},
                IdxReader.readLabels(Files.newInputStream(got), got.toString()));
        assertEquals(1, entries(), "no temporary file left");
        // present already: not fetched again
        files.clear();
        assertEquals(got, new Downloader(base, s -> { }).fetch("labels.gz", sha256(content), dir));
    }

    @Test
    void checksumMismatchNamesExpectedAndActualAndLeavesNothing() throws Exception {
        byte[] content = IdxReaderTest.idxLabels(new int[] {1, 2, 3});
        files.put("labels.gz", IdxReaderTest.gzip(content));
        String wrong = "0".repeat(64);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> new Downloader(base, s -> { }).fetch("labels.gz", wrong, dir));
        assertTrue(e.getMessage().contains("checksum mismatch: expected SHA-256 " + wrong), e.getMessage());
        assertTrue(e.getMessage().contains(sha256(content)), e.getMessage());
        assertTrue(e.getMessage().startsWith(base + "labels.gz"), e.getMessage());
        assertEquals(0, entries());
    }

    @Test
    void missingFileIsAnHttpError() throws Exception {
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> new Downloader(base, s -> { }).fetch("absent.gz", "0".repeat(64), dir));
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
        assertEquals(0, entries());
    }

    @Test
    void truncatedTransferIsAnErrorAndLeavesNothing() throws Exception {
        byte[] content = new byte[200_000];
        new java.util.Random(1).nextBytes(content);
        files.put("cut-images.gz", IdxReaderTest.gzip(content));
        assertThrows(java.io.IOException.class,
                () -> new Downloader(base, s -> { }).fetch("cut-images.gz", sha256(content), dir));
        assertEquals(0, entries());
    }

    @Test
    void locateDownloadsFashionMnistLayoutIntoTheCacheWhenAllowed() throws Exception {
        // a tiny stand-in served under the real file names; its checksums differ from the real
        // data's, so the locator must refuse it: proof that it verifies what it downloads
        byte[] images = IdxReaderTest.gzip(IdxReaderTest.idxImages(1, 28, 28, new byte[784]));
        for (String f : new String[] {"train-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte.gz"}) {
            files.put(f, images);
        }
        Path cache = dir.resolve("cache");
        DataLocation where = new DataLocation(null, cache, true, base);
        if (Files.isDirectory(Path.of(DatasetName.FASHION_MNIST.systemDir()))) {
            // the system package wins over any download
            assertEquals(Path.of(DatasetName.FASHION_MNIST.systemDir(), "x").toString(),
                    Datasets.locate(DatasetName.FASHION_MNIST, where, s -> { }).describe("x"));
            return;
        }
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> Datasets.locate(DatasetName.FASHION_MNIST, where, s -> { }));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }
}
