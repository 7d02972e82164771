package io.recon.streaming.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SchemaRegistryTest {
    private static final String SCHEMA = "{\"type\":\"record\",\"name\":\"M\",\"fields\":[{\"name\":\"cpu\",\"type\":\"double\"}]}";

    @Test
    void fetchesOnceAndCaches() throws Exception {
        try (StandInRegistry r = new StandInRegistry()) {
            r.put(7, SCHEMA);
            SchemaRegistry client = new SchemaRegistry(r.settings());
            assertEquals(SCHEMA, client.byId(7, 0).text());
            assertEquals("AVRO", client.byId(7, 0).type());
            assertEquals(1, r.requests.get(), "the second lookup comes from the cache");
            assertNull(client.byId(8, 0), "an id the registry does not know");
            assertTrue(client.status().startsWith("schema registry: ok"), client.status());
        }
    }

    @Test
    void sendsBasicAuthOrABearerToken() throws Exception {
        try (StandInRegistry r = new StandInRegistry()) {
            r.put(1, SCHEMA);
            r.put(2, SCHEMA);
            RegistrySettings s = r.settings();
            new SchemaRegistry(new RegistrySettings(s.urls(), "recon", "s3cret", "", null, false, 2_000)).byId(1, 0);
            assertEquals("Basic " + java.util.Base64.getEncoder().encodeToString("recon:s3cret".getBytes()), r.authorization);
            new SchemaRegistry(new RegistrySettings(s.urls(), "", "", "tok", null, false, 2_000)).byId(2, 0);
            assertEquals("Bearer tok", r.authorization);
            assertFalse(new SchemaRegistry(s).settings().toString().contains("s3cret"));
        }
    }

    @Test
    void waitsForAnUnreachableRegistryAndGoesOnWhenItIsBack() throws Exception {
        try (StandInRegistry r = new StandInRegistry()) {
            r.put(3, SCHEMA);
            SchemaRegistry client = new SchemaRegistry(r.settings());
            r.stop();
            CompletableFuture<SchemaRegistry.Schema> lookup = CompletableFuture.supplyAsync(() -> client.byId(3, Long.MAX_VALUE));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!client.waiting() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(client.waiting(), "waiting while the registry is down");
            assertTrue(client.status().contains("unreachable"), client.status());
            Thread.sleep(300);
            assertFalse(lookup.isDone(), "no answer while the registry is down");
            r.restart();
            assertEquals(SCHEMA, lookup.get(15, TimeUnit.SECONDS).text());
            assertFalse(client.waiting());
            assertTrue(client.failures() >= 1, "failed rounds are counted");
        }
    }

    @Test
    void aBoundedWaitEndsInAnExceptionAndCloseEndsEveryWait() throws Exception {
        try (StandInRegistry r = new StandInRegistry()) {
            SchemaRegistry client = new SchemaRegistry(r.settings());
            r.stop();
            RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class, () -> client.byId(1, 200));
            assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
            CompletableFuture<SchemaRegistry.Schema> lookup = CompletableFuture.supplyAsync(() -> client.byId(1, Long.MAX_VALUE));
            Thread.sleep(200);
            client.close();
            Exception ex = assertThrows(Exception.class, () -> lookup.get(10, TimeUnit.SECONDS));
            assertTrue(ex.getCause() instanceof RegistryUnavailableException, String.valueOf(ex));
        }
    }
}
