package io.jenkins.plugins.gitops.testkit.git;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.pack.PackStatistics;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;
import org.eclipse.jgit.transport.WantNotValidException;

/**
 * A real Git smart-HTTP server on the loopback interface, for clone, fetch and push tests: JGit's
 * {@link UploadPack} and {@link ReceivePack} behind the JDK's HTTP server, so it starts in
 * milliseconds and needs no servlet container. Protocol v0/v1 (clients asking for v2 fall back, as
 * with old servers). Optional HTTP Basic authentication for all repositories and both directions.
 * Pushes are checked like a hosted server's: non-fast-forward updates and branch deletions are
 * refused, and a ref that moved since the client's ref listing fails as a lock failure.
 *
 * <p>Counters let tests prove what the client did: {@link #advertisements()} counts upload-pack
 * ref listings, {@link #packRequests()} counts upload-pack POSTs (a fetch that finds nothing new
 * sends none), {@link #pushes()} counts receive-pack POSTs, {@link #refusedLogins()} counts 401s,
 * {@link #objectsSent()} and {@link #bytesSent()} add up the packs upload-pack wrote.
 *
 * <p>Which commits a client may ask for by SHA is the server's choice ({@link #allowShaInWant}):
 * by default JGit's stateless HTTP upload-pack hands out any commit reachable from a ref, as
 * {@code uploadpack.allowReachableSHA1InWant=true} does; turned off, only the commits refs point
 * to may be wanted, like git's default ({@code uploadpack.allowReachableSHA1InWant=false}).
 * JGit's own {@code TIP} and {@code ADVERTISED} policies do not do that over stateless HTTP (they
 * fall back to reachability there), hence a validator of our own.
 *
 * <pre>{@code
 * try (GitServer server = GitServer.start().requireLogin("alice", "s3cret")) {
 *     String url = server.serve("apps", repository.getDirectory().toPath());
 *     ...
 * }
 * }</pre>
 */
public final class GitServer implements AutoCloseable {

    private final HttpServer http;
    private final ExecutorService executor;
    private final Map<String, Path> repos = new ConcurrentHashMap<>();
    private final AtomicInteger advertisements = new AtomicInteger();
    private final AtomicInteger packRequests = new AtomicInteger();
    private final AtomicInteger pushes = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicLong objectsSent = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private volatile boolean allowShaInWant = true;
    private volatile Optional<String> expectedAuth = Optional.empty();
    private volatile Consumer<String> beforeReceive = name -> { };

    private GitServer(HttpServer http, ExecutorService executor) {
        this.http = http;
        this.executor = executor;
    }

