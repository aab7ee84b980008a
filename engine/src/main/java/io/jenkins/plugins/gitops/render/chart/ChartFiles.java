package io.jenkins.plugins.gitops.render.chart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** Copies of chart folders for a render that must change them: checkouts and the chart cache are shared and read-only. */
public final class ChartFiles {

    private ChartFiles() {
    }

    /**
     * Copies the folder {@code from} to {@code to} (which must not exist). A {@code .git}
     * folder is left out (not {@code .helmignore}: Helm reads it); a symbolic link is followed only while its target stays inside
     * {@code within}, so a chart cannot pull a file from elsewhere on the machine into a render.
     */
    public static void copy(Path from, Path to, Path within, String where) {
        try {
            Path realWithin = within.toRealPath();
            try (Stream<Path> walk = Files.walk(from)) {
                for (Path p : walk.toList()) {
                    Path rel = from.relativize(p);
                    if (inGit(rel)) {
                        continue;
                    }
                    if (!p.toRealPath().startsWith(realWithin)) {
                        throw new ChartException(where + ": " + rel + " leaves the chart's repository through a symbolic link");
                    }
                    Path dest = to.resolve(rel.toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(dest);
                    } else {
                        Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new ChartException(where + ": cannot copy the chart: " + e.getMessage(), e);
        }
    }

    /**
     * Unpacks every {@code .tgz} in {@code charts} (and in the charts it unpacks, at any depth)
     * into a folder next to it and deletes the archive: Helm loads a folder sub-chart as it loads
     * the archive, and a folder's templates can be read and rewritten.
     */
    public static void unpackArchives(Path charts, String where) {
        if (!Files.isDirectory(charts)) {
            return;
        }
        try {
            List<Path> entries;
            try (Stream<Path> list = Files.list(charts)) {
                entries = list.sorted().toList();
            }
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (Files.isRegularFile(p) && name.endsWith(".tgz")) {
                    Path dest = Files.createDirectories(charts.resolve(".unpack-" + name));
                    String top = ChartArchive.unpack(p, dest, where + ": charts/" + name);
                    Path folder = charts.resolve(name.substring(0, name.length() - ".tgz".length()));
                    Files.move(dest.resolve(top), folder);
                    Files.delete(dest);
                    Files.delete(p);
                    unpackArchives(folder.resolve("charts"), where);
                } else if (Files.isDirectory(p) && !name.startsWith(".")) {
                    unpackArchives(p.resolve("charts"), where);
                }
            }
        } catch (IOException e) {
            throw new ChartException(where + ": cannot unpack the sub-charts: " + e.getMessage(), e);
        }
    }

    private static boolean inGit(Path rel) {
        for (Path part : rel) {
            if (part.toString().equals(".git")) {
                return true;
            }
        }
        return false;
    }
}
