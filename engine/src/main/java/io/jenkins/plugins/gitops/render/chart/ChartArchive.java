package io.jenkins.plugins.gitops.render.chart;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Unpacks a chart archive ({@code .tgz}, a gzip'd tar with one top folder, as {@code helm package}
 * writes it) without trusting it: entries that would land outside the target folder, links,
 * devices, more than {@link #MAX_ENTRIES} entries, a file over {@link #MAX_FILE_BYTES} or a total
 * over {@link #MAX_TOTAL_BYTES} (Helm's own defaults) are refused with the entry's name.
 *
 * <p>The tar reader is ours (ustar, PAX and GNU long names): it is a page of code, and it lets
 * every size be checked before a byte is written. No dependency has to be shared with Jenkins.
 */
final class ChartArchive {

    static final long MAX_TOTAL_BYTES = 100L * 1024 * 1024;
    static final long MAX_FILE_BYTES = 5L * 1024 * 1024;
    static final int MAX_ENTRIES = 10_000;
    private static final int BLOCK = 512;
    private static final int MAX_HEADER_BYTES = 1024 * 1024;

    private ChartArchive() {
    }

    /**
     * Unpacks {@code archive} into {@code dest} (an empty folder).
     *
     * @return the name of the archive's top folder, which holds {@code Chart.yaml}
     */
    static String unpack(Path archive, Path dest, String where) {
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(archive), 64 * 1024))) {
            return new Reader(in, dest.toAbsolutePath().normalize(), where).readAll();
        } catch (ZipException | EOFException e) {
            throw new ChartException(where + ": the chart archive is not a valid .tgz (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new ChartException(where + ": cannot unpack the chart archive: " + e.getMessage(), e);
        }
    }

    private static final class Reader {
        private final InputStream in;
        private final Path dest;
        private final String where;
        private final byte[] header = new byte[BLOCK];
        private String top;
        private long total;
        private int entries;

        Reader(InputStream in, Path dest, String where) {
            this.in = in;
            this.dest = dest;
            this.where = where;
        }

        String readAll() throws IOException {
            String longName = null;
            Map<String, String> pax = new HashMap<>();
            while (true) {
                if (!readBlock(header)) {
                    break; // end of stream without the two zero blocks: tolerated, as GNU tar does
                }
                if (isZero(header)) {
                    break;
                }
                if (++entries > MAX_ENTRIES) {
                    throw refuse("more than " + MAX_ENTRIES + " entries");
                }
                checkChecksum();
                char type = (char) header[156];
                long size = pax.containsKey("size") ? parseLong(pax.get("size"), "size") : size();
                String name = pax.containsKey("path") ? pax.get("path") : longName != null ? longName : name();
                switch (type) {
                    case 'x' -> {
                        pax = paxRecords(new String(readSmall(size, "PAX header"), StandardCharsets.UTF_8));
                        continue;
                    }
                    case 'g' -> {
                        readSmall(size, "PAX global header"); // global defaults (mtime, charset): nothing we use
                        continue;
                    }
                    case 'L' -> {
                        longName = cString(readSmall(size, "GNU long name"), 0, (int) size);
                        continue;
                    }
                    case 'K' -> {
                        readSmall(size, "GNU long link name"); // only meaningful for a link, which is refused below
                        continue;
                    }
                    default -> {
                        // an entry proper: handled below
                    }
                }
                longName = null;
                pax = new HashMap<>();
                Path target = target(name);
                if (type == '5') {
                    Files.createDirectories(target);
                    skip(size + padding(size));
                } else if (type == '0' || type == '\0' || type == '7') {
                    writeFile(name, target, size);
                } else if (type == '1' || type == '2') {
                    throw refuse("entry '" + name + "' is a " + (type == '2' ? "symbolic" : "hard") + " link; charts must not contain links");
                } else {
                    throw refuse("entry '" + name + "' is not a file or folder (tar type '" + type + "')");
                }
            }
            if (top == null || !Files.isRegularFile(dest.resolve(top).resolve("Chart.yaml"))) {
                throw refuse("no Chart.yaml in the archive's top folder");
            }
            return top;
        }

        /** Where an entry goes: relative, without {@code ..}, under the archive's single top folder. */
        private Path target(String rawName) {
            String name = rawName.startsWith("./") ? rawName.substring(2) : rawName;
            while (name.endsWith("/")) {
                name = name.substring(0, name.length() - 1);
            }
            if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.indexOf('\0') >= 0 || name.matches("^[A-Za-z]:.*")) {
                throw refuse("entry '" + rawName + "' has an absolute or invalid path");
            }
            String[] parts = name.split("/");
            for (String part : parts) {
                if (part.equals("..") || part.isEmpty()) {
                    throw refuse("entry '" + rawName + "' leaves the chart folder");
                }
            }
            if (top == null) {
                top = parts[0];
            } else if (!top.equals(parts[0])) {
                throw refuse("entry '" + rawName + "' is outside the chart's top folder '" + top + "'");
            }
            Path target = dest.resolve(name).normalize();
            if (!target.startsWith(dest) || target.equals(dest)) {
                throw refuse("entry '" + rawName + "' leaves the chart folder");
            }
            return target;
        }

        private void writeFile(String name, Path target, long size) throws IOException {
            if (size > MAX_FILE_BYTES) {
                throw refuse("entry '" + name + "' is " + size + " bytes, more than the limit of " + MAX_FILE_BYTES);
            }
            total += size;
            if (total > MAX_TOTAL_BYTES) {
                throw refuse("the unpacked chart is larger than " + MAX_TOTAL_BYTES + " bytes");
            }
            Files.createDirectories(target.getParent());
            // CREATE_NEW: a second entry with the same name must not replace what the first one wrote.
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                byte[] buf = new byte[8192];
                long left = size;
                while (left > 0) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        throw new EOFException("entry '" + name + "' is truncated");
                    }
                    out.write(buf, 0, n);
                    left -= n;
                }
            } catch (java.nio.file.FileAlreadyExistsException e) {
                throw refuse("entry '" + name + "' appears twice");
            }
            skip(padding(size));
        }

        private byte[] readSmall(long size, String what) throws IOException {
            if (size > MAX_HEADER_BYTES) {
                throw refuse(what + " of " + size + " bytes");
            }
            byte[] data = in.readNBytes((int) size);
            if (data.length != size) {
                throw new EOFException(what + " is truncated");
            }
            skip(padding(size));
            return data;
        }

        private static long padding(long size) {
            return (BLOCK - size % BLOCK) % BLOCK;
        }

        private boolean readBlock(byte[] block) throws IOException {
            int n = in.readNBytes(block, 0, BLOCK);
            if (n == 0) {
                return false;
            }
            if (n != BLOCK) {
                throw new EOFException("truncated tar header");
            }
            return true;
        }

        private void skip(long n) throws IOException {
            long left = n;
            while (left > 0) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new EOFException("truncated tar entry");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }

        private String name() {
            String name = cString(header, 0, 100);
            String magic = cString(header, 257, 6);
            String prefix = magic.startsWith("ustar") ? cString(header, 345, 155) : "";
            return prefix.isEmpty() ? name : prefix + "/" + name;
        }

        private long size() {
            if ((header[124] & 0x80) != 0) {
                // GNU base-256 for sizes over 8 GB: far beyond any limit here.
                throw refuse("entry '" + name() + "' declares a size in base-256, larger than any chart");
            }
            return parseOctal(124, 12, "size");
        }

        private void checkChecksum() {
            long expected = parseOctal(148, 8, "checksum");
            long sum = 0;
            for (int i = 0; i < BLOCK; i++) {
                sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xff);
            }
            if (sum != expected) {
                throw refuse("tar header checksum mismatch (corrupt archive)");
            }
        }

        private long parseOctal(int offset, int length, String field) {
            String text = cString(header, offset, length).strip();
            if (text.isEmpty()) {
                return 0;
            }
            try {
                return Long.parseLong(text, 8);
            } catch (NumberFormatException e) {
                throw refuse("tar header field " + field + " is not a number");
            }
        }

        private long parseLong(String text, String field) {
            try {
                long v = Long.parseLong(text.strip());
                if (v < 0) {
                    throw new NumberFormatException();
                }
                return v;
            } catch (NumberFormatException e) {
                throw refuse("PAX field " + field + " is not a number");
            }
        }

        /** {@code "<length> <key>=<value>\n"} records. */
        private Map<String, String> paxRecords(String text) {
            Map<String, String> out = new HashMap<>();
            for (String line : text.split("\n")) {
                int space = line.indexOf(' ');
                int eq = line.indexOf('=', space + 1);
                if (space > 0 && eq > space) {
                    out.put(line.substring(space + 1, eq), line.substring(eq + 1));
                }
            }
            return out;
        }

        private static String cString(byte[] b, int offset, int length) {
            int end = offset;
            while (end < offset + length && end < b.length && b[end] != 0) {
                end++;
            }
            return new String(b, offset, end - offset, StandardCharsets.UTF_8);
        }

        private static boolean isZero(byte[] b) {
            for (byte x : b) {
                if (x != 0) {
                    return false;
                }
            }
            return true;
        }

        private ChartException refuse(String why) {
            return new ChartException(where + ": unsafe or invalid chart archive: " + why);
        }
    }
}
