package org.splitfuse.core.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Enum constants as configs and command lines spell them: lower case with '-' for '_'
 * ({@code SYNC_DP} is {@code sync-dp}). One reader for every enum a user names, so that every
 * unknown name gets the same message, listing the allowed values.
 */
public final class EnumNames {

    private EnumNames() {
    }

    /** The user's spelling of {@code constant}. */
    public static String id(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The constant of {@code type} that {@code raw} names, in either spelling and any case.
     *
     * @param what what the value names, for the message ("model", "plan")
     * @throws IllegalArgumentException {@code unknown WHAT 'RAW'; known: a, b, c}
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String what, String raw) {
        String key = raw.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (E constant : type.getEnumConstants()) {
            if (id(constant).equals(key)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + raw + "'; known: " + known(type));
    }

    /** The allowed values of {@code type}, comma separated. */
    public static String known(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(EnumNames::id).collect(Collectors.joining(", "));
    }
}
