package org.splitfuse.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionsTest {

    @TempDir
    Path dir;

    @Test
    void aPomsOwnVersionElseItsParents() throws Exception {
        Path own = Files.writeString(dir.resolve("own.xml"), "<project><modelVersion>4.0.0</modelVersion>"
                + "<parent><version>1.0</version></parent><version>2.0-SNAPSHOT</version>"
                + "<dependencies><dependency><version>9.9</version></dependency></dependencies></project>");
        assertEquals("2.0-SNAPSHOT", Versions.version(own));
        Path inherited = Files.writeString(dir.resolve("inherited.xml"), "<project><parent><version>1.0</version></parent>"
                + "<dependencies><dependency><version>9.9</version></dependency></dependencies></project>");
        assertEquals("1.0", Versions.version(inherited));
        assertNull(Versions.version(Files.writeString(dir.resolve("bad.xml"), "not xml")));
    }

    @Test
    void testsRunFromTheSourceTreeSayItsVersion() {
        // surefire runs from target/classes: no manifest, no pom.properties
        assertEquals(Versions.version(Path.of("pom.xml")) + " (source tree)", Versions.splitfuse());
    }
}
