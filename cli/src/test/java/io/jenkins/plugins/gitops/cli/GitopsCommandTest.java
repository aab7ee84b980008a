package io.jenkins.plugins.gitops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A command's process builds only its own subcommand; help and unknown names see them all, under their own names. */
class GitopsCommandTest {

    @Test
    void aCommandLineNamingASubcommandHoldsThatOneOnly() {
        assertThat(GitopsCommand.commandLine(new String[] {"sync", "--app", "x"}).getSubcommands()).containsOnlyKeys("sync");
        assertThat(GitopsCommand.commandLine(new String[] {"apps"}).getSubcommands()).containsOnlyKeys("apps");
        assertThat(GitopsCommand.commandLine(new String[] {"help", "apps"}).getSubcommands()).hasSize(13);
        assertThat(GitopsCommand.commandLine(new String[] {"--help"}).getSubcommands()).hasSize(13);
        assertThat(GitopsCommand.commandLine(new String[] {"nope"}).getSubcommands()).hasSize(13);
        assertThat(GitopsCommand.commandLine(new String[0]).getSubcommands()).hasSize(13);
    }

    @Test
    void everySubcommandIsKeyedByItsOwnName() {
        GitopsCommand.commandLine().getSubcommands().forEach((name, cl) -> {
            assertThat(cl.getCommandName()).isEqualTo(name);
            assertThat(GitopsCommand.commandLine(new String[] {name}).getSubcommands()).containsKey(name);
        });
    }

    @Test
    void anUnknownNameIsBadInputListingTheCommands() {
        StringWriter err = new StringWriter();
        CommandLine cl = GitopsCommand.commandLine(new String[] {"nope"});
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("nope")).isEqualTo(2);
        assertThat(err.toString()).contains("Unmatched argument at index 0: 'nope'").contains("image-update", "model-release", "emulator");
    }
}
