package io.jenkins.plugins.gitops.image.writeback;

import io.jenkins.plugins.gitops.ImageUpdateException;
import java.util.Objects;

/** A commit author or committer. */
public record GitIdentity(String name, String email) {

    public static final GitIdentity DEFAULT = new GitIdentity("gitops image updater", "gitops-image-updater@localhost");

    public GitIdentity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
    }

    /** Parses {@code Name <email>}. */
    public static GitIdentity parse(String text) {
        int lt = text.indexOf('<');
        int gt = text.indexOf('>', lt + 1);
        if (lt <= 0 || gt < 0) {
            throw new ImageUpdateException("identity '" + text + "': expected 'Name <email>'");
        }
        return new GitIdentity(text.substring(0, lt).trim(), text.substring(lt + 1, gt).trim());
    }
}
