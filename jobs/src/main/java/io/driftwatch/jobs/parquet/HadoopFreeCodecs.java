package io.driftwatch.jobs.parquet;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Parquet page compression without Hadoop. parquet-hadoop's own {@code CodecFactory} goes through
 * Hadoop's {@code CompressionCodec} classes, which would put ~40 MB of Hadoop into the jar and on
 * every cluster's classpath; the codecs themselves (snappy-java, zstd-jni, java.util.zip) need none
 * of it, so this factory calls them directly. Stateless and thread-safe.
 */
public final class HadoopFreeCodecs implements CompressionCodecFactory {
    public static final HadoopFreeCodecs INSTANCE = new HadoopFreeCodecs();
    private static final int ZSTD_LEVEL = 3;

    private HadoopFreeCodecs() {}

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return new Compressor(codec);
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return new Decompressor(codec);
    }

    @Override
    public void release() {}

    private static final class Compressor implements BytesInputCompressor {
        private final CompressionCodecName codec;

        Compressor(CompressionCodecName codec) {
            this.codec = codec;
        }

        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            switch (codec) {
                case UNCOMPRESSED:
                    return bytes;
                case SNAPPY:
                    return BytesInput.from(Snappy.compress(bytes.toByteArray()));
                case ZSTD:
                    return BytesInput.from(Zstd.compress(bytes.toByteArray(), ZSTD_LEVEL));
                case GZIP: {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                        bytes.writeAllTo(gz);
                    }
                    return BytesInput.from(out.toByteArray());
                }
                default:
                    throw new IOException("Parquet codec " + codec + " is not supported (use snappy, zstd or none)");
            }
        }

        @Override
        public CompressionCodecName getCodecName() {
            return codec;
        }

        @Override
        public void release() {}
    }

    private static final class Decompressor implements BytesInputDecompressor {
        private final CompressionCodecName codec;

        Decompressor(CompressionCodecName codec) {
            this.codec = codec;
        }

        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            return BytesInput.from(decompress(bytes.toByteArray(), uncompressedSize));
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                throws IOException {
            byte[] in = new byte[compressedSize];
            input.get(in);
            output.put(decompress(in, uncompressedSize));
        }

        private byte[] decompress(byte[] in, int uncompressedSize) throws IOException {
            switch (codec) {
                case UNCOMPRESSED:
                    return in;
                case SNAPPY: {
                    byte[] out = new byte[uncompressedSize];
                    Snappy.uncompress(in, 0, in.length, out, 0);
                    return out;
                }
                case ZSTD:
                    return Zstd.decompress(in, uncompressedSize);
                case GZIP:
                    try (InputStream gz = new GZIPInputStream(new java.io.ByteArrayInputStream(in))) {
                        return gz.readNBytes(uncompressedSize);
                    }
                default:
                    throw new IOException("Parquet codec " + codec + " is not supported (use snappy, zstd, gzip or none)");
            }
        }

        @Override
        public void release() {}
    }
}
