import io.driftwatch.common.drift.ColumnType;
import io.driftwatch.common.drift.CoMoments;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/**
 * Multivariate drift's per-record cost in a loop: {@link CoMoments#add} over 1,000,000 records of 18
 * numeric features (the stream bench's shape: values of both signs, 4 decimals), 6 rounds; prints
 * nanoseconds a record and a hash of the state's bytes (the same in every round and under any JVM flags).
 * Usage, with the JVM flags to compare (bin/driftwatch's JIT_OPTS, for example):
 * {@code java $FLAGS -cp common/target/classes:<sketches-java jar> bench/CoMomentsLoop.java}
 */
public class CoMomentsLoop {
    public static void main(String[] args) throws IOException {
        int features = 18, records = 1_000_000;
        Random random = new Random(7);
        String[] names = new String[features];
        for (int i = 0; i < features; i++) names[i] = "x" + (i + 1);
        double[][] values = new double[records][features];
        for (double[] row : values) {
            for (int f = 0; f < features; f++) row[f] = Math.round(random.nextGaussian() * 10_000) / 10_000.0;
        }
        Map<String, ColumnType> declared = Map.of();
        for (int round = 0; round < 6; round++) {
            CoMoments moments = new CoMoments();
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) moments.add(names, values[i], declared, i * 31);
            long elapsed = System.nanoTime() - start;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            moments.writeTo(new DataOutputStream(bytes));
            System.out.printf("%.0f ns a record (state bytes' hash %d)%n", elapsed / (double) records,
                    Arrays.hashCode(bytes.toByteArray()));
        }
    }
}
