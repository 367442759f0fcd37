package org.splitfuse.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Downloads data files into a cache directory: each file goes to a temporary name beside its
 * target, is verified against the SHA-256 of its decompressed content (robust to re-compression:
 * distributions re-gzip the files), and only then renamed into place. A failed or mismatching
 * download leaves nothing behind.
 */
public final class Downloader {

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(20))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    private final String baseUrl;
    private final Consumer<String> log;

    public Downloader(String baseUrl, Consumer<String> log) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        this.log = log;
    }

    /** Fetches {@code fileName} into {@code dir} unless it is there already. */
    public Path fetch(String fileName, String expectedSha256, Path dir) throws IOException {
        Path target = dir.resolve(fileName);
        if (Files.isRegularFile(target)) {
            return target;
        }
        Files.createDirectories(dir);
        String url = baseUrl + fileName;
        Path partial = dir.resolve("." + fileName + ".part-" + UUID.randomUUID());
        log.accept("downloading " + url);
        try {
            HttpResponse<InputStream> response;
            try {
                response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(10)).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while downloading " + url, e);
            }
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new DataFormatException(url, "download failed: HTTP " + response.statusCode());
                }
                try (OutputStream out = Files.newOutputStream(partial)) {
                    body.transferTo(out);
                }
            }
            String actual = decompressedSha256(partial, url);
            if (!actual.equals(expectedSha256)) {
                throw new DataFormatException(url, "checksum mismatch: expected SHA-256 " + expectedSha256
                        + " of the decompressed content, got " + actual);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static String decompressedSha256(Path file, String source) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new DataFormatException(source, "downloaded file is not a complete gzip stream (" + e.getMessage() + ")", e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
