package io.recon.schemas.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.recon.schemas.SchemaException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The model families Recon trains and serves. The id is what users type and what contracts store. */
public enum ModelKind {
    DENSE_AE("dense-ae"),
    CONV_AE("conv-ae"),
    VAE("vae"),
    CONV_VAE("conv-vae"),
    RBM("rbm");

    private final String id;

    ModelKind(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static ModelKind fromId(String id) {
        for (ModelKind kind : values()) {
            if (kind.id.equals(id)) {
                return kind;
            }
        }
        throw new SchemaException("unknown model kind '" + id + "', expected one of "
                + Arrays.stream(values()).map(ModelKind::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
