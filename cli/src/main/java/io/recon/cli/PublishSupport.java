package io.recon.cli;

import java.nio.file.Path;
import java.util.Map;

/** Publishing a checked model version, for jobs outside this package. */
public final class PublishSupport {
    private PublishSupport() {}

    /** Returns {name, version}. */
    public static String[] publish(Path dir, String bootstrap, String topic, Map<String, String> kafka) throws Exception {
        return PublishCommand.publish(dir, bootstrap, topic, false, kafka);
    }
}
