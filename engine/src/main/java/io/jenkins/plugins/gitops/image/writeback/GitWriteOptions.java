package io.jenkins.plugins.gitops.image.writeback;

import io.jenkins.plugins.gitops.ImageUpdateException;
import io.jenkins.plugins.gitops.source.GitCredentials;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to commit.
 *
 * @param repoUrl         clone URL (https, http, ssh, {@code git@host:path}, file); a password in it is rejected: pass {@code credentials}
 * @param branch          branch to check out
 * @param writeBranch     branch to push to; null or equal to {@code branch} pushes to {@code branch}.
 *                        A write branch that exists is updated on top of itself, else created from {@code branch}
 * @param credentials     user and password or token, or an SSH key (the same {@link GitCredentials} as checkouts);
 *                        null means {@link GitCredentials#none()}, for anonymous or file remotes
 * @param author          commit author; committer defaults to it
 * @param committer       null: same as author
 * @param messageTemplate see {@link CommitMessage}; null for the default
 * @param maxAttempts     pushes tried when the remote moved meanwhile (fetch, re-apply, commit, push); default 5
 * @param timeout         network timeout of each Git operation
 */
public record GitWriteOptions(String repoUrl, String branch, String writeBranch, GitCredentials credentials, GitIdentity author,
                              GitIdentity committer, String messageTemplate, int maxAttempts, Duration timeout) {

    public GitWriteOptions {
        Objects.requireNonNull(repoUrl, "repoUrl");
        Objects.requireNonNull(branch, "branch");
        if (repoUrl.matches("^[a-z+]+://[^/@]+:[^/@]*@.*")) {
            throw new ImageUpdateException("repository URL contains a password; pass credentials separately");
        }
        credentials = credentials == null ? GitCredentials.none() : credentials;
        author = author == null ? GitIdentity.DEFAULT : author;
        committer = committer == null ? author : committer;
        maxAttempts = maxAttempts <= 0 ? 5 : maxAttempts;
        timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
        writeBranch = writeBranch == null || writeBranch.isBlank() ? branch : writeBranch;
    }

    public static GitWriteOptions of(String repoUrl, String branch) {
        return new GitWriteOptions(repoUrl, branch, null, null, null, null, null, 0, null);
    }

    public GitWriteOptions withCredentials(GitCredentials c) {
        return new GitWriteOptions(repoUrl, branch, writeBranch, c, author, committer, messageTemplate, maxAttempts, timeout);
    }

    public GitWriteOptions withWriteBranch(String b) {
        return new GitWriteOptions(repoUrl, branch, b, credentials, author, committer, messageTemplate, maxAttempts, timeout);
    }

    public GitWriteOptions withMessageTemplate(String t) {
        return new GitWriteOptions(repoUrl, branch, writeBranch, credentials, author, committer, t, maxAttempts, timeout);
    }

    public GitWriteOptions withMaxAttempts(int n) {
        return new GitWriteOptions(repoUrl, branch, writeBranch, credentials, author, committer, messageTemplate, n, timeout);
    }

    public GitWriteOptions withAuthor(GitIdentity a, GitIdentity c) {
        return new GitWriteOptions(repoUrl, branch, writeBranch, credentials, a, c, messageTemplate, maxAttempts, timeout);
    }
}
