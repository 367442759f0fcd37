package org.splitfuse.core.ot;

/**
 * Exact optimal transport by the primal network simplex method on the complete bipartite graph
 * sources -> targets, on doubles.
 *
 * <p>Choices, and why:
 * <ul>
 * <li>Arcs are implicit (arc e = i * m + j), so nothing per arc is stored beyond the flat cost copy
 *     and one tree-membership byte: 2048 x 1024 needs 18 MB.</li>
 * <li>The start is the artificial-root basis (every source sends its mass to a root, the root sends
 *     every target its mass), which is strongly feasible; the leaving arc is chosen by the strongly
 *     feasible rule (the last blocking arc met going round the cycle from its apex in the direction
 *     of flow), which keeps the tree strongly feasible and rules out cycling on degenerate and tied
 *     problems.</li>
 * <li>Entering arcs come from block search (blocks of about sqrt(#arcs), the most negative reduced
 *     cost of a block), the rule that makes network simplex fast on dense transport problems.</li>
 * <li>Every tree arc is the arc to the parent of exactly one node, so flows, directions and arcs
 *     are stored per node; subtrees are walked through child lists.</li>
 * <li>At the end the flows are recomputed from the tree and the masses, so the plan meets the
 *     marginals to rounding, whatever error the pivots accumulated.</li>
 * </ul>
 */
final class NetworkSimplex implements TransportSolver {

    @Override
    public TransportPlan solve(double[] sourceMass, double[] targetMass, double[][] cost) {
        double[] target = TransportInputs.validate(sourceMass, targetMass, cost);
        return new Run(sourceMass, target, cost).solve();
    }

    private static final class Run {
        private final int n;
        private final int m;
        private final int arcs;
        private final int root;
        private final double[] cost;
        private final byte[] inTree;
        private final double[] supply;

        private final int[] parent;
        private final int[] pred;
        private final boolean[] up;
        private final double[] flow;
        private final double[] pi;
        private final int[] depth;
        private final int[] firstChild;
        private final int[] nextSibling;
        private final int[] prevSibling;
        private final int[] stack;
        private final int[] path;
        private final int[] pathPred;
        private final boolean[] pathUp;
        private final double[] pathFlow;

        private final double epsilon;
        private final int blockSize;
        private int cursor;
        private double enteringReducedCost;

        Run(double[] a, double[] b, double[][] c) {
            n = a.length;
            m = b.length;
            long arcCount = (long) n * m;
            if (arcCount > Integer.MAX_VALUE - n - m - 1) {
                throw new IllegalArgumentException("problem too large: " + n + " x " + m + " arcs");
            }
            arcs = (int) arcCount;
            int nodes = n + m + 1;
            root = n + m;
            cost = new double[arcs];
            double maxAbs = 0;
            for (int i = 0; i < n; i++) {
                System.arraycopy(c[i], 0, cost, i * m, m);
                for (int j = 0; j < m; j++) {
                    maxAbs = Math.max(maxAbs, Math.abs(c[i][j]));
                }
            }
            inTree = new byte[arcs];
            supply = new double[nodes];
            parent = new int[nodes];
            pred = new int[nodes];
            up = new boolean[nodes];
            flow = new double[nodes];
            pi = new double[nodes];
            depth = new int[nodes];
            firstChild = new int[nodes];
            nextSibling = new int[nodes];
            prevSibling = new int[nodes];
            stack = new int[nodes];
            path = new int[nodes];
            pathPred = new int[nodes];
            pathUp = new boolean[nodes];
            pathFlow = new double[nodes];
            // reduced costs within rounding of zero are taken as zero
            epsilon = 1e-12 * (maxAbs + 1);
            blockSize = Math.max(10, (int) Math.sqrt(arcs));

            // more than any path of real arcs can cost, so artificial flow always pays to be replaced
            double artificialCost = (maxAbs + 1) * nodes;
            java.util.Arrays.fill(firstChild, -1);
            parent[root] = -1;
            for (int v = 0; v < root; v++) {
                supply[v] = v < n ? a[v] : -b[v - n];
                parent[v] = root;
                pred[v] = arcs + v;
                depth[v] = 1;
                if (supply[v] >= 0) {
                    up[v] = true;           // artificial arc v -> root, cost 0
                    flow[v] = supply[v];
                    pi[v] = 0;
                } else {
                    up[v] = false;          // artificial arc root -> v, cost artificialCost
                    flow[v] = -supply[v];
                    pi[v] = artificialCost;
                }
                addChild(root, v);
            }
        }

        TransportPlan solve() {
            long maxPivots = 100L * arcs + 10_000;
            int pivots = 0;
            int entering;
            while ((entering = findEnteringArc()) >= 0) {
                pivot(entering, enteringReducedCost);
                if (++pivots > maxPivots) {
                    throw new IllegalStateException("network simplex did not finish after " + maxPivots + " pivots");
                }
            }
            return plan(pivots);
        }

        /**
         * Block search: the most negative reduced cost in the first block that has one. The scan
         * runs over row segments, and tree membership is checked only for a new best candidate
         * (tree arcs have reduced cost zero up to rounding), which keeps the hot loop tight.
         */
        private int findEnteringArc() {
            double best = -epsilon;
            int bestArc = -1;
            int i = cursor / m;
            int j = cursor - i * m;
            int left = blockSize;
            long scanned = 0;
            while (scanned < arcs) {
                int length = Math.min(m - j, left);
                int base = i * m;
                double piI = pi[i];
                for (int end = j + length; j < end; j++) {
                    double rc = cost[base + j] + piI - pi[n + j];
                    if (rc < best && inTree[base + j] == 0) {
                        best = rc;
                        bestArc = base + j;
                    }
                }
                scanned += length;
                left -= length;
                if (j == m) {
                    j = 0;
                    i = i + 1 == n ? 0 : i + 1;
                }
                if (left == 0) {
                    if (bestArc >= 0) {
                        break;
                    }
                    left = blockSize;
                }
            }
            cursor = i * m + j;
            enteringReducedCost = best;
            return bestArc;
        }

