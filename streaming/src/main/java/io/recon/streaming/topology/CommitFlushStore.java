package io.recon.streaming.topology;

import java.util.Map;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A state store that holds nothing: it exists so that the scoring processor is called back when
 * Kafka Streams prepares a commit. Kafka Streams flushes store caches (and sends what they emit)
 * before it commits offsets or the transaction; this store's "cache" is the processor's pending
 * micro-batch, so no input offset is ever committed for a record whose output has not been sent.
 * This is the mechanism Kafka's own caching stores use to emit on commit (Kafka Streams 4.3).
 */
final class CommitFlushStore implements StateStore, CachedStateStore<Object, Object> {
    private final String name;
    private Runnable onCommit = () -> {};
    private boolean open;

    CommitFlushStore(String name) {
        this.name = name;
    }

    void onCommit(Runnable action) {
        this.onCommit = action;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        context.register(root, (key, value) -> {});
        open = true;
    }

    @Override
    public void flushCache() {
        onCommit.run();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Object, Object> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public void clearCache() {}

    @Override
    public void close() {
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    static StoreBuilder<CommitFlushStore> builder(String name) {
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<CommitFlushStore> withCachingEnabled() {
                return this;
            }

            @Override
            public StoreBuilder<CommitFlushStore> withCachingDisabled() {
                return this;
            }

            @Override
            public StoreBuilder<CommitFlushStore> withLoggingEnabled(Map<String, String> config) {
                return this;
            }

            @Override
            public StoreBuilder<CommitFlushStore> withLoggingDisabled() {
                return this;
            }

            @Override
            public CommitFlushStore build() {
                return new CommitFlushStore(name);
            }

            @Override
            public Map<String, String> logConfig() {
                return Map.of();
            }

            @Override
            public boolean loggingEnabled() {
                return false;
            }

            @Override
            public String name() {
                return name;
            }
        };
    }
}
