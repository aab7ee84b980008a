package io.jenkins.plugins.gitops.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code gitops}: the reconciliation engine of the Jenkins plugin, outside Jenkins. Each
 * subcommand is one engine operation; exit codes are 0 (done), 1 (the operation failed or,
 * for diff, found drift) and 2 (bad input).
 */
@Command(name = "gitops", mixinStandardHelpOptions = true, versionProvider = GitopsCommand.Version.class,
        description = "GitOps for Kubeflow: render, sync, wait and update images, as the Jenkins steps do.",
        subcommands = {RunCommand.class, RenderCommand.class, SyncCommands.Diff.class, SyncCommands.Sync.class, SyncCommands.History.class, SyncCommands.Rollback.class, WaitCommand.class, RolloutCommand.class, ImageUpdateCommand.class, AppsCommand.class, ModelReleaseCommand.class, EmulatorCommand.class, CommandLine.HelpCommand.class})
public final class GitopsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new GitopsCommand());
        cl.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            cmd.getErr().println(cmd.getCommandName() + ": " + e.getMessage());
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = GitopsCommand.class.getPackage().getImplementationVersion();
            return new String[] {"gitops " + (v == null ? "(development build)" : v)};
        }
    }
}
