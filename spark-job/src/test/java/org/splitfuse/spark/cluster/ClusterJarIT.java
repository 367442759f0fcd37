package org.splitfuse.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** What the cluster jar holds: the job and its libraries, one set of natives, none of Spark's own jars. */
class ClusterJarIT {

    private static String read(JarFile jar, String name) throws IOException {
        ZipEntry e = jar.getEntry(name);
        assertNotNull(e, name);
        try (InputStream in = jar.getInputStream(e)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void holdsTheJobAndItsLibrariesWithOneNativeClassifierAndNothingSparkShips() throws IOException {
        Path path = JobSubmission.clusterJar(StandaloneCluster.projectRoot());
        assertTrue(Files.isRegularFile(path), path + " (built by package)");
        String classifier = System.getProperty("nd4j.native.classifier", "linux-x86_64-onednn-avx2");
        try (JarFile jar = new JarFile(path.toFile())) {
            List<String> names = jar.stream().map(ZipEntry::getName).toList();
            for (String needed : List.of("org/splitfuse/spark/SplitFuseJob.class", "org/splitfuse/core/model/ModelIO.class",
                    "com/typesafe/config/Config.class",
                    "org/deeplearning4j/spark/impl/paramavg/ParameterAveragingTrainingMaster.class",
                    "org/deeplearning4j/spark/parameterserver/training/SharedTrainingMaster.class",
                    "io/aeron/driver/MediaDriver.class",
                    "org/nd4j/linalg/cpu/nativecpu/bindings/" + classifier + "/libnd4jcpu.so",
                    "org/bytedeco/openblas/linux-x86_64/libopenblas.so.0")) {
                assertTrue(names.contains(needed), needed);
            }
            assertEquals("org.splitfuse.spark.SplitFuseJob", jar.getManifest().getMainAttributes().getValue("Main-Class"));
            assertTrue(read(jar, "reference.conf").contains("splitfuse {"), "the job's reference.conf");
            // services of every library merged, not the first one's only
            assertTrue(read(jar, "META-INF/services/org.nd4j.linalg.factory.Nd4jBackend").contains("CpuBackend"));

            Set<String> bindings = new TreeSet<>();
            for (String n : names) {
                if (n.startsWith("org/nd4j/linalg/cpu/nativecpu/bindings/") && n.endsWith(".so")) {
                    bindings.add(n.split("/")[6]);
                }
            }
            assertEquals(Set.of(classifier), bindings, "ND4J natives of the chosen classifier only");

            // Spark, Scala, the Hadoop client and what Spark's jars/ ships come from the cluster
            // (dl4j-spark's own org.apache.spark.TaskContextHelper is the one exception)
            for (String prefix : List.of("org/apache/spark/deploy/", "org/apache/spark/SparkContext", "scala/",
                    "org/apache/hadoop/", "org/slf4j/", "org/apache/logging/", "com/fasterxml/", "io/netty/",
                    "org/apache/commons/io/", "org/apache/commons/lang3/", "org/apache/commons/math3/", "org/joda/",
                    "org/junit/", "com/google/gson/")) {
                assertTrue(names.stream().noneMatch(n -> n.startsWith(prefix)), prefix + " must not be in the cluster jar");
            }
            assertTrue(names.stream().anyMatch(n -> n.startsWith("org/splitfuse/shaded/gson/")), "gson, relocated");
            assertTrue(names.stream().noneMatch(n -> n.matches("META-INF/[^/]+\\.(SF|DSA|RSA)")), "no jar signatures");
        }
        // both ND4J classifiers would make it about 240 MB; one is about 154 MiB (with dl4j-spark-parameterserver)
        long mb = Files.size(path) >> 20;
        assertTrue(mb < 180, path + " is " + mb + " MiB");
    }
}
