package org.splitfuse.core.ot;

/**
 * Chooses entering arcs. {@link #searchCandidates} is block search over the
 * {@link CandidateArcs}: scan blocks of about {@code BLOCK_FACTOR * sqrt(#candidates)} arcs,
 * resuming where the previous search stopped, and return the arc of most negative reduced
 * cost in the first block that has one. When no candidate has one, {@link #addViolatedArcs}
 * scans all n*m arcs ({@code e = i*m + j}) once and adds each row's most violated arcs to
 * the candidates; a scan that finds none proves optimality.
 *
 * <p>This is column generation on top of block search: POT's (LEMON's) block search prices
 * all n*m arcs, and on dense euclidean costs it needs about a block of a thousand or more
 * reduced costs per pivot; here a pivot prices a block of about a hundred candidates and the
 * full matrix is read a handful of times per solve.
 */
final class Pricing {

    /** Block length relative to sqrt(#candidates): shorter blocks mean more but cheaper pivots. */
    static final double BLOCK_FACTOR = 0.5;
    /** How many of each row's most violated arcs a full scan adds. */
    static final int ADDED_PER_ROW = 16;

    private final int n;
    private final int m;
    private final double[] cost;
    private final double[] pi;
    private final double threshold;
    private final CandidateArcs candidates;
    private int block;
    private int next;
    private int fullScans;
    /** Scratch of {@link #addViolatedArcs}: one row's most violated arcs, most negative first. */
    private final double[] violation = new double[ADDED_PER_ROW];
    private final int[] violatedColumn = new int[ADDED_PER_ROW];

    Pricing(int n, int m, double[] cost, double[] pi, double threshold, CandidateArcs candidates) {
        this.n = n;
        this.m = m;
        this.cost = cost;
        this.pi = pi;
        this.threshold = threshold;
        this.candidates = candidates;
        updateBlock();
    }

    private void updateBlock() {
        block = (int) Math.max(10, BLOCK_FACTOR * Math.sqrt(candidates.size));
    }

    /** A candidate arc with reduced cost below the threshold, or -1 if there is none. */
    int searchCandidates() {
        final int n = this.n;
        final double[] pi = this.pi;
        final int[] row = candidates.row;
        final int[] column = candidates.column;
        final double[] arcCost = candidates.cost;
        final int total = candidates.size;
        final int block = this.block;
        int k = next;
        double best = threshold;
        int bestK = -1;
        int leftInBlock = block;
        for (int scanned = 0; scanned < total; scanned++) {
            double reduced = arcCost[k] + pi[row[k]] - pi[n + column[k]];
            if (reduced < best) {
                best = reduced;
                bestK = k;
            }
            if (++k == total) {
                k = 0;
            }
            if (--leftInBlock == 0) {
                if (bestK >= 0) {
                    break;
                }
                leftInBlock = block;
            }
        }
        next = k;
        return bestK < 0 ? -1 : candidates.arc(bestK);
    }

    /**
     * Scans every arc and adds up to {@link #ADDED_PER_ROW} of each row's arcs with the most
     * negative reduced costs below the threshold to the candidates.
     *
     * @return how many arcs were added; 0 when no arc outside the candidates is below the threshold
     */
    int addViolatedArcs() {
        fullScans++;
        final int n = this.n;
        final int m = this.m;
        final double[] cost = this.cost;
        final double[] pi = this.pi;
        final double[] violation = this.violation;
        final int[] violatedColumn = this.violatedColumn;
        final int limit = violation.length;
        int added = 0;
        for (int i = 0; i < n; i++) {
            int base = i * m;
            double piSource = pi[i];
            int found = 0;
            double worstKept = threshold;
            for (int j = 0; j < m; j++) {
                double reduced = cost[base + j] + piSource - pi[n + j];
                if (reduced < worstKept) {
                    CandidateArcs.insert(reduced, j, found < limit ? found++ : limit - 1, violation, violatedColumn);
                    if (found == limit) {
                        worstKept = violation[limit - 1];
                    }
                }
            }
            for (int r = 0; r < found; r++) {
                if (candidates.add(i, violatedColumn[r])) {
                    added++;
                }
            }
        }
        updateBlock();
        return added;
    }

    /** Full scans of all n*m arcs so far. */
    int fullScans() {
        return fullScans;
    }
}
