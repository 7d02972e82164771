package io.recon.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.util.Set;

/** Test helper: validates JSON documents against the schema files shipped in the jar. */
final class SchemaFiles {
    private SchemaFiles() {}

    static Set<ValidationMessage> validate(String schemaFile, JsonNode document) throws Exception {
        try (InputStream in = SchemaFiles.class.getResourceAsStream("/schemas/" + schemaFile)) {
            if (in == null) {
                throw new IllegalStateException("missing schema " + schemaFile);
            }
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
            return schema.validate(document);
        }
    }

    static Set<ValidationMessage> validate(String schemaFile, String json) throws Exception {
        return validate(schemaFile, Json.mapper().readTree(json));
    }
}
