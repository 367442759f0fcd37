package org.splitfuse.core.interop;

/**
 * PyTorch's eval-mode operations written out in plain Java on row-major arrays, one example at a time:
 * the reference that imported DL4J graphs are compared with. Images are [C][H][W].
 */
final class PlainForward {

    private PlainForward() {
    }

    /** nn.Conv2d, stride 1, zero padding pad; weight row-major [out, in, k, k]. */
    static float[][][] conv2d(float[][][] x, float[] weight, float[] bias, int out, int k, int pad) {
        int in = x.length;
        int h = x[0].length;
        int w = x[0][0].length;
        float[][][] y = new float[out][h + 2 * pad - k + 1][w + 2 * pad - k + 1];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < y[o].length; i++) {
                for (int j = 0; j < y[o][i].length; j++) {
                    double sum = bias == null ? 0 : bias[o];
                    for (int c = 0; c < in; c++) {
                        for (int di = 0; di < k; di++) {
                            for (int dj = 0; dj < k; dj++) {
                                int r = i + di - pad;
                                int s = j + dj - pad;
                                if (r >= 0 && r < h && s >= 0 && s < w) {
                                    sum += weight[((o * in + c) * k + di) * k + dj] * x[c][r][s];
                                }
                            }
                        }
                    }
                    y[o][i][j] = (float) sum;
                }
            }
        }
        return y;
    }

    /** nn.BatchNorm2d in eval mode, then ReLU when asked. */
    static float[][][] batchNorm(float[][][] x, float[] gamma, float[] beta, float[] mean, float[] var,
                                 double eps, boolean relu) {
        float[][][] y = new float[x.length][x[0].length][x[0][0].length];
        for (int c = 0; c < x.length; c++) {
            for (int i = 0; i < x[c].length; i++) {
                for (int j = 0; j < x[c][i].length; j++) {
                    double v = (x[c][i][j] - mean[c]) / Math.sqrt(var[c] + eps) * gamma[c] + beta[c];
                    y[c][i][j] = (float) (relu ? Math.max(0, v) : v);
                }
            }
        }
        return y;
    }

    /** nn.BatchNorm1d in eval mode on a vector. */
    static float[] batchNorm(float[] x, float[] gamma, float[] beta, float[] mean, float[] var, double eps) {
        float[] y = new float[x.length];
        for (int c = 0; c < x.length; c++) {
            y[c] = (float) ((x[c] - mean[c]) / Math.sqrt(var[c] + eps) * gamma[c] + beta[c]);
        }
        return y;
    }

    /** nn.MaxPool2d(2) on even sizes. */
    static float[][][] maxPool2(float[][][] x) {
        float[][][] y = new float[x.length][x[0].length / 2][x[0][0].length / 2];
        for (int c = 0; c < x.length; c++) {
            for (int i = 0; i < y[c].length; i++) {
                for (int j = 0; j < y[c][i].length; j++) {
                    y[c][i][j] = Math.max(Math.max(x[c][2 * i][2 * j], x[c][2 * i][2 * j + 1]),
                            Math.max(x[c][2 * i + 1][2 * j], x[c][2 * i + 1][2 * j + 1]));
                }
            }
        }
        return y;
    }

    /** x.view(-1) of one [C][H][W] example. */
    static float[] flatten(float[][][] x) {
        float[] y = new float[x.length * x[0].length * x[0][0].length];
        int n = 0;
        for (float[][] plane : x) {
            for (float[] row : plane) {
                for (float v : row) {
                    y[n++] = v;
                }
            }
        }
        return y;
    }

    /** nn.Linear: weight row-major [out, in]; then ReLU when asked. */
    static float[] linear(float[] x, float[] weight, float[] bias, boolean relu) {
        float[] y = new float[bias.length];
        for (int o = 0; o < y.length; o++) {
            double sum = bias[o];
            for (int i = 0; i < x.length; i++) {
                sum += weight[o * x.length + i] * x[i];
            }
            y[o] = (float) (relu ? Math.max(0, sum) : sum);
        }
        return y;
    }

    static float[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double total = 0;
        double[] e = new double[logits.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = Math.exp(logits[i] - max);
            total += e[i];
        }
        float[] p = new float[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (e[i] / total);
        }
        return p;
    }
}
