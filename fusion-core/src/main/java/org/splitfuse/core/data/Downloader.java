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

/**
 * Downloads data files into a cache directory: each file goes to a temporary name beside its
 * target, is checked against the MD5 its publisher lists for the file as served, and only then
 * renamed into place, so the cache never holds a partial or unverified file. A failed or
 * mismatching download leaves nothing behind.
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
    public Path fetch(String fileName, String expectedMd5, Path dir) throws IOException {
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
                throw new IOException(url + ": interrupted while downloading", e);
            } catch (IOException e) {
                throw new IOException(url + ": " + whyNoResponse(e), e);
            }
            MessageDigest md5 = md5();
            long received = 0;
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new DataFormatException(url, "download failed: HTTP " + response.statusCode());
                }
                try (OutputStream out = Files.newOutputStream(partial)) {
                    byte[] buffer = new byte[1 << 16];
                    for (int n; (n = body.read(buffer)) >= 0; ) {
                        md5.update(buffer, 0, n);
                        out.write(buffer, 0, n);
                        received += n;
                    }
                }
            } catch (IOException e) {
                long announced = response.headers().firstValueAsLong("content-length").orElse(-1);
                throw new IOException(url + ": download broke off after " + received
                        + (announced >= 0 ? " of " + announced : "") + " bytes (" + e.getMessage() + ")", e);
            }
            String actual = HexFormat.of().formatHex(md5.digest());
            if (!actual.equalsIgnoreCase(expectedMd5)) {
                throw new DataFormatException(url, "checksum mismatch for " + fileName + ": expected MD5 " + expectedMd5
                        + ", actual " + actual + " (" + received + " bytes received; nothing was saved)");
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** What a failed request means, in words: the JDK's exceptions often carry no message. */
    static String whyNoResponse(IOException e) {
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer in time (" + e.getClass().getSimpleName() + ")";
        }
        if (e instanceof java.net.ConnectException || e.getCause() instanceof java.nio.channels.UnresolvedAddressException) {
            return "cannot connect: the host is unreachable, unknown or refuses connections (no network route?)";
        }
        if (e instanceof java.net.UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }
}