    /** Starts a server on a free loopback port. */
    public static GitServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "git-server");
                t.setDaemon(true);
                return t;
            });
            http.setExecutor(executor);
            GitServer server = new GitServer(http, executor);
            http.createContext("/", server::handle);
            http.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Git server", e);
        }
    }

    /** Requires HTTP Basic authentication with this user and password for every request from now on. */
    public GitServer requireLogin(String user, String password) {
        expectedAuth = Optional.of("Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /**
     * Whether upload-pack hands out any commit reachable from a ref when asked by SHA (true, the
     * default) or only the commits refs point to (false): a want of another commit is then
     * answered with {@code want <sha> not valid}.
     */
    public GitServer allowShaInWant(boolean allow) {
        allowShaInWant = allow;
        return this;
    }

    /**
     * Runs {@code hook} with the repository name when a push's pack arrives, after the client read
     * the refs and before they are updated: lets a test move a branch in exactly that window, the
     * race a retrying client must survive (the update then fails with {@code invalid old id sent}).
     */
    public GitServer beforeReceive(Consumer<String> hook) {
        beforeReceive = hook;
        return this;
    }

    /** Serves the repository whose Git directory is {@code gitDir} (bare, or a {@code .git} folder) as {@code /<name>.git}; returns its URL. */
    public String serve(String name, Path gitDir) {
        repos.put(name, gitDir);
        return url(name);
    }

    public String url(String name) {
        return "http://" + http.getAddress().getHostString() + ":" + http.getAddress().getPort() + "/" + name + ".git";
    }

    public int port() {
        return http.getAddress().getPort();
    }

    public int advertisements() {
        return advertisements.get();
    }

    public int packRequests() {
        return packRequests.get();
    }

    /** Receive-pack POSTs that got past authentication (accepted or not). */
    public int pushes() {
        return pushes.get();
    }

    public int refusedLogins() {
        return refused.get();
    }

    /** Objects in all packs upload-pack sent so far. */
    public long objectsSent() {
        return objectsSent.get();
    }

    /** Bytes of all packs upload-pack sent so far. */
    public long bytesSent() {
        return bytesSent.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (expectedAuth.isPresent() && !expectedAuth.get().equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                refused.incrementAndGet();
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                ex.sendResponseHeaders(401, -1);
                return;
            }
            String path = ex.getRequestURI().getPath();
            int dotGit = path.indexOf(".git/");
            Path dir = dotGit < 0 ? null : repos.get(path.substring(1, dotGit));
            if (dir == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            String rest = path.substring(dotGit + 4);
            String query = ex.getRequestURI().getQuery();
            if ("GET".equals(ex.getRequestMethod()) && "/info/refs".equals(rest) && "service=git-upload-pack".equals(query)) {
                advertise(ex, dir);
            } else if ("POST".equals(ex.getRequestMethod()) && "/git-upload-pack".equals(rest)) {
                uploadPack(ex, dir);
            } else if ("GET".equals(ex.getRequestMethod()) && "/info/refs".equals(rest) && "service=git-receive-pack".equals(query)) {
                advertiseReceive(ex, dir);
            } else if ("POST".equals(ex.getRequestMethod()) && "/git-receive-pack".equals(rest)) {
                beforeReceive.accept(path.substring(1, dotGit));
                receivePack(ex, dir);
            } else {
                ex.sendResponseHeaders(403, -1); // dumb HTTP is not offered
            }
        }
    }

    private void advertise(HttpExchange ex, Path dir) throws IOException {
        advertisements.incrementAndGet();
        try (Repository repo = open(dir)) {
            ex.getResponseHeaders().add("Content-Type", "application/x-git-upload-pack-advertisement");
            ex.getResponseHeaders().add("Cache-Control", "no-cache");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                PacketLineOut pck = new PacketLineOut(out);
                pck.writeString("# service=git-upload-pack\n");
                pck.end();
                UploadPack up = new UploadPack(repo);
                up.setBiDirectionalPipe(false);
                up.sendAdvertisedRefs(new RefAdvertiser.PacketLineOutRefAdvertiser(pck));
            }
        }
    }

    private void uploadPack(HttpExchange ex, Path dir) throws IOException {
        packRequests.incrementAndGet();
        try (Repository repo = open(dir)) {
            InputStream in = ex.getRequestBody();
            if ("gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
                in = new GZIPInputStream(in);
            }
            ex.getResponseHeaders().add("Content-Type", "application/x-git-upload-pack-result");
            ex.getResponseHeaders().add("Cache-Control", "no-cache");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                UploadPack up = new UploadPack(repo);
                up.setBiDirectionalPipe(false);
                if (!allowShaInWant) {
                    up.setRequestValidator(GitServer::onlyRefTips);
                }
                up.upload(in, out, null);
                PackStatistics stats = up.getStatistics();
                if (stats != null) {
                    objectsSent.addAndGet(stats.getTotalObjects());
                    bytesSent.addAndGet(stats.getTotalBytes());
                }
            }
        }
    }

    private void advertiseReceive(HttpExchange ex, Path dir) throws IOException {
        try (Repository repo = open(dir)) {
            ex.getResponseHeaders().add("Content-Type", "application/x-git-receive-pack-advertisement");
            ex.getResponseHeaders().add("Cache-Control", "no-cache");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                PacketLineOut pck = new PacketLineOut(out);
                pck.writeString("# service=git-receive-pack\n");
                pck.end();
                ReceivePack rp = receiver(repo);
                rp.sendAdvertisedRefs(new RefAdvertiser.PacketLineOutRefAdvertiser(pck));
            }
        }
    }

    private void receivePack(HttpExchange ex, Path dir) throws IOException {
        pushes.incrementAndGet();
        try (Repository repo = open(dir)) {
            InputStream in = ex.getRequestBody();
            if ("gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
                in = new GZIPInputStream(in);
            }
            ex.getResponseHeaders().add("Content-Type", "application/x-git-receive-pack-result");
            ex.getResponseHeaders().add("Cache-Control", "no-cache");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                receiver(repo).receive(in, out, null);
            }
        }
    }

    /** A receive-pack with a hosted server's rules: no forced (non-fast-forward) updates, no deletions. */
    private static ReceivePack receiver(Repository repo) {
        ReceivePack rp = new ReceivePack(repo);
        rp.setBiDirectionalPipe(false);
        rp.setAllowNonFastForwards(false);
        rp.setAllowDeletes(false);
        return rp;
    }

    private static void onlyRefTips(UploadPack up, List<ObjectId> wants) throws IOException {
        Set<ObjectId> tips = new HashSet<>();
        for (Ref ref : up.getRepository().getRefDatabase().getRefs()) {
            Ref peeled = up.getRepository().getRefDatabase().peel(ref);
            tips.add(peeled.getObjectId());
            if (peeled.getPeeledObjectId() != null) {
                tips.add(peeled.getPeeledObjectId());
            }
        }
        for (ObjectId want : wants) {
            if (!tips.contains(want)) {
                throw new WantNotValidException(want);
            }
        }
    }

    private static Repository open(Path dir) throws IOException {
        return new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }
}
