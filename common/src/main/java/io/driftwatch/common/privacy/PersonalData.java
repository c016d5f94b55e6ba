package io.driftwatch.common.privacy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What text values look personal (docs/guide/privacy.md): an e-mail address, a payment-card number
 * (13–19 digits, spaces or dashes between groups, passing the Luhn check) or a phone number (an
 * international {@code +} and 8–15 digits, or the North-American {@code (555) 123-4567} form). Used
 * to report, by counts only, the text features that look personal and are neither hashed nor dropped.
 */
public final class PersonalData {
    /** What a value looks like. */
    public enum Kind {
        EMAIL, CARD, PHONE;

        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    // not inside a longer word: a hex digest's run of digits is no card number
    private static final Pattern CARD = Pattern.compile("(?<![\\w-])\\d(?:[ -]?\\d){12,18}(?![\\w-])");
    private static final Pattern PHONE = Pattern.compile(
            "(?<![\\w+])\\+\\d(?:[ .()-]?\\d){7,14}(?!\\d)|(?<!\\d)\\(\\d{3}\\) ?\\d{3}[ .-]\\d{4}(?!\\d)");

    private PersonalData() {}

    /** The kind a value looks like, or null; an address or card number anywhere in the text counts. */
    public static Kind detect(String text) {
        if (text == null || text.length() < 8 || text.startsWith(io.driftwatch.common.config.Privacy.HASHED)) return null;
        if (text.indexOf('@') >= 0 && EMAIL.matcher(text).find()) return Kind.EMAIL;
        Matcher m = CARD.matcher(text);
        while (m.find()) {
            if (luhn(m.group())) return Kind.CARD;
        }
        if (PHONE.matcher(text).find()) return Kind.PHONE;
        return null;
    }

    /** The Luhn checksum over the digits of {@code s}. */
    static boolean luhn(String s) {
        int sum = 0, digits = 0;
        for (int i = s.length() - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') continue;
            int d = c - '0';
            if (digits++ % 2 == 1) {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
        }
        return digits >= 13 && sum % 10 == 0;
    }
}
