package org.splitfuse.core.prune;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import org.splitfuse.core.surgery.BatchNormFolding;

/**
 * How a pruning chooses or merges channels, as one value: the one place where a method, a merge
 * mode and a fidelity preset (from the job's config, {@code bin/splitfuse prune} or
 * data-free-bench) become a {@link ChannelMapSource}.
 *
 * @param mode              Intra-Fusion's merge mode (ignored by default pruning)
 * @param bias              Intra-Fusion: the bias is part of the pairing vectors
 * @param folding           how BatchNorm is folded before merging (Intra-Fusion), or before ranking
 *                          when {@code foldBeforeRanking} (default pruning)
 * @param foldBeforeRanking default pruning ranks on the folded producer rows and consumer columns,
 *                          as the published code does, instead of the raw weights plus |gamma|
 * @param groupsInTurn      with per-group ranking, the groups are pruned one after another from the
 *                          output on, each seeing the previous ones' result, as the published code
 *                          does ({@link ChannelMapSource#groupsInTurn}), instead of all at once
 */
public record PruneMethod(Kind kind, IntraFusionOptions.MergeMode mode, boolean bias, BatchNormFolding.Variant folding,
                          boolean foldBeforeRanking, boolean groupsInTurn) implements Serializable {

    public enum Kind {
        /** Merge every neuron of a group onto the survivors along an OT plan (SPEC 3). */
        INTRA_FUSION,
        /** Keep the most important channels. */
        DEFAULT
    }

    /** Named option sets. */
    public enum Preset {
        /** This project's choices: bias in the pairing vectors, folding with sqrt(var + eps), ranking on raw weights. */
        PROJECT,
        /**
         * The published code's choices ({@link IntraFusionOptions#paperCode()}): no bias in the pairing
         * vectors, BatchNorm folded with sqrt(var) and no eps; default pruning folds every BatchNorm before ranking;
         * several groups are pruned in turn, from the output on.
         */
        PAPER_CODE
    }

    /** The short names data-free-bench's {@code methods} list uses. */
    public static final List<String> SHORT_NAMES = List.of("default", "if-paper", "if-preserving", "if-rescaled",
            "default@paper-code", "if-paper@paper-code", "if-preserving@paper-code", "if-rescaled@paper-code");

    public PruneMethod {
        if (kind == null || mode == null || folding == null) {
            throw new IllegalArgumentException("a prune method needs a kind, a merge mode and a folding");
        }
    }

    public static PruneMethod of(Kind kind, IntraFusionOptions.MergeMode mode, Preset preset) {
        return preset == Preset.PAPER_CODE
                ? new PruneMethod(kind, mode, false, BatchNormFolding.Variant.PAPER_CODE, true, true)
                : new PruneMethod(kind, mode, true, BatchNormFolding.Variant.EXACT, false, false);
    }

    /** Intra-Fusion in the project's defaults and the given merge mode. */
    public static PruneMethod intraFusion(IntraFusionOptions.MergeMode mode) {
        return of(Kind.INTRA_FUSION, mode, Preset.PROJECT);
    }

    public PruneMethod withBias(boolean b) {
        return new PruneMethod(kind, mode, b, folding, foldBeforeRanking, groupsInTurn);
    }

    public PruneMethod withFolding(BatchNormFolding.Variant f) {
        return new PruneMethod(kind, mode, bias, f, foldBeforeRanking, groupsInTurn);
    }

    /** The preset's choices with the explicitly given ones in their place (empty = the preset's). */
    public PruneMethod withOverrides(java.util.Optional<Boolean> b, java.util.Optional<BatchNormFolding.Variant> f) {
        return new PruneMethod(kind, mode, b.orElse(bias), f.orElse(folding), foldBeforeRanking, groupsInTurn);
    }

    /** preset (the preset's choice) | true | false */
    public static java.util.Optional<Boolean> parseBiasOverride(String text) {
        return switch (normal(text)) {
            case "preset" -> java.util.Optional.empty();
            case "true", "yes", "on" -> java.util.Optional.of(true);
            case "false", "no", "off" -> java.util.Optional.of(false);
            default -> throw new IllegalArgumentException("expected preset, true or false, got '" + text + "'");
        };
    }

    /** preset (the preset's choice) | exact | paper-code */
    public static java.util.Optional<BatchNormFolding.Variant> parseFoldingOverride(String text) {
        return normal(text).equals("preset") ? java.util.Optional.empty() : java.util.Optional.of(parseFolding(text));
    }

    public IntraFusionOptions intraFusionOptions() {
        return IntraFusionOptions.defaults().withMode(mode).withBias(bias).withFolding(folding);
    }

    public ChannelMapSource mapSource() {
        ChannelMapSource maps = switch (kind) {
            case INTRA_FUSION -> new IntraFusion(intraFusionOptions());
            case DEFAULT -> foldBeforeRanking ? new KeepMostImportant(folding) : new KeepMostImportant();
        };
        return groupsInTurn ? ChannelMapSource.inTurn(maps) : maps;
    }

    /** A data-free-bench method name: default, if-paper, if-preserving or if-rescaled, optionally followed by {@code @paper-code}. */
    public static PruneMethod named(String name) {
        String base = name.trim().toLowerCase(Locale.ROOT);
        Preset preset = Preset.PROJECT;
        int at = base.indexOf('@');
        if (at >= 0) {
            preset = parsePreset(base.substring(at + 1));
            base = base.substring(0, at);
        }
        return switch (base) {
            case "default" -> of(Kind.DEFAULT, IntraFusionOptions.MergeMode.PAPER, preset);
            case "if-paper" -> of(Kind.INTRA_FUSION, IntraFusionOptions.MergeMode.PAPER, preset);
            case "if-preserving" -> of(Kind.INTRA_FUSION, IntraFusionOptions.MergeMode.PRESERVING, preset);
            case "if-rescaled" -> of(Kind.INTRA_FUSION, IntraFusionOptions.MergeMode.RESCALED, preset);
            default -> throw new IllegalArgumentException("unknown method '" + name + "'; known: " + String.join(", ", SHORT_NAMES));
        };
    }

    /** intra-fusion | default */
    public static Kind parseKind(String text) {
        return switch (normal(text)) {
            case "intra-fusion" -> Kind.INTRA_FUSION;
            case "default" -> Kind.DEFAULT;
            default -> throw new IllegalArgumentException("unknown method '" + text + "'; known: intra-fusion, default");
        };
    }

    /** The merge mode of a preset where none is given: the published code's paper mode, or this project's rescaled. */
    public static IntraFusionOptions.MergeMode presetMode(Preset preset) {
        return preset == Preset.PAPER_CODE ? IntraFusionOptions.MergeMode.PAPER : IntraFusionOptions.MergeMode.RESCALED;
    }

    /** preset (the preset's mode, {@link #presetMode}) | paper | preserving | rescaled */
    public static java.util.Optional<IntraFusionOptions.MergeMode> parseModeOverride(String text) {
        return normal(text).equals("preset") ? java.util.Optional.empty() : java.util.Optional.of(parseMode(text));
    }

    /** paper | preserving | rescaled */
    public static IntraFusionOptions.MergeMode parseMode(String text) {
        return switch (normal(text)) {
            case "paper" -> IntraFusionOptions.MergeMode.PAPER;
            case "preserving" -> IntraFusionOptions.MergeMode.PRESERVING;
            case "rescaled" -> IntraFusionOptions.MergeMode.RESCALED;
            default -> throw new IllegalArgumentException("unknown merge mode '" + text + "'; known: paper, preserving, rescaled");
        };
    }

    /** project | paper-code */
    public static Preset parsePreset(String text) {
        return switch (normal(text)) {
            case "project" -> Preset.PROJECT;
            case "paper-code" -> Preset.PAPER_CODE;
            default -> throw new IllegalArgumentException("unknown preset '" + text + "'; known: project, paper-code");
        };
    }

    /** exact (sqrt(var + eps)) | paper-code (sqrt(var), as the published code) */
    public static BatchNormFolding.Variant parseFolding(String text) {
        return switch (normal(text)) {
            case "exact" -> BatchNormFolding.Variant.EXACT;
            case "paper-code" -> BatchNormFolding.Variant.PAPER_CODE;
            default -> throw new IllegalArgumentException("unknown folding '" + text + "'; known: exact, paper-code");
        };
    }

    private static String normal(String text) {
        return text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** For banners and reports, e.g. "intra-fusion (paper mode, bias, exact folding)". */
    public String describe() {
        String inTurn = groupsInTurn ? ", groups in turn" : "";
        if (kind == Kind.DEFAULT) {
            return foldBeforeRanking ? "default (ranked after folding BatchNorm, " + name(folding) + inTurn + ")"
                    : "default" + (groupsInTurn ? " (groups in turn)" : "");
        }
        return "intra-fusion (" + mode.name().toLowerCase(Locale.ROOT) + " mode, " + (bias ? "bias" : "no bias")
                + " in the pairing vectors, " + name(folding) + " folding" + inTurn + ")";
    }

    private static String name(BatchNormFolding.Variant v) {
        return v.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
