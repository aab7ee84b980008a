package io.jenkins.plugins.gitops.policy;

import io.jenkins.plugins.gitops.GitopsException;
import java.util.List;

/** A sync refused by a project before anything was written (bad input); one line per refused object or source. */
public class PolicyException extends GitopsException {

    private static final long serialVersionUID = 1L;

    private final List<String> refusals;

    public PolicyException(List<String> refusals) {
        super(String.join("\n", refusals));
        this.refusals = List.copyOf(refusals);
        asBadInput(); // the project does not admit what was asked for: exit 2, as any refused input

    }

    public PolicyException(String refusal) {
        this(List.of(refusal));
    }

    public List<String> refusals() {
        return refusals;
    }
}
