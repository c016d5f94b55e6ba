package io.driftwatch.common.config;

import java.util.Collection;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** "Did you mean" for mistyped option names, commands and config keys. */
public final class Suggestions {
    private Suggestions() {}

    /**
     * The candidate closest to {@code given} by edit distance, when it is close enough to be a typo
     * (at most 2 edits, or a third of the name); else null.
     */
    public static String closest(String given, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        for (String c : candidates) {
            int d = distance.apply(given, c);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best != null && bestDistance <= Math.max(2, given.length() / 3) ? best : null;
    }

    /** "; did you mean X?" for the closest candidate, or "". */
    public static String didYouMean(String given, Collection<String> candidates) {
        String c = closest(given, candidates);
        return c == null ? "" : "; did you mean " + c + "?";
    }
}
