package org.splitfuse.core.ot;

/**
 * Primal network simplex on the complete bipartite network of one {@link ReducedProblem}.
 *
 * <p>Nodes are the rows {@code 0..n-1} (supplying their mass), the columns
 * {@code n..n+m-1} (demanding theirs) and an artificial root {@code n+m}. Arc
 * {@code e = i*m + j} goes from row i to column node {@code n+j} with cost {@code cost[e]};
 * arcs are never stored. Each node also has an artificial arc of cost 0
 * into the root. Since no arc leaves the root, artificial arcs always carry zero flow: they
 * only hold the spanning tree together and never enter it, so the flow on real arcs is
 * always a feasible plan.
 *
 * <p>The basis is a spanning tree rooted at the root, stored per node: its parent, the flow
 * on the arc to its parent, and the preorder thread with subtree sizes and last
 * descendants, so that re-hanging a subtree and updating its potentials cost time in
 * proportion to the subtree. Potentials satisfy {@code pi[n+j] = pi[i] + cost[i*m+j]} on
 * tree arcs, so an arc's reduced cost is {@code cost[i*m+j] + pi[i] - pi[n+j]}.
 *
 * <p>Anti-cycling: the tree stays <em>strongly feasible</em> (every arc that points from
 * a parent down to its child carries positive flow). The initial forest has positive flow
 * on every arc and hangs each component from the root by a zero-flow upward arc; pivots
 * keep the property by Cunningham's rule (leave by the last blocking arc met when walking
 * the cycle from its apex in the direction of the flow change). Degenerate pivots then
 * strictly change the sum of potentials, so no basis repeats, whatever the ties.
 */
final class SimplexTree {

    /** Reduced costs above {@code -ENTER_TOLERANCE * largest |cost|} count as non-negative. */
    static final double ENTER_TOLERANCE = 1e-14;
    /** Length of each row's shortlist of {@link CandidateArcs}. */
    static final int CANDIDATES_PER_ROW = 8;

    private final int n;
    private final int m;
    private final int root;
    private final double[] cost;
    private final double[] supply;
    private final double[] demand;
    private final double enterThreshold;

    private final int[] parent;
    private final double[] flow;
    private final double[] pi;
    private final int[] thread;
    private final int[] revThread;
    private final int[] succNum;
    private final int[] lastSucc;

    private final Pricing pricing;

    /** Per-pivot scratch: the re-hung path and its nodes' values before the pivot. */
    private final int[] pathNode;
    private final int[] pathRevThread;
    private final int[] pathLast;
    private final int[] pathAfterLast;
    private final int[] pathSucc;
    private final double[] pathFlow;

    SimplexTree(ReducedProblem problem, double costScale) {
        this(problem, costScale, CANDIDATES_PER_ROW);
    }

    /**
     * @param candidatesPerRow length of each row's initial shortlist; {@code >= m} makes every
     *                         arc a candidate (plain block search, as in POT), for tests
     */
    SimplexTree(ReducedProblem problem, double costScale, int candidatesPerRow) {
        n = problem.rowCount;
        m = problem.columnCount;
        root = n + m;
        cost = problem.cost;
        supply = problem.rowMass;
        demand = problem.columnMass;
        enterThreshold = -ENTER_TOLERANCE * costScale;
        int nodes = n + m + 1;
        parent = new int[nodes];
        flow = new double[nodes];
        pi = new double[nodes];
        thread = new int[nodes];
        revThread = new int[nodes];
        succNum = new int[nodes];
        lastSucc = new int[nodes];
        pathNode = new int[nodes];
        pathRevThread = new int[nodes];
        pathLast = new int[nodes];
        pathAfterLast = new int[nodes];
        pathSucc = new int[nodes];
        pathFlow = new double[nodes];
        CandidateArcs candidates = new CandidateArcs(problem, candidatesPerRow);
        pricing = new Pricing(n, m, cost, pi, enterThreshold, candidates);
        buildTree(InitialForest.leastCost(problem, candidates));
    }

