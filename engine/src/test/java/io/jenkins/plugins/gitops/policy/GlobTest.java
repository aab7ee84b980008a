package io.jenkins.plugins.gitops.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {

    @ParameterizedTest(name = "{0} sep {1} ~ {2}: {3}")
    @CsvSource(delimiter = '|', value = {
        "ml-*|-|ml-train|true",
        "ml-*|-|ml-|true",
        "ml-*|-|ml|false",
        "*|-|a/b|true",
        "a/*|/|a/b|true",
        "a/*|/|a/b/c|false",
        "a/**|/|a/b/c|true",
        "ml-?|-|ml-1|true",
        "ml-?|-|ml-12|false",
        "ml-[0-9]|-|ml-7|true",
        "ml-[!0-9]|-|ml-7|false",
        "ml-[!0-9]|-|ml-x|true",
        "{ml,data}-*|-|data-x|true",
        "{ml,data}-*|-|web-x|false",
        "a.b|-|aXb|false",
        "a\\*|-|a*|true",
        "a\\*|-|ab|false",
        "|-||true",
        "|-|x|false",
    })
    void matches(String pattern, String sep, String text, boolean expected) {
        Glob g = Glob.of(pattern == null ? "" : pattern, sep.equals("-") ? (char) 0 : sep.charAt(0));
        assertThat(g.matches(text == null ? "" : text)).isEqualTo(expected);
    }
}
