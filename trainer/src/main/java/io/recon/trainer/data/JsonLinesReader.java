package io.recon.trainer.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.recon.schemas.Json;
import io.recon.schemas.contract.InputShape;
import io.recon.schemas.record.InputRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON lines in the input-record format. With named {@code fields}, the first record fixes the
 * feature order and every later record must carry the same fields; with {@code values}, features are
 * named {@code f0..fN}. A label field ({@code --label-column}) is taken out of the features.
 */
public final class JsonLinesReader {
    private JsonLinesReader() {}

    public static boolean isJsonLines(Path path) {
        String n = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".json");
    }

    public static FeatureTable read(Path file, ReadOptions options) {
        List<String> names = null;
        List<float[]> rows = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        String labelField = options.labelColumn();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                InputRecord record = parse(file, lineNo, line);
                List<String> lineNames = new ArrayList<>();
                float[] row;
                if (record.fields() != null) {
                    Map<String, Double> fields = record.fields();
                    if (labelField != null) {
                        Double label = fields.get(labelField);
                        if (label == null) {
                            throw DataException.at(file, lineNo, "no label field '" + labelField + "'");
                        }
                        labels.add(label == Math.rint(label) ? Long.toString(label.longValue()) : label.toString());
                    }
                    for (String name : fields.keySet()) {
                        if (!name.equals(labelField) && !options.dropColumns().contains(name)) {
                            lineNames.add(name);
                        }
                    }
                    if (names == null) {
                        names = lineNames;
                    } else if (!new java.util.HashSet<>(names).equals(new java.util.HashSet<>(lineNames))) {
                        throw DataException.at(file, lineNo, "fields " + lineNames + " differ from the first record's " + names);
                    }
                    row = new float[names.size()];
                    for (int f = 0; f < row.length; f++) {
                        row[f] = toFloat(file, lineNo, names.get(f), fields.get(names.get(f)));
                    }
                } else {
                    double[] values = record.values();
                    if (labelField != null) {
                        throw DataException.at(file, lineNo, "--label-column needs records with named fields, not values");
                    }
                    for (int i = 0; i < values.length; i++) {
                        lineNames.add("f" + i);
                    }
                    if (names == null) {
                        names = lineNames;
                    } else if (names.size() != values.length) {
                        throw DataException.at(file, lineNo, values.length + " values but the first record has " + names.size());
                    }
                    row = new float[values.length];
                    for (int f = 0; f < row.length; f++) {
                        row[f] = toFloat(file, lineNo, names.get(f), values[f]);
                    }
                }
                rows.add(row);
                times.add(record.timestamp());
            }
        } catch (IOException e) {
            throw DataException.in(file, "cannot read: " + e.getMessage());
        }
        if (rows.isEmpty()) {
            throw DataException.in(file, "no records");
        }
        if (names.isEmpty()) {
            throw DataException.in(file, "no feature fields left after removing the label");
        }
        return new FeatureTable(file.toString(), names, InputShape.features(names.size()), rows.toArray(new float[0][]),
                times.stream().mapToLong(Long::longValue).toArray(), labelField == null ? null : labels.toArray(new String[0]));
    }

    private static InputRecord parse(Path file, long lineNo, String line) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(line);
        } catch (IOException e) {
            throw DataException.at(file, lineNo, "not valid JSON: " + CsvReader.abbreviate(line));
        }
        if (!node.isObject()) {
            throw DataException.at(file, lineNo, "expected a JSON object in the input-record format");
        }
        for (String numeric : new String[] {"fields", "values"}) {
            JsonNode container = node.get(numeric);
            if (container != null) {
                for (JsonNode v : container) {
                    if (!v.isNumber()) {
                        throw DataException.at(file, lineNo, numeric + " must hold numbers only, found " + v);
                    }
                }
            }
        }
        try {
            return Json.mapper().treeToValue(node, InputRecord.class);
        } catch (IOException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw DataException.at(file, lineNo, "not an input record: " + cause.getMessage());
        }
    }

    private static float toFloat(Path file, long lineNo, String name, double v) {
        if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
            throw DataException.at(file, lineNo, "field '" + name + "' is " + v + "; values must be finite numbers");
        }
        return (float) v;
    }
}
