package io.recon.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * The 3x3, padding-1 convolutions of {@link ConvAutoencoder}, written as explicit patches and one
 * matrix product instead of PyTorch's convolution operator.
 *
 * <p>Why: the oneDNN 3.7.1 inside PyTorch 2.7.1 (DJL 0.35.1) computes the input gradient of a
 * stride-1 convolution wrongly on AVX2 and AVX-512 machines when the output channels are not a
 * multiple of its 16-channel block (for example the decoder's last layer, 16 channels to 1): its
 * {@code jit:avx512_core backward_data} kernel reads the padded channels of its blocked layout,
 * which hold whatever was in that memory. Gradients were off by up to 100 % and now and then NaN, so
 * conv models diverged at random and the same seed gave different runs. Patches, matrix products,
 * padding, slicing and stacking have exact, deterministic gradients on every CPU; the exported
 * graph still uses ONNX {@code Conv} and {@code ConvTranspose}, and the equivalence tests hold both
 * to the same numbers.
 */
final class Conv3x3 {
    private Conv3x3() {}

    /**
     * ONNX {@code Conv(kernel 3, pads 1, strides s)}.
     *
     * @param x [N, Cin, H, W]
     * @param weight [Cout, Cin, 3, 3]
     * @param bias [Cout]
     * @return [N, Cout, (H - 1) / s + 1, (W - 1) / s + 1]
     */
    static NDArray apply(NDArray x, NDArray weight, NDArray bias, int stride) {
        Shape s = x.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long oh = (s.get(2) - 1) / stride + 1;
        long ow = (s.get(3) - 1) / stride + 1;
        NDArray padded = x.pad(new Shape(1, 1, 1, 1), 0);
        NDList taps = new NDList(9);
        for (int ky = 0; ky < 3; ky++) {
            for (int kx = 0; kx < 3; kx++) {
                taps.add(padded.get(new NDIndex(":, :, " + ky + ":" + (ky + stride * (oh - 1) + 1) + ":" + stride + ", "
                        + kx + ":" + (kx + stride * (ow - 1) + 1) + ":" + stride)));
            }
        }
        // [N, Cin, 9, oh, ow] -> [N, Cin*9, oh*ow]; row ci*9 + ky*3 + kx, as in weight [Cout, Cin*9]
        NDArray patches = NDArrays.stack(taps, 2).reshape(n, c * 9, oh * ow);
        long cout = weight.getShape().get(0);
        NDArray y = BatchOwned.view(weight.reshape(cout, c * 9), x).matMul(patches).add(BatchOwned.view(bias.reshape(1, cout, 1), x));
        return y.reshape(n, cout, oh, ow);
    }

    /**
     * ONNX {@code ConvTranspose(kernel 3, stride 2, pads 1, output_padding 1)}. Output pixel
     * (2m+a, 2l+b) receives input pixel (m, l) through kernel tap (1+a, 1+b), and for odd a or b
     * also the next input pixel down or right through tap (0, .); so one matrix product gives every
     * tap's contribution at input resolution, and four sums of shifted contributions give the four
     * output phases, interleaved into the 2H x 2W image.
     *
     * @param x [N, Cin, H, W]
     * @param weight [Cin, Cout, 3, 3] (ONNX ConvTranspose layout)
     * @param bias [Cout]
     * @return [N, Cout, 2H, 2W]
     */
    static NDArray transposed(NDArray x, NDArray weight, NDArray bias) {
        Shape s = x.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        long cout = weight.getShape().get(1);
        // t[ky*3+kx][n, co, m, l] = sum_ci weight[ci, co, ky, kx] * x[n, ci, m, l]; split, not indexed:
        // the gradient of an index is a zero-filled copy of the whole product, nine times over
        NDList t = BatchOwned.view(weight.reshape(c, cout * 9), x).transpose().matMul(x.reshape(n, c, h * w))
                .reshape(n, cout, 9, h, w).split(9, 2);
        NDArray even = tap(t, 1, 1);
        NDArray right = tap(t, 1, 2).add(shiftLeft(tap(t, 1, 0)));
        NDArray down = tap(t, 2, 1).add(shiftUp(tap(t, 0, 1)));
        NDArray diagonal = tap(t, 2, 2).add(shiftLeft(tap(t, 2, 0))).add(shiftUp(tap(t, 0, 2)))
                .add(shiftUp(shiftLeft(tap(t, 0, 0))));
        NDArray top = NDArrays.stack(new NDList(even, right), 4); // [N, Cout, H, W, 2]
        NDArray bottom = NDArrays.stack(new NDList(down, diagonal), 4);
        NDArray y = NDArrays.stack(new NDList(top, bottom), 3).reshape(n, cout, 2 * h, 2 * w);
        return y.add(BatchOwned.view(bias.reshape(1, cout, 1, 1), x));
    }

    private static NDArray tap(NDList taps, int ky, int kx) {
        return taps.get(ky * 3 + kx).squeeze(2);
    }

    /** out[.., m, l] = in[.., m, l + 1], zero in the last column. */
    private static NDArray shiftLeft(NDArray a) {
        return a.get(new NDIndex("..., 1:")).pad(new Shape(0, 1), 0);
    }

    /** out[.., m, l] = in[.., m + 1, l], zero in the last row. */
    private static NDArray shiftUp(NDArray a) {
        return a.get(new NDIndex("..., 1:, :")).pad(new Shape(0, 0, 0, 1), 0);
    }
}
