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
 * numeric features (the stream bench's shape: values of both signs, 4 decimals), or with {@code flights}
 * of bench/flights.sh's five (two numbers, three categorical features of 20, 350 and 350 values: 2 + 12
 * indicator columns), 6 rounds; prints nanoseconds a record and a hash of the state's bytes (the same in
 * every round, under any JVM flags, and before and after a change that must not change the state).
 * Usage, with the JVM flags to compare (bin/driftwatch's JIT_OPTS, for example):
 * {@code java $FLAGS -cp common/target/classes:<sketches-java jar> bench/CoMomentsLoop.java [flights]}
 */
public class CoMomentsLoop {
    public static void main(String[] args) throws IOException {
        boolean flights = args.length > 0 && args[0].equals("flights");
        int features = flights ? 5 : 18, records = 1_000_000;
        Random random = new Random(7);
        String[] names = new String[features];
        for (int i = 0; i < features; i++) names[i] = "x" + (i + 1);
        if (flights) names = new String[] {"CRS_DEP_TIME", "DEST", "DISTANCE", "OP_CARRIER", "ORIGIN"};
        double[][] values = new double[records][features];
        String[][] texts = flights ? new String[records][] : null;
        for (int i = 0; i < records; i++) {
            double[] row = values[i];
            if (flights) {
                row[0] = 500 + random.nextInt(1900);
                row[2] = 100 + random.nextInt(2500);
                row[1] = row[3] = row[4] = Double.NaN;
                texts[i] = new String[] {null, "D" + random.nextInt(350), null, "C" + random.nextInt(20), "O" + random.nextInt(350)};
                continue;
            }
            for (int f = 0; f < features; f++) row[f] = Math.round(random.nextGaussian() * 10_000) / 10_000.0;
        }
        Map<String, ColumnType> declared = Map.of();
        for (int round = 0; round < 6; round++) {
            CoMoments moments = new CoMoments();
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) moments.add(names, values[i], texts == null ? null : texts[i], declared, i * 31);
            long elapsed = System.nanoTime() - start;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            moments.writeTo(new DataOutputStream(bytes));
            System.out.printf("%.0f ns a record (state bytes' hash %d)%n", elapsed / (double) records,
                    Arrays.hashCode(bytes.toByteArray()));
        }
    }
}
