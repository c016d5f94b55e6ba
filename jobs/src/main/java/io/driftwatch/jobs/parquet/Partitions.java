package io.driftwatch.jobs.parquet;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Hive-style partition folders {@code model=<model>/date=<YYYY-MM-DD>}. Model names are
 * percent-encoded where a character would break a path or a Hive/DuckDB partition parser
 * ({@code / \ : = % ? * " < > | #}, space, control characters), as Hive does. A folder name that
 * would exceed the 255 bytes a path component may hold (a 250-character or 100-CJK-character name)
 * is cut on a character boundary and ends in {@code ~} and 16 hex digits of the name's SHA-256, so
 * it always fits and two long names never share a folder; the rows always hold the full name.
 */
public final class Partitions {
    public static final String UNKNOWN_MODEL = "__unknown__";
    /** The staging-only date folder of rows whose time is not known yet ({@code Long.MIN_VALUE}). */
    public static final String UNKNOWN_DATE = "unknown";

    private Partitions() {}

    public static String path(String model, long epochMillis) {
        return "model=" + escape(model) + "/date=" + (epochMillis == Long.MIN_VALUE ? UNKNOWN_DATE : dateOf(epochMillis).toString());
    }

    public static LocalDate dateOf(long epochMillis) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }

    /** The most bytes of one path component on Linux file systems (and most others). */
    static final int MAX_NAME_BYTES = 255;

    /** The folder name of a model's partition: percent-encoded, shortened to fit (see the class comment). */
    public static String escape(String s) {
        String escaped = percentEncode(s);
        if (("model=" + escaped).getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES) return escaped;
        String hash;
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            hash = java.util.HexFormat.of().formatHex(d, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        int budget = MAX_NAME_BYTES - "model=".length() - 1 - hash.length();
        StringBuilder b = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < escaped.length(); ) {
            int cp = escaped.codePointAt(i);
            // a %XX escape is kept whole
            int len = cp == '%' ? 3 : Character.charCount(cp);
            String unit = escaped.substring(i, Math.min(escaped.length(), i + len));
            int unitBytes = unit.getBytes(StandardCharsets.UTF_8).length;
            if (bytes + unitBytes > budget) break;
            b.append(unit);
            bytes += unitBytes;
            i += len;
        }
        return b.append('~').append(hash).toString();
    }

    private static String percentEncode(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c < 0x20 || c == 0x7f || "/\\:=%?*\"<>|# ".indexOf(c) >= 0) {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            } else {
                b.append((char) c);
            }
        }
        // non-ASCII bytes were appended one char per byte above; rebuild them as UTF-8 text
        return new String(b.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /** A {@code model=<m>/date=<d>} folder of a table: its path, its model folder's name and its date. */
    public record Folder(org.apache.flink.core.fs.Path path, String modelFolder, LocalDate date) {}

    /**
     * The date folders of a table dated within {@code [first, last]} (folders that are not ours are
     * skipped), in name order.
     */
    public static java.util.List<Folder> dateFolders(org.apache.flink.core.fs.FileSystem fs,
            org.apache.flink.core.fs.Path table, LocalDate first, LocalDate last) throws java.io.IOException {
        java.util.List<Folder> out = new java.util.ArrayList<>();
        for (org.apache.flink.core.fs.FileStatus model : list(fs, table)) {
            String name = model.getPath().getName();
            if (!model.isDir() || !name.startsWith("model=")) continue;
            for (org.apache.flink.core.fs.FileStatus date : list(fs, model.getPath())) {
                String d = date.getPath().getName();
                if (!date.isDir() || !d.startsWith("date=")) continue;
                LocalDate day;
                try {
                    day = LocalDate.parse(d.substring("date=".length()));
                } catch (java.time.format.DateTimeParseException e) {
                    continue; // not a partition of ours
                }
                if (!day.isBefore(first) && !day.isAfter(last)) out.add(new Folder(date.getPath(), name, day));
            }
        }
        return out;
    }

    private static org.apache.flink.core.fs.FileStatus[] list(org.apache.flink.core.fs.FileSystem fs,
            org.apache.flink.core.fs.Path dir) throws java.io.IOException {
        org.apache.flink.core.fs.FileStatus[] s = fs.exists(dir) ? fs.listStatus(dir) : null;
        if (s == null) return new org.apache.flink.core.fs.FileStatus[0];
        java.util.Arrays.sort(s, java.util.Comparator.comparing(x -> x.getPath().getName()));
        return s;
    }
}
