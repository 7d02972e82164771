package io.recon.schemas.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.recon.schemas.Checks;
import io.recon.schemas.SchemaException;
import java.util.List;

/**
 * Shape of one model input, without the batch dimension.
 *
 * <ul>
 *   <li>{@code features}: [F], one record of F named features;
 *   <li>{@code window}: [W, F], the last W records of one key;
 *   <li>{@code image}: [C, H, W], channels x height x width.
 * </ul>
 */
public record InputShape(Layout layout, List<Integer> dims) {

    public enum Layout {
        FEATURES("features", 1),
        WINDOW("window", 2),
        IMAGE("image", 3);

        private final String id;
        private final int rank;

        Layout(String id, int rank) {
            this.id = id;
            this.rank = rank;
        }

        @JsonValue
        public String id() {
            return id;
        }

        public int rank() {
            return rank;
        }

        @JsonCreator
        public static Layout fromId(String id) {
            for (Layout layout : values()) {
                if (layout.id.equals(id)) {
                    return layout;
                }
            }
            throw new SchemaException("unknown input layout '" + id + "', expected features, window or image");
        }
    }

    public InputShape {
        Checks.require(layout != null, "input_shape.layout is required");
        dims = Checks.nonEmptyList(dims, "input_shape.dims");
        Checks.require(dims.size() == layout.rank(),
                "input_shape.dims for layout " + layout.id() + " must have " + layout.rank() + " entries, got " + dims);
        Checks.require(dims.stream().allMatch(d -> d > 0), "input_shape.dims must be positive, got " + dims);
    }

    public static InputShape features(int f) {
        return new InputShape(Layout.FEATURES, List.of(f));
    }

    public static InputShape window(int w, int f) {
        return new InputShape(Layout.WINDOW, List.of(w, f));
    }

    public static InputShape image(int c, int h, int w) {
        return new InputShape(Layout.IMAGE, List.of(c, h, w));
    }

    /** Number of floats in one input. */
    public int size() {
        return dims.stream().reduce(1, (a, b) -> a * b);
    }

    /** Number of named features one record carries (F for features and window, C*H*W for images). */
    public int featuresPerRecord() {
        return switch (layout) {
            case FEATURES -> dims.get(0);
            case WINDOW -> dims.get(1);
            case IMAGE -> size();
        };
    }

    /** Window length W, 1 for non-windowed inputs. */
    public int window() {
        return layout == Layout.WINDOW ? dims.get(0) : 1;
    }

    /** Shape with a leading batch dimension, as ONNX Runtime wants it. */
    public long[] withBatch(long batch) {
        long[] shape = new long[dims.size() + 1];
        shape[0] = batch;
        for (int i = 0; i < dims.size(); i++) {
            shape[i + 1] = dims.get(i);
        }
        return shape;
    }
}
