package io.recon.trainer.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.recon.trainer.NativeSettings;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Forward values and all three gradients of {@link Conv3x3} (float32, PyTorch) against plain
 * double-precision loops written from the ONNX definitions. The shapes include the one PyTorch's
 * own float32 convolution gets wrong on AVX2/AVX-512 machines (stride 1, one output channel).
 */
class Conv3x3Test {
    @BeforeAll
    static void threads() {
        NativeSettings.applyDefaults();
    }

    @Test
    void strideOneToOneChannel() {
        check(false, 4, 16, 1, 14, 14, 1, 1);
    }

    @Test
    void strideTwoOddSize() {
        check(false, 3, 3, 5, 11, 9, 2, 2);
    }

    @Test
    void transposedToOneChannel() {
        check(true, 4, 16, 1, 7, 7, 1, 3);
    }

    @Test
    void transposedOddShape() {
        check(true, 2, 5, 3, 4, 6, 1, 4);
    }

    /** Loss = sum(y * r) for a fixed random r, so dL/dy = r. */
    private static void check(boolean transposed, int n, int cin, int cout, int h, int w, int stride, long seed) {
        Random random = new Random(seed);
        int oh = transposed ? 2 * h : (h - 1) / stride + 1;
        int ow = transposed ? 2 * w : (w - 1) / stride + 1;
        float[] x = gaussian(random, n * cin * h * w, 1);
        float[] wt = gaussian(random, cin * cout * 9, 0.3);
        float[] b = gaussian(random, cout, 0.3);
        float[] r = gaussian(random, n * cout * oh * ow, 1);

        double[] y = new double[r.length];
        double[] gx = new double[x.length];
        double[] gw = new double[wt.length];
        double[] gb = new double[b.length];
        for (int i = 0; i < n; i++) {
            for (int co = 0; co < cout; co++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        int yi = ((i * cout + co) * oh + oy) * ow + ox;
                        y[yi] += b[co];
                        gb[co] += r[yi];
                    }
                }
            }
            for (int ci = 0; ci < cin; ci++) {
                for (int co = 0; co < cout; co++) {
                    for (int ky = 0; ky < 3; ky++) {
                        for (int kx = 0; kx < 3; kx++) {
                            int wi = transposed ? ((ci * cout + co) * 3 + ky) * 3 + kx : ((co * cin + ci) * 3 + ky) * 3 + kx;
                            if (transposed) { // input (iy, ix) feeds output (2 iy + ky - 1, 2 ix + kx - 1)
                                for (int iy = 0; iy < h; iy++) {
                                    for (int ix = 0; ix < w; ix++) {
                                        int oy = 2 * iy + ky - 1;
                                        int ox = 2 * ix + kx - 1;
                                        if (oy >= 0 && oy < oh && ox >= 0 && ox < ow) {
                                            accumulate(x, wt, r, y, gx, gw, ((i * cin + ci) * h + iy) * w + ix, wi,
                                                    ((i * cout + co) * oh + oy) * ow + ox);
                                        }
                                    }
                                }
                            } else { // output (oy, ox) reads input (s oy + ky - 1, s ox + kx - 1)
                                for (int oy = 0; oy < oh; oy++) {
                                    for (int ox = 0; ox < ow; ox++) {
                                        int iy = stride * oy + ky - 1;
                                        int ix = stride * ox + kx - 1;
                                        if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                            accumulate(x, wt, r, y, gx, gw, ((i * cin + ci) * h + iy) * w + ix, wi,
                                                    ((i * cout + co) * oh + oy) * ow + ox);
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray xa = m.create(x, new Shape(n, cin, h, w));
            NDArray wa = m.create(wt, transposed ? new Shape(cin, cout, 3, 3) : new Shape(cout, cin, 3, 3));
            NDArray ba = m.create(b, new Shape(cout));
            NDArray ra = m.create(r, new Shape(n, cout, oh, ow));
            for (NDArray a : new NDArray[] {xa, wa, ba}) {
                a.setRequiresGradient(true);
            }
            float[] out;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray ya = transposed ? Conv3x3.transposed(xa, wa, ba) : Conv3x3.apply(xa, wa, ba, stride);
                out = ya.toFloatArray();
                gc.backward(ya.mul(ra).sum());
            }
            assertClose("output", y, out);
            assertClose("input gradient", gx, xa.getGradient().toFloatArray());
            assertClose("weight gradient", gw, wa.getGradient().toFloatArray());
            assertClose("bias gradient", gb, ba.getGradient().toFloatArray());
        }
    }

    private static void accumulate(float[] x, float[] wt, float[] r, double[] y, double[] gx, double[] gw, int xi, int wi,
            int yi) {
        y[yi] += (double) x[xi] * wt[wi];
        gx[xi] += (double) r[yi] * wt[wi];
        gw[wi] += (double) r[yi] * x[xi];
    }

    private static void assertClose(String what, double[] expected, float[] actual) {
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(expected[i] - actual[i]);
            assertTrue(diff <= 1e-5 * Math.max(1, scale),
                    what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i] + " (scale " + scale + ")");
        }
    }

    private static float[] gaussian(Random random, int size, double std) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (float) (random.nextGaussian() * std);
        }
        return a;
    }
}
