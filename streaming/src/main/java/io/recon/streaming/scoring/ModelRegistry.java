package io.recon.streaming.scoring;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The models a service serves, by contract model name, each in its own {@link ModelHolder} so that
 * versions of one model swap without touching the others. The first model added is the primary one:
 * the fallback for records no route sends elsewhere (unless routing says otherwise).
 */
public final class ModelRegistry {
    private final ConcurrentHashMap<String, ModelHolder> byName = new ConcurrentHashMap<>();
    private final List<String> names = new CopyOnWriteArrayList<>();

    /** The holder of a model, or null when no version of it has been loaded. */
    public ModelHolder holder(String name) {
        return name == null ? null : byName.get(name);
    }

    /** Adds the first version of a model; returns its holder. */
    public synchronized ModelHolder add(OnnxModel model) {
        String name = model.contract().modelName();
        ModelHolder h = byName.get(name);
        if (h != null) {
            throw new IllegalStateException("model " + name + " is already registered");
        }
        h = new ModelHolder(model);
        byName.put(name, h);
        names.add(name);
        return h;
    }

    /** Name of the first model added, or null while there is none. */
    public String primary() {
        return names.isEmpty() ? null : names.get(0);
    }

    public List<String> names() {
        return List.copyOf(names);
    }

    public boolean isEmpty() {
        return names.isEmpty();
    }

    /** Takes every model out of service; each closes once no batch holds it any longer. */
    public void closeAll() {
        for (ModelHolder h : byName.values()) {
            h.close();
        }
    }
}