        private void pivot(int entering, double reducedCost) {
            int first = entering / m;
            int second = n + (entering - first * m);

            int u = first;
            int v = second;
            while (u != v) {
                if (depth[u] > depth[v]) {
                    u = parent[u];
                } else if (depth[v] > depth[u]) {
                    v = parent[v];
                } else {
                    u = parent[u];
                    v = parent[v];
                }
            }
            int join = u;

            // flow goes join -> ... -> first -> second -> ... -> join; the last blocking arc on
            // that walk leaves (strict on the first side, non-strict on the second)
            double delta = Double.POSITIVE_INFINITY;
            int leaving = -1;
            boolean firstSide = false;
            for (u = first; u != join; u = parent[u]) {
                if (up[u] && flow[u] < delta) {
                    delta = flow[u];
                    leaving = u;
                    firstSide = true;
                }
            }
            for (u = second; u != join; u = parent[u]) {
                if (!up[u] && flow[u] <= delta) {
                    delta = flow[u];
                    leaving = u;
                    firstSide = false;
                }
            }
            if (leaving < 0) {
                throw new IllegalStateException("unbounded cycle: cannot happen for a transport problem");
            }
            if (delta > 0) {
                for (u = first; u != join; u = parent[u]) {
                    flow[u] += up[u] ? -delta : delta;
                }
                for (u = second; u != join; u = parent[u]) {
                    flow[u] += up[u] ? delta : -delta;
                }
            }

            int uIn = firstSide ? first : second;
            int vIn = firstSide ? second : first;
            int k = 0;
            for (u = uIn; ; u = parent[u]) {
                path[k] = u;
                pathPred[k] = pred[u];
                pathUp[k] = up[u];
                pathFlow[k] = flow[u];
                k++;
                if (u == leaving) {
                    break;
                }
            }
            for (int t = 0; t < k; t++) {
                removeChild(parent[path[t]], path[t]);
            }
            int leavingArc = pathPred[k - 1];
            if (leavingArc < arcs) {
                inTree[leavingArc] = 0;
            }
            inTree[entering] = 1;
            parent[uIn] = vIn;
            pred[uIn] = entering;
            up[uIn] = firstSide;
            flow[uIn] = delta;
            addChild(vIn, uIn);
            for (int t = 1; t < k; t++) {
                int node = path[t];
                parent[node] = path[t - 1];
                pred[node] = pathPred[t - 1];
                up[node] = !pathUp[t - 1];
                flow[node] = pathFlow[t - 1];
                addChild(path[t - 1], node);
            }
            shiftSubtree(uIn, firstSide ? -reducedCost : reducedCost);
        }

        /** Adds sigma to the potentials of the subtree of top, and recomputes its depths. */
        private void shiftSubtree(int top, double sigma) {
            int size = 0;
            stack[size++] = top;
            while (size > 0) {
                int x = stack[--size];
                pi[x] += sigma;
                depth[x] = depth[parent[x]] + 1;
                for (int ch = firstChild[x]; ch >= 0; ch = nextSibling[ch]) {
                    stack[size++] = ch;
                }
            }
        }

        private void addChild(int p, int c) {
            int head = firstChild[p];
            nextSibling[c] = head;
            prevSibling[c] = -1;
            if (head >= 0) {
                prevSibling[head] = c;
            }
            firstChild[p] = c;
        }

        private void removeChild(int p, int c) {
            if (prevSibling[c] >= 0) {
                nextSibling[prevSibling[c]] = nextSibling[c];
            } else {
                firstChild[p] = nextSibling[c];
            }
            if (nextSibling[c] >= 0) {
                prevSibling[nextSibling[c]] = prevSibling[c];
            }
        }

        /** Flows recomputed from the final tree (net mass of each subtree), then the real arcs' entries. */
        private TransportPlan plan(int pivots) {
            int nodes = root + 1;
            int[] order = new int[nodes];
            int count = 0;
            int size = 0;
            stack[size++] = root;
            while (size > 0) {
                int x = stack[--size];
                order[count++] = x;
                for (int ch = firstChild[x]; ch >= 0; ch = nextSibling[ch]) {
                    stack[size++] = ch;
                }
            }
            double[] subtreeMass = supply.clone();
            for (int t = count - 1; t > 0; t--) {
                int x = order[t];
                subtreeMass[parent[x]] += subtreeMass[x];
            }
            int entries = 0;
            int[] rows = new int[root];
            int[] cols = new int[root];
            double[] values = new double[root];
            double objective = 0;
            for (int x = 0; x < root; x++) {
                int arc = pred[x];
                if (arc >= arcs) {
                    continue;
                }
                double f = up[x] ? subtreeMass[x] : -subtreeMass[x];
                if (f <= 0) {
                    continue;
                }
                int i = arc / m;
                int j = arc - i * m;
                rows[entries] = i;
                cols[entries] = j;
                values[entries] = f;
                objective += f * cost[arc];
                entries++;
            }
            return new TransportPlan(n, m, java.util.Arrays.copyOf(rows, entries), java.util.Arrays.copyOf(cols, entries),
                    java.util.Arrays.copyOf(values, entries), objective, true, pivots);
        }
    }
}
