package dev.policykg.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Throwaway Neo4j Community server for tests.
 *
 * <p>Starts an embedded DBMS in a fresh temporary directory with Bolt on 127.0.0.1 (an
 * OS-chosen free port unless {@code --port N} is given), auth disabled (enabled with {@code --auth PASSWORD}:
 * user {@code neo4j} with that password, as a deployment's server), HTTP off and small
 * memory settings. Once the default database {@code neo4j} is available it prints exactly
 * one line {@code BOLT_URI=bolt://127.0.0.1:PORT} to stdout.
 *
 * <p>It then runs until stdin reaches EOF (the parent closed the pipe or died) or the JVM
 * gets SIGTERM/SIGINT; either way the DBMS is shut down and the directory deleted. With
 * {@code --ignore-stdin} only a signal stops it. The Neo4j user log goes to stderr at WARN;
 * the debug log goes to {@code logs/debug.log} inside the temporary directory.
 */
public final class TestServer {
    private static final String DEFAULT_DB = "neo4j";

    private TestServer() {}

    public static void main(String[] args) throws Exception {
        int port = 0;
        boolean ignoreStdin = false;
        String password = null; // --auth PASSWORD: authentication on, user neo4j with this password
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--ignore-stdin" -> ignoreStdin = true;
                case "--auth" -> password = args[++i];
                case "-h", "--help" -> {
                    System.out.println("usage: java -jar neo4j-test-server.jar [--port N] [--auth PASSWORD] "
                            + "[--ignore-stdin]");
                    return;
                }
                default -> {
                    System.err.println("unknown argument: " + args[i]);
                    System.exit(2);
                }
            }
        }

        // Everything Neo4j writes to stdout would corrupt our one-line protocol: keep the real
        // stdout for the BOLT_URI line and point System.out at stderr for everyone else.
        PrintStream protocolOut = System.out;
        System.setOut(System.err);

        Path home = Files.createTempDirectory("policykg-neo4j-");
        Log4jLogProvider userLog = new Log4jLogProvider(System.err, Level.WARN);

        DatabaseManagementService dbms;
        try {
            dbms = new DatabaseManagementServiceBuilder(home)
                    .setUserLogProvider(userLog)
                    .setConfig(GraphDatabaseSettings.auth_enabled, password != null)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                    .setConfig(BoltConnector.thread_pool_min_size, 2)
                    // Netty's graceful shutdown waits a 5 s quiet period twice by default.
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(5))
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(HttpsConnector.enabled, false)
                    .setConfig(GraphDatabaseSettings.routing_enabled, false)
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(64))
                    .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, ByteUnit.mebiBytes(256))
                    .setConfig(GraphDatabaseSettings.memory_transaction_max_size, ByteUnit.mebiBytes(128))
                    .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                    .setConfig(GraphDatabaseSettings.preallocate_store_files, false)
                    .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(16))
                    .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                    .build();
        } catch (Throwable t) {
            System.err.println("neo4j-test-server: failed to start: " + t);
            t.printStackTrace(System.err);
            deleteRecursively(home);
            System.exit(1);
            return;
        }

        AtomicBoolean stopped = new AtomicBoolean(false);
        CountDownLatch stoppedLatch = new CountDownLatch(1);
        Runnable stop = () -> {
            if (!stopped.compareAndSet(false, true)) {
                return;
            }
            try {
                dbms.shutdown();
            } catch (Throwable t) {
                System.err.println("neo4j-test-server: error during shutdown: " + t);
            } finally {
                userLog.close();
                deleteRecursively(home);
                stoppedLatch.countDown();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "neo4j-test-server-shutdown"));

        GraphDatabaseService db = dbms.database(DEFAULT_DB);
        if (!db.isAvailable(120_000)) {
            System.err.println("neo4j-test-server: database '" + DEFAULT_DB + "' did not become available");
            System.exit(1);
        }

        if (password != null) {
            // A deployment's server: user neo4j with a password, no change required at first login.
            dbms.database("system").executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", java.util.Map.of("password", password));
        }

        int boltPort = port;
        HostnamePort bound = ((GraphDatabaseAPI) db)
                .getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT);
        if (bound != null) {
            boltPort = bound.getPort();
        }
        if (boltPort <= 0) {
            System.err.println("neo4j-test-server: could not determine the Bolt port");
            System.exit(1);
        }

        protocolOut.println("BOLT_URI=bolt://127.0.0.1:" + boltPort);
        protocolOut.flush();

        if (ignoreStdin) {
            stoppedLatch.await(); // until a signal runs the shutdown hook
            return;
        }
        waitForEof(System.in);
        System.exit(0); // runs the shutdown hook
    }

    private static void waitForEof(InputStream in) {
        byte[] buf = new byte[256];
        try {
            while (in.read(buf) >= 0) {
                // discard; only EOF matters
            }
        } catch (IOException e) {
            // treat a broken stdin like EOF
        }
    }

    private static void deleteRecursively(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("neo4j-test-server: could not delete " + root + ": " + e);
        }
    }
}
