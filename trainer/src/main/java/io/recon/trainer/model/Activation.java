package io.recon.trainer.model;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Hidden-layer activations that exist both in DJL and as one ONNX operator. */
public enum Activation {
    RELU("relu", "Relu"),
    TANH("tanh", "Tanh"),
    SIGMOID("sigmoid", "Sigmoid"),
    LEAKY_RELU("leaky-relu", "LeakyRelu");

    /** Negative slope of leaky-relu, the same in DJL and ONNX. */
    public static final float LEAKY_SLOPE = 0.01f;

    private final String id;
    private final String onnxOp;

    Activation(String id, String onnxOp) {
        this.id = id;
        this.onnxOp = onnxOp;
    }

    public String id() {
        return id;
    }

    public String onnxOp() {
        return onnxOp;
    }

    public NDArray apply(NDArray x) {
        return switch (this) {
            case RELU -> ai.djl.nn.Activation.relu(x);
            case TANH -> ai.djl.nn.Activation.tanh(x);
            case SIGMOID -> ai.djl.nn.Activation.sigmoid(x);
            case LEAKY_RELU -> ai.djl.nn.Activation.leakyRelu(x, LEAKY_SLOPE);
        };
    }

    public static Activation fromId(String id) {
        for (Activation a : values()) {
            if (a.id.equals(id)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + id + "', expected one of "
                + Arrays.stream(values()).map(Activation::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
