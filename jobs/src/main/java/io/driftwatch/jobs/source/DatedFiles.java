package io.driftwatch.jobs.source;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.core.fs.FileStatus;

/**
 * Input pruning by the dates in file paths, so a run over one day reads about one day of a log laid
 * out by date. A file's date is the last one its path names: a partition folder
 * ({@code date=2026-11-28}, {@code dt=}, {@code day=}), folders {@code 2026/11/28}, or a date in the
 * file name ({@code 2026-11-28}, {@code 20261128}). A file whose path names no date is always read.
 *
 * <p>A file dated D is taken to hold records written on day D (UTC), whose event times are at most
 * that day: it can hold events of D and, written late, of earlier days — but a file dated before the
 * range's first day holds nothing of the range. So predictions are read from files dated
 * {@code [day of from, day of (to − 1) + 1]} (the day after the range for events written past
 * midnight), labels until {@code horizon} later (labels arrive after their predictions).
 */
public final class DatedFiles {
    private static final Pattern PARTITION = Pattern.compile("(?:^|/)(?:date|dt|day)=(\\d{4}-\\d{2}-\\d{2})(?=/|$)");
    private static final Pattern FOLDERS = Pattern.compile("(?:^|/)(\\d{4})/(\\d{2})/(\\d{2})(?=/|$)");
    private static final Pattern NAME_ISO = Pattern.compile("(?<!\\d)(\\d{4}-\\d{2}-\\d{2})(?!\\d)");
    private static final Pattern NAME_BASIC = Pattern.compile("(?<!\\d)(\\d{4})(\\d{2})(\\d{2})(?!\\d)");

    private DatedFiles() {}

    /** A day range {@code [first, last]} of file dates to read. */
    public record Days(LocalDate first, LocalDate last) {
        boolean holds(LocalDate d) {
            return !d.isBefore(first) && !d.isAfter(last);
        }
    }

    /** The date a path names, or null. */
    public static LocalDate dateOf(String path) {
        LocalDate found = null;
        int at = -1;
        for (Pattern p : List.of(PARTITION, FOLDERS)) {
            Matcher m = p.matcher(path);
            while (m.find()) {
                LocalDate d = parse(m.groupCount() == 1 ? m.group(1) : m.group(1) + "-" + m.group(2) + "-" + m.group(3));
                if (d != null && m.start() > at) {
                    found = d;
                    at = m.start();
                }
            }
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        for (Pattern p : List.of(NAME_ISO, NAME_BASIC)) {
            Matcher m = p.matcher(name);
            LocalDate last = null;
            while (m.find()) {
                LocalDate d = parse(m.groupCount() == 1 ? m.group(1) : m.group(1) + "-" + m.group(2) + "-" + m.group(3));
                if (d != null) last = d;
            }
            if (last != null) return last; // the file name is the most specific
        }
        return found;
    }

    /**
     * The file dates that can hold records of {@code [from, to)} (epoch millis; unbounded ends as
     * {@code Long.MIN_VALUE}/{@code Long.MAX_VALUE}), read {@code lateDays} further for labels.
     */
    public static Days forRange(long from, long to, long lateDays) {
        LocalDate first = from == Long.MIN_VALUE ? LocalDate.MIN : day(from);
        LocalDate last = to == Long.MAX_VALUE ? LocalDate.MAX : day(to - 1).plusDays(1 + lateDays);
        return new Days(first, last);
    }

    private static LocalDate day(long millis) {
        return LocalDate.ofInstant(java.time.Instant.ofEpochMilli(millis), java.time.ZoneOffset.UTC);
    }

    /** The files to read: those dated within any of {@code ranges}, and every file whose path names no date. */
    public static List<FileStatus> prune(List<FileStatus> files, List<Days> ranges) {
        List<FileStatus> out = new ArrayList<>();
        for (FileStatus f : files) {
            LocalDate d = dateOf(f.getPath().toUri().getPath());
            if (d == null || ranges.stream().anyMatch(r -> r.holds(d))) out.add(f);
        }
        return out;
    }

    private static LocalDate parse(String iso) {
        try {
            LocalDate d = LocalDate.parse(iso);
            // a run of 8 digits that is a plausible date, not an id or a count
            return d.getYear() >= 1970 && d.getYear() <= 2200 ? d : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
