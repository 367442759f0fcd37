package org.splitfuse.core.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.Properties;

/**
 * What a saved model is, stored beside its weights in the model zip ({@link ModelIO#ENTRY}) so that
 * a file found later says where it came from. Any field may be null where the writer does not know it.
 *
 * @param family      the zoo family id (vgg11-bn, resnet18, ...)
 * @param width       the width multiplier the network was built with
 * @param input       the input shape it was built for, CxHxW
 * @param classes     the number of classes
 * @param stage       what the file holds, e.g. "final model of a paf run", "checkpoint: trained shard model 2",
 *                    "pruned by intra-fusion ... from FILE"
 * @param fingerprint the configuration fingerprint (the job's checkpoints), where there is one
 * @param version     the splitfuse version that wrote it
 */
public record ModelProvenance(String family, Double width, String input, Integer classes, String stage,
                              String fingerprint, String version) implements Serializable {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /** The version of this build (from the filtered resource), "unknown" outside a Maven build. */
    public static final String VERSION = readVersion();

    /** For a network built from a spec; the version is this build's. */
    public static ModelProvenance of(ModelSpec spec, String stage, String fingerprint) {
        return new ModelProvenance(spec.family().id(), spec.width(), spec.input().toString(), spec.numClasses(), stage,
                fingerprint, VERSION);
    }

    /** The same model at another stage (e.g. after pruning), written by this build. */
    public ModelProvenance at(String newStage) {
        return new ModelProvenance(family, width, input, classes, newStage, fingerprint, VERSION);
    }

    /** The input shape it was built for, if recorded. */
    public java.util.Optional<InputShape> inputShape() {
        try {
            return input == null ? java.util.Optional.empty() : java.util.Optional.of(InputShape.parse(input));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    public String toJson() {
        return GSON.toJson(this);
    }

    /** Null-safe parse; a malformed entry is reported by the caller as part of a damaged file. */
    static ModelProvenance fromJson(String json) {
        try {
            ModelProvenance p = GSON.fromJson(json, ModelProvenance.class);
            if (p == null) {
                throw new IllegalArgumentException("empty provenance entry");
            }
            return p;
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("malformed provenance entry: " + e.getMessage(), e);
        }
    }

    private static String readVersion() {
        try (InputStream in = ModelProvenance.class.getResourceAsStream("splitfuse-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