    /** Pivots until no arc has a negative reduced cost; returns the number of pivots. */
    int solve() {
        int pivots = 0;
        while (pivot()) {
            pivots++;
        }
        return pivots;
    }

    /**
     * Performs one pivot on an arc of negative reduced cost, or returns false when there is
     * none: the tree is then optimal.
     */
    boolean pivot() {
        int arc = pricing.searchCandidates();
        if (arc < 0) {
            // Before scanning every arc, remove the drift that many incremental updates
            // leave in the potentials; a fruitless scan then proves optimality.
            recomputePotentials();
            arc = pricing.searchCandidates();
            if (arc < 0 && pricing.addViolatedArcs() > 0) {
                arc = pricing.searchCandidates();
            }
            if (arc < 0) {
                return false;
            }
        }
        pivotOn(arc);
        return true;
    }

    /** Full scans of all arcs so far (each adds violated arcs to the candidates, the last proves optimality). */
    int fullScans() {
        return pricing.fullScans();
    }

    /**
     * Recomputes the tree arcs' flows from the masses alone (children before parents), so
     * that the plan's marginals carry one rounding per node instead of the sum of every
     * pivot's roundings, and reports every real arc with positive flow.
     */
    void visitPlan(TransportPlan.EntryVisitor visitor) {
        int[] order = preorder();
        double[] net = new double[root + 1];
        for (int k = order.length - 1; k >= 1; k--) {
            int v = order[k];
            net[v] += v < n ? supply[v] : -demand[v - n];
            net[parent[v]] += net[v];
        }
        for (int v = 0; v < root; v++) {
            int p = parent[v];
            if (p == root) {
                continue;
            }
            double amount = v < n ? net[v] : -net[v];
            if (amount > 0) {
                if (v < n) {
                    visitor.visit(v, p - n, amount);
                } else {
                    visitor.visit(p, v - n, amount);
                }
            }
        }
    }

    private void pivotOn(int arc) {
        int s = arc / m;
        int t = n + (arc - s * m);
        double reducedCost = cost[arc] + pi[s] - pi[t];

        int u = s;
        int v = t;
        while (u != v) {
            if (succNum[u] < succNum[v]) {
                u = parent[u];
            } else {
                v = parent[v];
            }
        }
        int join = u;

        // Flow goes join -> ... -> s -> t -> ... -> join. Ties: the last blocking arc in that
        // order, i.e. on the t side the one nearest the join, else on the s side the one nearest s.
        double delta = Double.POSITIVE_INFINITY;
        int leaving = -1;
        boolean leavingOnSourceSide = true;
        for (int x = s; x != join; x = parent[x]) {
            if (pointsUp(x) && flow[x] < delta) {
                delta = flow[x];
                leaving = x;
            }
        }
        for (int x = t; x != join; x = parent[x]) {
            if (!pointsUp(x) && flow[x] <= delta) {
                delta = flow[x];
                leaving = x;
                leavingOnSourceSide = false;
            }
        }
        if (delta > 0) {
            for (int x = s; x != join; x = parent[x]) {
                flow[x] += pointsUp(x) ? -delta : delta;
            }
            for (int x = t; x != join; x = parent[x]) {
                flow[x] += pointsUp(x) ? delta : -delta;
            }
        }
        if (leavingOnSourceSide) {
            rehang(s, t, leaving, join, delta, -reducedCost);
        } else {
            rehang(t, s, leaving, join, delta, reducedCost);
        }
    }

    /** True when the arc between x and its parent points from x to the parent. */
    private boolean pointsUp(int x) {
        return x < n || parent[x] == root;
    }

