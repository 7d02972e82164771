package io.recon.trainer.export;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.List;
import java.util.Map;

/**
 * A small ONNX graph builder over the raw protobuf classes: constants (initializers), nodes with
 * attributes, fresh value names. Opset {@value #OPSET}, IR version {@value #IR_VERSION}.
 */
public final class OnnxGraph {
    public static final int OPSET = 13;
    public static final int IR_VERSION = 8;

    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
    private int counter;

    public OnnxGraph(String name) {
        graph.setName(name);
    }

    /** A fresh value name with the given prefix. */
    public String fresh(String prefix) {
        return prefix + "_" + (counter++);
    }

    /** Adds a float constant and returns its name. */
    public String floats(String prefix, float[] values, long... dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException(prefix + ": " + values.length + " values for dims " + java.util.Arrays.toString(dims));
        }
        String name = fresh(prefix);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        t.setRawData(com.google.protobuf.ByteString.copyFrom(buf.array()));
        graph.addInitializer(t);
        return name;
    }

    /** Adds an int64 constant (shapes, axes) and returns its name. */
    public String longs(String prefix, long... values) {
        String name = fresh(prefix);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64.getNumber())
                .addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return name;
    }

    /** Adds a node with one output and returns the output's name. */
    public String op(String opType, List<String> inputs, Map<String, Object> attributes) {
        String out = fresh(opType.toLowerCase(java.util.Locale.ROOT));
        opNamed(opType, inputs, out, attributes);
        return out;
    }

    public String op(String opType, String... inputs) {
        return op(opType, List.of(inputs), Map.of());
    }

    /** Adds a node writing to the given output name (used for graph outputs). */
    public void opNamed(String opType, List<String> inputs, String output, Map<String, Object> attributes) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(opType).setName(fresh("n_" + opType)).addAllInput(inputs)
                .addOutput(output);
        attributes.forEach((k, v) -> node.addAttribute(attribute(k, v)));
        graph.addNode(node);
    }

    private static AttributeProto attribute(String name, Object value) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        if (value instanceof Integer || value instanceof Long) {
            a.setType(AttributeProto.AttributeType.INT).setI(((Number) value).longValue());
        } else if (value instanceof Float || value instanceof Double) {
            a.setType(AttributeProto.AttributeType.FLOAT).setF(((Number) value).floatValue());
        } else if (value instanceof long[] ints) {
            a.setType(AttributeProto.AttributeType.INTS);
            for (long i : ints) {
                a.addInts(i);
            }
        } else if (value instanceof String s) {
            a.setType(AttributeProto.AttributeType.STRING).setS(com.google.protobuf.ByteString.copyFromUtf8(s));
        } else {
            throw new IllegalArgumentException("unsupported attribute type for " + name + ": " + value);
        }
        return a.build();
    }

    /** Declares a float graph input or output; a dimension of -1 is the symbolic batch size. */
    public static OnnxMl.ValueInfoProto tensor(String name, long... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : dims) {
            OnnxMl.TensorShapeProto.Dimension.Builder dim = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            if (d < 0) {
                dim.setDimParam("batch");
            } else {
                dim.setDimValue(d);
            }
            shape.addDim(dim);
        }
        OnnxMl.TypeProto type = OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape)).build();
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    public void input(String name, long... dims) {
        graph.addInput(tensor(name, dims));
    }

    public void output(String name, long... dims) {
        graph.addOutput(tensor(name, dims));
    }

    /** The finished model with the given metadata. */
    public OnnxMl.ModelProto toModel(String docString, Map<String, String> metadata) {
        OnnxMl.ModelProto.Builder model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("recon")
                .setProducerVersion(ReconVersion.get())
                .setDocString(docString)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph);
        metadata.forEach((k, v) -> model.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build();
    }
}
