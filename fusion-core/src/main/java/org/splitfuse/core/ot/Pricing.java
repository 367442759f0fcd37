package org.splitfuse.core.ot;

/**
 * Chooses entering arcs by block search: scan blocks of arcs, resuming where the previous
 * search stopped, and return the arc of most negative reduced cost in the first block that
 * has one, either among the {@link CandidateArcs} or among all n*m arcs ({@code e = i*m + j}).
 */
final class Pricing {

    private final int n;
    private final int m;
    private final double[] cost;
    private final double[] pi;
    private final double threshold;
    private final CandidateArcs candidates;
    private final int candidateBlock;
    private final int fullBlock;
    private int nextCandidate;
    private int nextArc;

    Pricing(int n, int m, double[] cost, double[] pi, double threshold, CandidateArcs candidates) {
        this.n = n;
        this.m = m;
        this.cost = cost;
        this.pi = pi;
        this.threshold = threshold;
        this.candidates = candidates;
        this.candidateBlock = blockSize(candidates.column.length);
        this.fullBlock = blockSize((long) n * m);
    }

    private static int blockSize(long arcs) {
        return (int) Math.max(10, Math.sqrt((double) arcs));
    }

    /** An arc among the candidates with reduced cost below the threshold, or -1 if there is none. */
    int searchCandidates() {
        final int n = this.n;
        final int m = this.m;
        final double[] cost = this.cost;
        final double[] pi = this.pi;
        final int[] column = candidates.column;
        final int perRow = candidates.perRow;
        final int total = column.length;
        int k = nextCandidate;
        int i = k / perRow;
        int rowEnd = (i + 1) * perRow;
        double piSource = pi[i];
        double best = threshold;
        int bestArc = -1;
        int leftInBlock = candidateBlock;
        for (int scanned = 0; scanned < total; scanned++) {
            int j = column[k];
            double reduced = cost[i * m + j] + piSource - pi[n + j];
            if (reduced < best) {
                best = reduced;
                bestArc = i * m + j;
            }
            if (++k == rowEnd) {
                if (k == total) {
                    k = 0;
                    i = 0;
                } else {
                    i++;
                }
                rowEnd = (i + 1) * perRow;
                piSource = pi[i];
            }
            if (--leftInBlock == 0) {
                if (bestArc >= 0) {
                    break;
                }
                leftInBlock = candidateBlock;
            }
        }
        nextCandidate = k;
        return bestArc;
    }

    /** Any arc with reduced cost below the threshold, or -1 if there is none. */
    int searchAll() {
        final int n = this.n;
        final int m = this.m;
        final double[] cost = this.cost;
        final double[] pi = this.pi;
        final int total = n * m;
        int i = nextArc / m;
        int j = nextArc - i * m;
        double best = threshold;
        int bestArc = -1;
        int leftInBlock = fullBlock;
        for (int scanned = 0; scanned < total; ) {
            int end = Math.min(m, j + leftInBlock);
            int base = i * m;
            double piSource = pi[i];
            for (int k = j; k < end; k++) {
                double reduced = cost[base + k] + piSource - pi[n + k];
                if (reduced < best) {
                    best = reduced;
                    bestArc = base + k;
                }
            }
            scanned += end - j;
            leftInBlock -= end - j;
            j = end;
            if (j == m) {
                j = 0;
                i = i + 1 == n ? 0 : i + 1;
            }
            if (leftInBlock == 0) {
                if (bestArc >= 0) {
                    break;
                }
                leftInBlock = fullBlock;
            }
        }
        nextArc = i * m + j;
        return bestArc;
    }
}