    /**
     * Cuts the subtree of {@code leaving} off the tree and hangs it back below {@code vIn},
     * re-rooted at {@code uIn} (a node of that subtree), by the entering arc.
     */
    private void rehang(int uIn, int vIn, int leaving, int join, double enteringFlow, double potentialShift) {
        int len = 0;
        for (int x = uIn; ; x = parent[x]) {
            pathNode[len] = x;
            pathRevThread[len] = revThread[x];
            pathLast[len] = lastSucc[x];
            pathAfterLast[len] = thread[lastSucc[x]];
            pathSucc[len] = succNum[x];
            pathFlow[len] = flow[x];
            len++;
            if (x == leaving) {
                break;
            }
        }
        int top = len - 1;
        int blockSize = pathSucc[top];
        int blockLast = pathLast[top];
        int before = pathRevThread[top];
        int oldParent = parent[leaving];

        link(before, pathAfterLast[top]);
        for (int w = oldParent; w != join; w = parent[w]) {
            succNum[w] -= blockSize;
        }
        for (int w = oldParent; w >= 0 && lastSucc[w] == blockLast; w = parent[w]) {
            lastSucc[w] = before;
        }

        // New preorder of the block: the subtree of p0, then each p_r with the part of its
        // old subtree that does not hold p_(r-1) (two contiguous stretches of the old thread).
        int tail = pathLast[0];
        for (int r = 1; r < len; r++) {
            link(tail, pathNode[r]);
            int firstStretchEnd = pathRevThread[r - 1];
            if (pathLast[r - 1] != pathLast[r]) {
                link(firstStretchEnd, pathAfterLast[r - 1]);
                tail = pathLast[r];
            } else {
                tail = firstStretchEnd;
            }
        }
        int newLast = tail;

        int next = thread[vIn];
        link(vIn, uIn);
        link(newLast, next);
        for (int w = vIn; w >= 0 && lastSucc[w] == vIn; w = parent[w]) {
            lastSucc[w] = newLast;
        }
        for (int w = vIn; w != join; w = parent[w]) {
            succNum[w] += blockSize;
        }

        for (int r = top; r >= 1; r--) {
            int x = pathNode[r];
            parent[x] = pathNode[r - 1];
            flow[x] = pathFlow[r - 1];
            succNum[x] = blockSize - pathSucc[r - 1];
            lastSucc[x] = newLast;
        }
        parent[uIn] = vIn;
        flow[uIn] = enteringFlow;
        succNum[uIn] = blockSize;
        lastSucc[uIn] = newLast;

        // Only differences of potentials matter: shift the re-hung subtree, or, when it holds
        // more than half of the nodes, everything else (root included) the other way.
        if (2 * blockSize <= root + 1) {
            for (int x = uIn; ; x = thread[x]) {
                pi[x] += potentialShift;
                if (x == newLast) {
                    break;
                }
            }
        } else {
            for (int x = thread[newLast]; x != uIn; x = thread[x]) {
                pi[x] -= potentialShift;
            }
        }
    }

    /**
     * Checks every invariant of the tree (thread, subtree sizes and last descendants,
     * bipartite arcs, potentials, non-negative flows, zero artificial flow, strong
     * feasibility) and throws {@link IllegalStateException} naming the first violation.
     * Costs O(n + m); for tests.
     */
    void checkInvariants() {
        int[] order = preorder();
        int[] position = new int[root + 1];
        java.util.Arrays.fill(position, -1);
        for (int k = 0; k < order.length; k++) {
            if (position[order[k]] >= 0) {
                throw new IllegalStateException("thread visits node " + order[k] + " twice");
            }
            position[order[k]] = k;
        }
        int[] size = new int[root + 1];
        for (int k = order.length - 1; k >= 0; k--) {
            int v = order[k];
            size[v]++;
            if (k > 0) {
                size[parent[v]] += size[v];
            }
        }
        for (int v = 0; v <= root; v++) {
            if (revThread[thread[v]] != v) {
                throw new IllegalStateException("revThread disagrees with thread at node " + v);
            }
            if (size[v] != succNum[v] || lastSucc[v] != order[position[v] + size[v] - 1]) {
                throw new IllegalStateException("wrong subtree size or last descendant at node " + v);
            }
            if (v == root) {
                continue;
            }
            int p = parent[v];
            if (position[p] >= position[v] || position[v] >= position[p] + size[p]) {
                throw new IllegalStateException("node " + v + " is not in its parent's subtree");
            }
            if (p != root && (v < n) == (p < n)) {
                throw new IllegalStateException("arc " + v + "-" + p + " does not join a row and a column");
            }
            if (flow[v] < 0 || (p == root && flow[v] != 0)) {
                throw new IllegalStateException("infeasible flow " + flow[v] + " above node " + v);
            }
            if (!pointsUp(v) && !(flow[v] > 0)) {
                throw new IllegalStateException("not strongly feasible: zero flow on the downward arc to node " + v);
            }
            double expected = potentialFromParent(v, p);
            if (Math.abs(expected - pi[v]) > 1e-9 * (1 + Math.abs(expected))) {
                throw new IllegalStateException("potential " + pi[v] + " at node " + v + ", expected " + expected);
            }
        }
    }

