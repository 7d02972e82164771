package io.recon.streaming.topology;

import java.util.Map;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * Runs an action just before Kafka Streams commits a task, so that the scoring processor sends every
 * pending micro-batch's results before the offsets (or the transaction) that cover their input records
 * are committed. This is the only class of Recon that uses Kafka Streams internals, and why:
 *
 * <ul>
 *   <li>The public API has no "before commit" callback. Kafka's own caching stores emit on commit by
 *       implementing {@code state.internals.CachedStateStore}: before every commit the task flushes each
 *       store's cache ({@link #flushCache}) and only then flushes the producer and commits. This store
 *       holds nothing; its "cache" is the processor's pending micro-batches.
 *   <li>Forwarding from that callback needs the processor's node to be the context's current node (the
 *       task calls it outside any processor), which only {@code processor.internals.InternalProcessorContext}
 *       can set; it is set for the callback and restored after.
 * </ul>
 *
 * Checked against Kafka Streams 4.3.1 ({@code StreamTask.prepareCommit} -> {@code
 * ProcessorStateManager.flushCache}). If an upgrade breaks it, {@code CommitHookTest} fails: results
 * pending before a commit would no longer be written before it.
 */
final class CommitHook implements StateStore, CachedStateStore<Object, Object> {
    private final String name;
    private Runnable beforeCommit = () -> {};
    private boolean open;

    private CommitHook(String name) {
        this.name = name;
    }

    /** Registers {@code action} (which may forward records) to run before each commit of the processor's task. */
    static void install(ProcessorContext<?, ?> context, String storeName, Runnable action) {
        CommitHook hook = context.getStateStore(storeName);
        InternalProcessorContext<?, ?> internal = (InternalProcessorContext<?, ?>) context;
        ProcessorNode<?, ?, ?, ?> node = internal.currentNode();
        hook.beforeCommit = () -> {
            ProcessorNode<?, ?, ?, ?> previous = internal.currentNode();
            internal.setCurrentNode(node);
            try {
                action.run();
            } finally {
                internal.setCurrentNode(previous);
            }
        };
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
        beforeCommit.run();
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

    static StoreBuilder<CommitHook> builder(String name) {
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<CommitHook> withCachingEnabled() {
                return this;
            }

            @Override
            public StoreBuilder<CommitHook> withCachingDisabled() {
                return this;
            }

            @Override
            public StoreBuilder<CommitHook> withLoggingEnabled(Map<String, String> config) {
                return this;
            }

            @Override
            public StoreBuilder<CommitHook> withLoggingDisabled() {
                return this;
            }

            @Override
            public CommitHook build() {
                return new CommitHook(name);
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
