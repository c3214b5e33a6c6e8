package io.distdb.operator.tls;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code spec.tls.certificateLifetime}: a Go duration of hours, minutes and seconds ({@code 2160h},
 * {@code 720h30m}, {@code 90m}), the form cert-manager's {@code duration} and kubectl use. Days are not a unit:
 * Go has none, and a day is not always 24 hours.
 */
public final class CertificateLifetime {

    public static final String DEFAULT = "2160h";
    /** Renewal starts with a third left; anything shorter than an hour would keep the nodes rolling. */
    public static final Duration MINIMUM = Duration.ofHours(1);
    /** The CRD's pattern: the same grammar as {@link #parse}. */
    public static final String PATTERN = "^([0-9]+h)?([0-9]+m)?([0-9]+s)?$";

    private static final Pattern FORM = Pattern.compile("^(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?$");

    private CertificateLifetime() {
    }

    /** @throws IllegalArgumentException with a message for the user */
    public static Duration parse(String text) {
        String value = text == null ? DEFAULT : text.trim();
        Matcher m = FORM.matcher(value);
        if (value.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("spec.tls.certificateLifetime is not a duration such as 2160h or "
                    + "720h30m: " + text);
        }
        Duration lifetime;
        try {
            lifetime = Duration.ofHours(part(m.group(1))).plusMinutes(part(m.group(2))).plusSeconds(part(m.group(3)));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("spec.tls.certificateLifetime is too long: " + text);
        }
        if (lifetime.compareTo(MINIMUM) < 0) {
            throw new IllegalArgumentException("spec.tls.certificateLifetime must be at least 1h: " + text);
        }
        return lifetime;
    }

    private static long part(String digits) {
        if (digits == null) {
            return 0;
        }
        if (digits.length() > 9) {
            throw new ArithmeticException("too long");
        }
        return Long.parseLong(digits);
    }
}
