package io.recon.trainer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of a float matrix, row by row as little-endian float32. */
final class ContentHash {
    private ContentHash() {}

    static String of(float[][] rows) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            ByteBuffer buf = ByteBuffer.allocate(4096 * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] row : rows) {
                for (float v : row) {
                    if (buf.remaining() < 4) {
                        digest.update(buf.array(), 0, buf.position());
                        buf.clear();
                    }
                    buf.putFloat(v);
                }
            }
            digest.update(buf.array(), 0, buf.position());
            return "sha256:" + HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
