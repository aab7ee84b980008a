package io.jenkins.plugins.gitops.image.edit;

/** Replace the characters {@code [start, end)} of a file's text with {@code replacement}; an insertion when start == end. */
record TextEdit(int start, int end, String replacement) {

    TextEdit {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span " + start + ".." + end);
        }
    }
}