    private void link(int from, int to) {
        thread[from] = to;
        revThread[to] = from;
    }

    private void buildTree(InitialForest forest) {
        int nodes = root + 1;
        int[] degree = new int[nodes + 1];
        for (int k = 0; k < forest.size; k++) {
            degree[forest.row[k] + 1]++;
            degree[n + forest.column[k] + 1]++;
        }
        for (int v = 0; v < nodes; v++) {
            degree[v + 1] += degree[v];
        }
        int[] fill = degree.clone();
        int[] neighbour = new int[2 * forest.size];
        double[] edgeFlow = new double[2 * forest.size];
        for (int k = 0; k < forest.size; k++) {
            int a = forest.row[k];
            int b = n + forest.column[k];
            neighbour[fill[a]] = b;
            edgeFlow[fill[a]++] = forest.amount[k];
            neighbour[fill[b]] = a;
            edgeFlow[fill[b]++] = forest.amount[k];
        }

        int[] order = new int[nodes];
        int[] stack = new int[nodes];
        boolean[] seen = new boolean[nodes];
        int count = 0;
        order[count++] = root;
        parent[root] = -1;
        seen[root] = true;
        for (int start = 0; start < root; start++) {
            if (seen[start]) {
                continue;
            }
            seen[start] = true;
            parent[start] = root;
            flow[start] = 0;
            pi[start] = 0;
            int height = 0;
            stack[height++] = start;
            while (height > 0) {
                int v = stack[--height];
                order[count++] = v;
                for (int k = degree[v]; k < degree[v + 1]; k++) {
                    int w = neighbour[k];
                    if (!seen[w]) {
                        seen[w] = true;
                        parent[w] = v;
                        flow[w] = edgeFlow[k];
                        pi[w] = potentialFromParent(w, v);
                        stack[height++] = w;
                    }
                }
            }
        }
        int[] position = new int[nodes];
        for (int k = 0; k < nodes; k++) {
            int v = order[k];
            position[v] = k;
            link(v, order[(k + 1) % nodes]);
            succNum[v] = 1;
        }
        for (int k = nodes - 1; k >= 1; k--) {
            succNum[parent[order[k]]] += succNum[order[k]];
        }
        for (int v = 0; v < nodes; v++) {
            lastSucc[v] = order[position[v] + succNum[v] - 1];
        }
    }

    private double potentialFromParent(int v, int p) {
        if (p == root) {
            return pi[root]; // artificial arcs cost 0
        }
        return v < n ? pi[p] - cost[v * m + (p - n)] : pi[p] + cost[p * m + (v - n)];
    }

    private void recomputePotentials() {
        pi[root] = 0;
        for (int v = thread[root]; v != root; v = thread[v]) {
            pi[v] = potentialFromParent(v, parent[v]);
        }
    }

    private int[] preorder() {
        int[] order = new int[root + 1];
        int k = 0;
        for (int v = root; k == 0 || v != root; v = thread[v]) {
            order[k++] = v;
        }
        return order;
    }
}
