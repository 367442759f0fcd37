package org.splitfuse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.splitfuse.core.InputError;
import org.splitfuse.core.UserError;

class BenchArgsTest {

    @Test
    void readsValuesFlagsAndNegativeNumbers() {
        BenchArgs args = BenchArgs.read(new String[] {"--model", "m.zip", "--overwrite", "--sparsity", "0.25",
            "--cold-runs", "-1", "--steps", "3"});

        assertEquals("m.zip", args.string("model", null));
        assertTrue(args.flag("overwrite"));
        assertFalse(args.flag("list-groups"));
        assertEquals(0.25, args.number("sparsity", 0.5));
        assertEquals(-1, args.integer("cold-runs", 3));
        assertEquals(3, args.integerAtLeast("steps", 1, 1));
        assertEquals("fallback", args.string("data", "fallback"));
        assertFalse(args.help());
        args.rejectUnused();
    }

    @Test
    void badInputIsAUserErrorNamingTheOption() {
        assertEquals("unexpected argument 'x.zip' (see --help)",
                assertThrows(InputError.class, () -> BenchArgs.read(new String[] {"x.zip"})).getMessage());
        assertEquals("--steps expects an integer, got 'two'",
                assertThrows(InputError.class, () -> BenchArgs.read(new String[] {"--steps", "two"}).integer("steps", 1))
                        .getMessage());
        assertEquals("--width expects a number, got 'wide'",
                assertThrows(InputError.class, () -> BenchArgs.read(new String[] {"--width", "wide"}).number("width", 1))
                        .getMessage());
        assertEquals("--repeats must be an integer of at least 1, got 0", assertThrows(InputError.class,
                () -> BenchArgs.read(new String[] {"--repeats", "0"}).integerAtLeast("repeats", 7, 1)).getMessage());
        assertEquals("--model needs a value",
                assertThrows(InputError.class, () -> BenchArgs.read(new String[] {"--model"}).string("model", null))
                        .getMessage());
        BenchArgs typo = BenchArgs.read(new String[] {"--sparsty", "0.5"});
        typo.number("sparsity", 0.5);
        InputError unknown = assertThrows(InputError.class, typo::rejectUnused);
        assertEquals("unknown option --sparsty (see --help)", unknown.getMessage());
        assertTrue(UserError.find(unknown) != null, "a user error: exit 2, no trace");
    }

    @Test
    void helpIsReportedNotAnError() {
        assertTrue(BenchArgs.read(new String[] {"--repeats", "3", "-h"}).help());
        assertTrue(BenchArgs.read(new String[] {"--help"}).help());
    }
}
