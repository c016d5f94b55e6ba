package io.driftwatch.jobs.app;

import io.driftwatch.common.config.ConfigException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.core.fs.Path;

/**
 * Resolves {@code --input}/{@code --labels} values: files and directories on any Flink file
 * system, and glob patterns ({@code logs/2026-11-*.jsonl.gz}, {@code logs/**}{@code /*.csv}) on the
 * local file system.
 */
final class InputPaths {
    private InputPaths() {}

    static List<Path> resolve(List<String> values, String option) {
        List<Path> out = new ArrayList<>();
        for (String v : values) {
            if (v.contains("*") || v.contains("?") || v.contains("[") || v.contains("{")) {
                out.addAll(glob(v, option));
                continue;
            }
            Path p = new Path(v);
            try {
                if (!p.getFileSystem().exists(p)) {
                    throw new InputRejectedException(option + ": no such file or directory: " + v);
                }
            } catch (IOException e) {
                throw new InputRejectedException(option + ": cannot read " + v + ": " + e.getMessage());
            }
            out.add(p);
        }
        return out;
    }

    private static List<Path> glob(String pattern, String option) {
        URI uri = URI.create(pattern.replace(" ", "%20").replace("{", "%7B").replace("}", "%7D")
                .replace("[", "%5B").replace("]", "%5D"));
        if (uri.getScheme() != null && !uri.getScheme().equals("file")) {
            throw new ConfigException(option + ": glob patterns work on local files only; give a directory for "
                    + uri.getScheme() + "://");
        }
        String local = pattern.startsWith("file:") ? URI.create(pattern).getPath() : pattern;
        // walk from the longest directory prefix without wildcards
        int firstWildcard = indexOfWildcard(local);
        int cut = local.lastIndexOf('/', firstWildcard);
        java.nio.file.Path base = java.nio.file.Path.of(cut < 0 ? "." : local.substring(0, cut + 1));
        java.nio.file.Path absolutePattern = cut < 0 ? base.resolve(local) : java.nio.file.Path.of(local);
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + absolutePattern.normalize());
        List<Path> out = new ArrayList<>();
        if (Files.isDirectory(base)) {
            try (Stream<java.nio.file.Path> s = Files.walk(base)) {
                s.filter(Files::isRegularFile)
                        .filter(p -> matcher.matches(p.normalize()))
                        .sorted()
                        .forEach(p -> out.add(new Path(p.toAbsolutePath().toUri())));
            } catch (IOException e) {
                throw new InputRejectedException(option + ": cannot list " + base + ": " + e.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw new InputRejectedException(option + ": no file matches " + pattern);
        }
        return out;
    }

    private static int indexOfWildcard(String s) {
        int i = Integer.MAX_VALUE;
        for (char c : new char[] {'*', '?', '[', '{'}) {
            int k = s.indexOf(c);
            if (k >= 0) i = Math.min(i, k);
        }
        return i;
    }
}
