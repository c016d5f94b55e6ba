package org.apache.parquet;

import java.util.HashMap;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;

/**
 * Read options built without {@code ParquetReadOptions.Builder}, whose constructor loads
 * {@code ParquetInputFormat} and so Hadoop MapReduce classes even for a plain configuration
 * (apache/parquet-java GH-3780, fix not released as of parquet 1.15/1.17). It lives in Parquet's
 * package to reach the package-private constructor; drop it once the fix is released.
 * Defaults are the builder's: statistics, dictionary, column-index and bloom filters on.
 */
public final class HadoopFreeReadOptions {
    private HadoopFreeReadOptions() {}

    public static ParquetReadOptions create(CompressionCodecFactory codecs) {
        return new ParquetReadOptions(
                false, // useSignedStringMinMax
                true, // useStatsFilter
                true, // useDictionaryFilter
                true, // useRecordFilter
                true, // useColumnIndexFilter
                false, // usePageChecksumVerification
                true, // useBloomFilter
                false, // useOffHeapDecryptBuffer
                false, // useHadoopVectoredIo
                FilterCompat.NOOP,
                ParquetMetadataConverter.NO_FILTER,
                codecs,
                new HeapByteBufferAllocator(),
                8 * 1024 * 1024,
                new HashMap<>(),
                null,
                null,
                new PlainParquetConfiguration());
    }
}
