package io.jenkins.plugins.gitops.render.chart;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * How to authenticate to a chart repository or OCI registry. Every variant's {@code toString}
 * names the kind and the user only: these values reach logs and exception messages, secrets must not.
 */
public sealed interface ChartCredentials {

    static ChartCredentials none() {
        return None.INSTANCE;
    }

    static ChartCredentials basic(String username, String password) {
        return new Basic(username, password);
    }

    static ChartCredentials bearer(String token) {
        return new Bearer(token);
    }

    /** The {@code Authorization} header value, empty for anonymous access. */
    Optional<String> authorization();

    /** Who is asking, for messages: {@code user 'ci'}, {@code a bearer token} or {@code anonymous access}. */
    String describe();

    /** Replaces the secret with {@code ****} wherever it appears in {@code text} (a server may echo it). */
    default String redact(String text) {
        String secret = this instanceof Basic b ? b.password() : this instanceof Bearer t ? t.token() : "";
        return text == null || secret.isEmpty() ? text : text.replace(secret, "****");
    }

    enum None implements ChartCredentials {
        INSTANCE;

        @Override
        public Optional<String> authorization() {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "anonymous access";
        }

        @Override
        public String toString() {
            return "ChartCredentials[none]";
        }
    }

    /** HTTP Basic: a user and a password (or a token used as password, as GHCR and Harbor take it). */
    record Basic(String username, String password) implements ChartCredentials {
        public Basic {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public Optional<String> authorization() {
            return Optional.of("Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public String describe() {
            return "user '" + username + "'";
        }

        @Override
        public String toString() {
            return "ChartCredentials[username=" + username + ", password=****]";
        }
    }

    /** A bearer token sent as is ({@code Authorization: Bearer ...}), for HTTP chart repositories behind a token gateway. */
    record Bearer(String token) implements ChartCredentials {
        public Bearer {
            Objects.requireNonNull(token, "token");
        }

        @Override
        public Optional<String> authorization() {
            return Optional.of("Bearer " + token);
        }

        @Override
        public String describe() {
            return "a bearer token";
        }

        @Override
        public String toString() {
            return "ChartCredentials[bearer token=****]";
        }
    }
}
