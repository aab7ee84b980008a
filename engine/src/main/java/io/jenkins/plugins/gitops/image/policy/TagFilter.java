package io.jenkins.plugins.gitops.image.policy;

import io.jenkins.plugins.gitops.ImageUpdateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which tags are candidates, and what part of each is compared.
 *
 * @param allow   tags must contain a match of this regex (Image Updater's {@code allow-tags: regexp:...}); null allows all
 * @param ignore  globs ({@code *}, {@code ?}) of tags never chosen (Image Updater's {@code ignore-tags})
 * @param extract a regex the whole tag must match; its group {@code extractGroup} is the part compared
 *                (Flux's {@code filterTags.pattern} with {@code extract: '$ts'}); null compares the whole tag
 */
public record TagFilter(Pattern allow, List<Pattern> ignore, Pattern extract, String extractGroup) {

    public static final TagFilter NONE = new TagFilter(null, List.of(), null, null);

    public TagFilter {
        ignore = List.copyOf(ignore);
    }

    /** Builds a filter from text, with errors naming the bad expression. {@code extractGroup} may be a name, a number, {@code $name}, or null for the first group. */
    public static TagFilter of(String allowRegex, List<String> ignoreGlobs, String extractRegex, String extractGroup) {
        Pattern allow = allowRegex == null || allowRegex.isBlank() || allowRegex.equals("any") ? null
                : compile("allow regex", allowRegex.startsWith("regexp:") ? allowRegex.substring(7) : allowRegex);
        List<Pattern> ignore = new ArrayList<>();
        for (String glob : ignoreGlobs) {
            ignore.add(glob(glob));
        }
        Pattern extract = extractRegex == null || extractRegex.isBlank() ? null : compile("extract pattern", extractRegex);
        String group = extractGroup == null ? null : extractGroup.startsWith("$") ? extractGroup.substring(1) : extractGroup;
        if (extract != null) {
            group = validGroup(extract, group);
        }
        return new TagFilter(allow, ignore, extract, group);
    }

    private static String validGroup(Pattern extract, String group) {
        int count = extract.matcher("").groupCount();
        if (group == null) {
            // Flux's pattern without extract compares the whole tag; with one group, that group is clearly meant.
            return count >= 1 ? "1" : "0";
        }
        if (group.matches("\\d+")) {
            if (Integer.parseInt(group) > count) {
                throw new ImageUpdateException("extract group " + group + ": pattern '" + extract + "' has only " + count + " group(s)");
            }
            return group;
        }
        // Pattern#namedGroups is public only from Java 20: look for the declaration in the source.
        if (!extract.pattern().contains("(?<" + group + ">")) {
            throw new ImageUpdateException("extract group '" + group + "': pattern '" + extract + "' has no group of that name");
        }
        return group;
    }

    private static Pattern compile(String what, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new ImageUpdateException(what + " '" + regex + "' does not compile: " + e.getDescription()
                    + " near index " + e.getIndex());
        }
    }

    /** A glob where {@code *} is any run of characters and {@code ?} one character; all else literal. */
    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    /** The candidate for {@code tag}, or empty if the filter drops it. */
    public Optional<TagCandidate> apply(String tag) {
        if (allow != null && !allow.matcher(tag).find()) {
            return Optional.empty();
        }
        for (Pattern p : ignore) {
            if (p.matcher(tag).matches()) {
                return Optional.empty();
            }
        }
        if (extract == null) {
            return Optional.of(new TagCandidate(tag, tag));
        }
        Matcher m = extract.matcher(tag);
        if (!m.matches()) {
            return Optional.empty();
        }
        String key = extractGroup.matches("\\d+") ? m.group(Integer.parseInt(extractGroup)) : m.group(extractGroup);
        return key == null ? Optional.empty() : Optional.of(new TagCandidate(tag, key));
    }

    public List<TagCandidate> apply(List<String> tags) {
        List<TagCandidate> out = new ArrayList<>(tags.size());
        for (String t : tags) {
            apply(t).ifPresent(out::add);
        }
        return out;
    }
}
