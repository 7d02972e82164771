package io.recon.trainer.export;

/** Recon's version as packaged, or "dev" when run from classes. */
public final class ReconVersion {
    private ReconVersion() {}

    public static String get() {
        String v = ReconVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
