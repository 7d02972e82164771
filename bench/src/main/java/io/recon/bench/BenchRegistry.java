package io.recon.bench;

import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpServer;
import io.recon.cli.input.AvroRows;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * A one-schema registry for the Avro benchmarks: {@code GET /schemas/ids/1} on 127.0.0.1 answers the schema of a
 * record of numeric features, as a Confluent-compatible registry does. The scorer looks a schema up once and
 * caches it, so what a benchmark measures is Recon's decoding, not a registry; the tests use a real one.
 */
final class BenchRegistry implements AutoCloseable {
    static final int ID = 1;
    private final HttpServer server;
    private final Schema schema;

    /** A record {@code Bench} with a string {@code key}, a long {@code timestamp} and one double per feature. */
    BenchRegistry(List<String> features) throws IOException {
        StringBuilder sb = new StringBuilder("{\"type\":\"record\",\"name\":\"Bench\",\"fields\":[{\"name\":\"key\",\"type\":"
                + "\"string\"},{\"name\":\"timestamp\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}}");
        for (String f : features) {
            sb.append(",{\"name\":").append(TextNode.valueOf(f)).append(",\"type\":\"double\"}");
        }
        schema = new Schema.Parser().parse(sb.append("]}").toString());
        byte[] body = ("{\"schema\":" + TextNode.valueOf(schema.toString()) + "}").getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/schemas/ids/" + ID, ex -> {
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    URI uri() {
        return URI.create(url());
    }

    /** One record in the wire format. */
    byte[] record(AvroRows rows, String key, long timestamp, List<String> features, float[] values) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("key", key);
        row.put("timestamp", timestamp);
        for (int f = 0; f < features.size(); f++) {
            row.put(features.get(f), (double) values[f]);
        }
        return rows.encode(row);
    }

    AvroRows rows() {
        return new AvroRows(schema, ID);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
