package io.driftwatch.common.config;

import java.io.Serializable;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which columns are features (config {@code features.include} / {@code features.exclude}): a name is
 * a feature when it matches an include pattern (none given: every name) and no exclude pattern.
 * Patterns are names or globs: {@code *} any run of characters, {@code ?} one character; matched
 * against the whole name, case-sensitively. Applies to nested feature objects and flat columns alike.
 */
public final class FeatureFilter implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final FeatureFilter ALL = new FeatureFilter(List.of(), List.of());

    private final List<String> include;
    private final List<String> exclude;
    private final Pattern includePattern;
    private final Pattern excludePattern;

    public FeatureFilter(List<String> include, List<String> exclude) {
        this.include = List.copyOf(include);
        this.exclude = List.copyOf(exclude);
        this.includePattern = include.isEmpty() ? null : union(include);
        this.excludePattern = exclude.isEmpty() ? null : union(exclude);
    }

    public List<String> include() {
        return include;
    }

    public List<String> exclude() {
        return exclude;
    }

    /** Whether a pattern is a glob (has {@code *} or {@code ?}), not a plain name. */
    public static boolean isGlob(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    }

    /** Whether every name is a feature (no patterns). */
    public boolean acceptsAll() {
        return includePattern == null && excludePattern == null;
    }

    /** Whether the column {@code name} is a feature. */
    public boolean accepts(String name) {
        if (includePattern != null && !includePattern.matcher(name).matches()) return false;
        return excludePattern == null || !excludePattern.matcher(name).matches();
    }

    // One alternation per list, so a name is matched once per list however many patterns there are.
    private static Pattern union(List<String> globs) {
        StringBuilder re = new StringBuilder();
        for (String g : globs) {
            if (re.length() > 0) re.append('|');
            re.append("(?:");
            for (int i = 0; i < g.length(); i++) {
                char c = g.charAt(i);
                if (c == '*') re.append(".*");
                else if (c == '?') re.append('.');
                else re.append(Pattern.quote(String.valueOf(c)));
            }
            re.append(')');
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureFilter f && f.include.equals(include) && f.exclude.equals(exclude);
    }

    @Override
    public int hashCode() {
        return include.hashCode() * 31 + exclude.hashCode();
    }
}
