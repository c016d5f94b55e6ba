package io.driftwatch.common.config;

/**
 * A user's mistake in the config file or the command line. The message names the key or option and
 * what is wrong with it, in one line; the CLI prints it and exits with code 2.
 */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
