package org.splitfuse.spark.charts;

import java.util.Locale;
import java.util.Map;

/** What legends and captions call the project's ids: methods, plans, models, config keys, in words. */
public final class Names {

    private static final Map<String, String> METHODS = Map.ofEntries(
            Map.entry("paf", "Prune-and-Fuse (PaF)"),
            Map.entry("fap", "Fuse-and-Prune (FaP)"),
            Map.entry("kfold", "k-fold fusion"),
            Map.entry("whole-data", "Whole-data training"),
            Map.entry("sync-dp", "Synchronous data-parallel (sync-DP)"),
            Map.entry("default", "Default pruning (keep the most important)"),
            Map.entry("if-paper", "Intra-Fusion (paper merge)"),
            Map.entry("if-preserving", "Intra-Fusion (preserving merge)"),
            Map.entry("if-rescaled", "Intra-Fusion (norm-restoring merge)"),
            Map.entry("intra-fusion", "Intra-Fusion"),
            Map.entry("parents", "Parent models (mean)"),
            Map.entry("vanilla", "Vanilla averaging"),
            Map.entry("ot-weight", "OT fusion, weight-based"),
            Map.entry("ot-activation", "OT fusion, activation-based"),
            Map.entry("ot-weight-mean", "OT fusion to the mean, weight-based"),
            Map.entry("ot-activation-mean", "OT fusion to the mean, activation-based"),
            Map.entry("ot-weight-ls", "OT fusion, weight-based, least-squares refit"),
            Map.entry("ot-activation-ls", "OT fusion, activation-based, least-squares refit"),
            Map.entry("splitfuse", "splitfuse (DL4J)"),
            Map.entry("java", "splitfuse (DL4J)"), // train-bench.csv names the engines java | pytorch
            Map.entry("pytorch", "PyTorch"));

    private static final Map<String, String> MODELS = Map.of(
            "mlp", "MLP", "small-cnn", "small CNN", "vgg11-bn", "VGG11-BN", "resnet18", "ResNet18");

    private static final Map<String, String> DATA = Map.of(
            "fashion-mnist", "Fashion-MNIST", "mnist", "MNIST", "cifar10", "CIFAR-10", "cifar100", "CIFAR-100");

    private static final Map<String, String> KEYS = Map.ofEntries(
            Map.entry("plan.kind", "plan"),
            Map.entry("prune.sparsity", "sparsity (% of each group's channels removed)"),
            Map.entry("prune.method", "pruning method"),
            Map.entry("prune.steps", "pruning steps"),
            Map.entry("split.shards", "K (shards)"),
            Map.entry("split.kind", "shards"),
            Map.entry("split.alpha", "label skew (Dirichlet alpha)"),
            Map.entry("model.family", "model"),
            Map.entry("model.width", "width"),
            Map.entry("train.epochs", "training epochs"),
            Map.entry("fusion.kind", "alignment"),
            Map.entry("seed", "seed"));

    private Names() {
    }

    /** A method or plan in words; an unknown id as it is. */
    public static String method(String id) {
        return METHODS.getOrDefault(id, id);
    }

    public static String model(String id) {
        return MODELS.getOrDefault(id, id);
    }

    public static String data(String id) {
        return DATA.getOrDefault(id, id);
    }

    private static final Map<String, String> SHORT = Map.of("paf", "PaF", "fap", "FaP", "kfold", "k-fold",
            "whole-data", "whole-data", "sync-dp", "sync-DP", "if-paper", "IF paper", "if-preserving", "IF preserving",
            "if-rescaled", "IF rescaled");

    /** A plan or method as a tick label names it, where the legend beside it has the words. */
    public static String shortMethod(String id) {
        return SHORT.getOrDefault(id, id);
    }

    /** A config key as an axis or legend names it. */
    public static String key(String key) {
        return KEYS.getOrDefault(key, key);
    }

    /** 0.25 -> "1/4", 0.5 -> "1/2", 1 -> "1", else the number. */
    public static String width(double w) {
        for (int d = 1; d <= 16; d++) {
            double n = w * d;
            if (Math.abs(n - Math.rint(n)) < 1e-9) {
                return d == 1 ? String.format(Locale.ROOT, "%d", (long) Math.rint(n))
                        : String.format(Locale.ROOT, "%d/%d", (long) Math.rint(n), d);
            }
        }
        return String.format(Locale.ROOT, "%s", w);
    }

    /** A swept key's value as a legend or tick shows it: plans and methods in words, sparsity in percent. */
    public static String value(String key, String value) {
        return switch (key) {
            case "plan.kind", "prune.method" -> method(value);
            case "model.family" -> model(value);
            case "split.shards" -> "K = " + value;
            case "prune.sparsity" -> percent(value);
            case "model.width" -> "width " + width(Double.parseDouble(value));
            default -> key(key) + " " + value;
        };
    }

    private static String percent(String fraction) {
        try {
            return String.format(Locale.ROOT, "%.0f%%", 100 * Double.parseDouble(fraction));
        } catch (NumberFormatException e) {
            return fraction;
        }
    }
}
