package org.splitfuse.spark;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** splitfuse's own version, for report.json. */
final class Versions {

    private static final String POM_PROPERTIES = "/META-INF/maven/org.splitfuse/spark-job/pom.properties";

    private Versions() {
    }

    /**
     * From the jar's manifest (Implementation-Version), else Maven's pom.properties in the jar,
     * else (classes run from a source tree: tests, an IDE) the version in the nearest pom.xml
     * above them with " (source tree)" added, else "unknown".
     */
    static String splitfuse() {
        String manifest = Versions.class.getPackage().getImplementationVersion();
        if (manifest != null && !manifest.isBlank()) {
            return manifest;
        }
        try (InputStream in = Versions.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank()) {
                    return v;
                }
            }
        } catch (IOException e) {
            // fall through to the source tree
        }
        String fromPom = fromSourceTree();
        return fromPom != null ? fromPom + " (source tree)" : "unknown";
    }

    private static String fromSourceTree() {
        try {
            Path at = Path.of(Versions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isDirectory(at)) {
                return null;
            }
            // target/classes -> the module's pom.xml; its <version> or its parent's
            for (Path dir = at; dir != null; dir = dir.getParent()) {
                Path pom = dir.resolve("pom.xml");
                if (Files.isRegularFile(pom)) {
                    return version(pom);
                }
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return null;
        }
        return null;
    }

    /** The project's version: its own {@code <version>}, else its parent's; null when neither is there. */
    static String version(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element project = factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
            String own = child(project, "version");
            if (own != null) {
                return own;
            }
            Element parent = element(project, "parent");
            return parent == null ? null : child(parent, "version");
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return null;
        }
    }

    private static String child(Element parent, String name) {
        Element e = element(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }

    private static Element element(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }
}
