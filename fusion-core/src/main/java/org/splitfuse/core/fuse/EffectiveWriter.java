package org.splitfuse.core.fuse;

import java.util.Arrays;
import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;
import org.splitfuse.core.graph.GraphNode;
import org.splitfuse.core.graph.LayerKind;
import org.splitfuse.core.surgery.SliceParams;

/**
 * A writer seen through its BatchNorm as one affine map per channel, y = x w + c (y = a (x W + b - mean)
 * + beta), and the write-back of a least-squares fit of that map ({@link LeastSquaresRefit}).
 */
final class EffectiveWriter {

    /** A BatchNorm scale below this leaves its channel as it is (it cannot carry a refit weight). */
    private static final double DEAD_SCALE = 1e-8;

    private EffectiveWriter() {
    }

    /** The writer's effective map y = x w + c, with y = a (x W + b - mean) + beta through its BatchNorm. */
    record Effective(double[] scale, double[] offset, boolean intercept) {
    }

    /** The writer's weights times its BatchNorm scale per output channel, as (features x channels). */
    static double[][] weights(INDArray weights, boolean conv, double[] scale) {
        int m = scale.length;
        double[][] w = conv ? weights.reshape('c', m, weights.length() / m).castTo(DataType.DOUBLE).toDoubleMatrix()
                : weights.castTo(DataType.DOUBLE).transpose().toDoubleMatrix();
        double[][] out = new double[w[0].length][m];
        for (int j = 0; j < m; j++) {
            for (int f = 0; f < w[j].length; f++) {
                out[f][j] = w[j][f] * scale[j];
            }
        }
        return out;
    }

    static Effective of(GraphNode node, Layer layer, Layer bn) {
        int m = (int) (node.kind() == LayerKind.CONVOLUTION ? layer.getParam(SliceParams.WEIGHT).size(0)
                : layer.getParam(SliceParams.WEIGHT).size(1));
        double[] bias = SliceParams.hasBias(node) ? layer.getParam(SliceParams.BIAS).castTo(DataType.DOUBLE).toDoubleVector()
                : new double[m];
        if (bn == null) {
            double[] ones = new double[m];
            Arrays.fill(ones, 1);
            return new Effective(ones, bias, SliceParams.hasBias(node));
        }
        BatchNormalization conf = (BatchNormalization) bn.conf().getLayer();
        if (conf.isLockGammaBeta()) {
            throw new IllegalStateException("least-squares refit cannot write through BatchNorm with locked gamma and beta");
        }
        double[] gamma = bn.getParam(SliceParams.GAMMA).castTo(DataType.DOUBLE).toDoubleVector();
        double[] beta = bn.getParam(SliceParams.BETA).castTo(DataType.DOUBLE).toDoubleVector();
        double[] mean = bn.getParam(SliceParams.MEAN).castTo(DataType.DOUBLE).toDoubleVector();
        double[] scale = new double[m];
        double[] offset = new double[m];
        for (int j = 0; j < m; j++) {
            double std = conf.isUseLogStd() ? Math.pow(10, bn.getParam(SliceParams.LOG_STD).getDouble(j))
                    : Math.sqrt(bn.getParam(SliceParams.VAR).getDouble(j) + conf.getEps());
            scale[j] = gamma[j] / std;
            offset[j] = scale[j] * (bias[j] - mean[j]) + beta[j];
        }
        return new Effective(scale, offset, true);
    }

