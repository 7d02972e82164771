package io.recon.schemas.contract;

import io.recon.schemas.Checks;
import java.util.List;

/**
 * What the score output means.
 *
 * @param name e.g. {@code reconstruction_mse}
 * @param output the ONNX output holding the per-record score
 * @param description one human-readable sentence
 * @param alternatives other score outputs the graph offers (e.g. {@code neg_elbo}), possibly empty
 */
public record ScoreDefinition(String name, String output, String description, List<String> alternatives) {
    public ScoreDefinition {
        Checks.nonBlank(name, "score.name");
        Checks.nonBlank(output, "score.output");
        Checks.nonBlank(description, "score.description");
        alternatives = alternatives == null ? List.of() : List.copyOf(alternatives);
    }
}
