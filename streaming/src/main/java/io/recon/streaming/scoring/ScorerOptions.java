package io.recon.streaming.scoring;

/**
 * ONNX Runtime settings.
 *
 * @param intraOpThreads threads per inference; 1 is fastest for micro-batches on small machines
 * @param useCuda try the CUDA execution provider first (falls back to CPU with a log line)
 */
public record ScorerOptions(int intraOpThreads, boolean useCuda, int cudaDevice) {
    public ScorerOptions {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intra-op threads must be >= 1");
        }
        if (cudaDevice < 0) {
            throw new IllegalArgumentException("CUDA device must be >= 0");
        }
    }

    public static ScorerOptions defaults() {
        return new ScorerOptions(1, false, 0);
    }
}