    /** Each channel with a goal takes the fit: weights divided by its scale, the constant into beta or bias. */
    static void writeBack(GraphNode node, Layer layer, Layer bn, Effective eff, double[][] solution,
                                  double[][] goal, int features, double[][] gram) {
        boolean conv = node.kind() == LayerKind.CONVOLUTION;
        INDArray wParam = layer.getParam(SliceParams.WEIGHT);
        int m = goal.length;
        double[][] rows = conv ? wParam.reshape('c', m, features).castTo(DataType.DOUBLE).toDoubleMatrix()
                : wParam.castTo(DataType.DOUBLE).transpose().toDoubleMatrix();
        boolean hasBias = SliceParams.hasBias(node);
        double[] bias = hasBias ? layer.getParam(SliceParams.BIAS).castTo(DataType.DOUBLE).toDoubleVector() : null;
        double[] beta = bn != null ? bn.getParam(SliceParams.BETA).castTo(DataType.DOUBLE).toDoubleVector() : null;
        for (int j = 0; j < m; j++) {
            double a = eff.scale()[j];
            if (goal[j] == null || Math.abs(a) < DEAD_SCALE) {
                continue;
            }
            for (int f = 0; f < features; f++) {
                rows[j][f] = solution[f][j] / a;
            }
            if (!eff.intercept()) {
                continue;
            }
            double constant = solution[features][j];
            if (bn != null) {
                // constant = a (b - mean) + beta: beta takes what the unchanged bias and mean do not give
                beta[j] += constant - eff.offset()[j];
            } else {
                bias[j] = constant;
            }
        }
        INDArray w = Nd4j.createFromArray(rows).castTo(wParam.dataType());
        layer.setParam(SliceParams.WEIGHT, conv ? w.reshape('c', wParam.shape()) : w.transpose().dup('c'));
        if (bias != null && bn == null) {
            INDArray b = layer.getParam(SliceParams.BIAS);
            layer.setParam(SliceParams.BIAS, Nd4j.createFromArray(bias).castTo(b.dataType()).reshape(b.shape()));
        }
        if (bn != null) {
            restandardise(bn, eff, rows, bias, beta, goal, gram);
        }
    }

    /**
     * Gives the BatchNorm the running statistics of its refit input on the sample and compensates in
     * gamma and beta: the same inference function, but training mode, which normalises by the batch's
     * statistics, now starts from it too (otherwise fine-tuning after the refit starts from a network
     * whose new input scale and shift the batch normalisation undoes). From the Gram matrix of the
     * inputs (its last row and column the intercept's: the sums and the count).
     */
    private static void restandardise(Layer bn, Effective eff, double[][] rows, double[] bias, double[] beta,
                                      double[][] goal, double[][] gram) {
        BatchNormalization conf = (BatchNormalization) bn.conf().getLayer();
        double eps = conf.getEps();
        int features = rows[0].length;
        double count = gram[features][features];
        double[] gamma = bn.getParam(SliceParams.GAMMA).castTo(DataType.DOUBLE).toDoubleVector();
        double[] mean = bn.getParam(SliceParams.MEAN).castTo(DataType.DOUBLE).toDoubleVector();
        double[] var = new double[mean.length];
        for (int j = 0; j < var.length; j++) {
            var[j] = conf.isUseLogStd() ? Math.pow(10, 2 * bn.getParam(SliceParams.LOG_STD).getDouble(j)) - eps
                    : bn.getParam(SliceParams.VAR).getDouble(j);
        }
        for (int j = 0; j < rows.length; j++) {
            double a = eff.scale()[j];
            if (goal[j] == null || Math.abs(a) < DEAD_SCALE || count < 2) {
                continue;
            }
            double[] u = Arrays.copyOf(rows[j], features + 1);
            u[features] = bias != null ? bias[j] : 0;
            double sum = 0;
            double square = 0;
            for (int f = 0; f <= features; f++) {
                sum += gram[features][f] * u[f];
                double gu = 0;
                for (int g = 0; g <= features; g++) {
                    gu += gram[f][g] * u[g];
                }
                square += u[f] * gu;
            }
            double newMean = sum / count;
            double newVar = Math.max(square / count - newMean * newMean, 0);
            beta[j] += a * (newMean - mean[j]);
            gamma[j] = a * Math.sqrt(newVar + eps);
            mean[j] = newMean;
            var[j] = newVar;
        }
        set(bn, SliceParams.GAMMA, gamma);
        set(bn, SliceParams.BETA, beta);
        set(bn, SliceParams.MEAN, mean);
        if (conf.isUseLogStd()) {
            double[] logStd = new double[var.length];
            for (int j = 0; j < var.length; j++) {
                logStd[j] = Math.log10(Math.sqrt(var[j] + eps));
            }
            set(bn, SliceParams.LOG_STD, logStd);
        } else {
            set(bn, SliceParams.VAR, var);
        }
    }

    private static void set(Layer layer, String key, double[] values) {
        INDArray p = layer.getParam(key);
        layer.setParam(key, Nd4j.createFromArray(values).castTo(p.dataType()).reshape(p.shape()));
    }
}
