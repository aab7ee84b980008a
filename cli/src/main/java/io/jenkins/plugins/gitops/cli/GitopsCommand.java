package io.jenkins.plugins.gitops.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
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
        description = "GitOps for Kubeflow: render, sync, wait and update images, as the Jenkins steps do.")
public final class GitopsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** The subcommands, by name, in the order help lists them. */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("run", RunCommand::new);
        m.put("render", RenderCommand::new);
        m.put("diff", SyncCommands.Diff::new);
        m.put("sync", SyncCommands.Sync::new);
        m.put("history", SyncCommands.History::new);
        m.put("rollback", SyncCommands.Rollback::new);
        m.put("wait", WaitCommand::new);
        m.put("rollout", RolloutCommand::new);
        m.put("image-update", ImageUpdateCommand::new);
        m.put("apps", AppsCommand::new);
        m.put("model-release", ModelReleaseCommand::new);
        m.put("emulator", EmulatorCommand::new);
        m.put("help", CommandLine.HelpCommand::new);
        return m;
    }

    public static void main(String[] args) {
        System.exit(commandLine(args).execute(args));
    }

    /** The configured command line with every subcommand: for help and the tests. */
    public static CommandLine commandLine() {
        return commandLine(SUBCOMMANDS.keySet());
    }

    /**
     * The command line for {@code args}: only the subcommand they name, when they name one. Picocli
     * reads every subcommand's options by reflection when it is added, some 0.1 s of a cold process
     * for the twelve; a command runs one. Help, a version or an unknown name get them all.
     */
    static CommandLine commandLine(String[] args) {
        return args.length > 0 && SUBCOMMANDS.containsKey(args[0]) && !args[0].equals("help") ? commandLine(Set.of(args[0])) : commandLine();
    }

    private static CommandLine commandLine(java.util.Collection<String> names) {
        CommandLine cl = new CommandLine(new GitopsCommand());
        SUBCOMMANDS.forEach((name, command) -> {
            if (names.contains(name)) {
                cl.addSubcommand(name, command.get());
            }
        });
        cl.setExecutionExceptionHandler((e, cmd, parseResult) -> ExitCodes.report(cmd.getErr(), cmd.getCommandName(), e));
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
