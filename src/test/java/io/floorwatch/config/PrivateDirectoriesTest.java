package io.floorwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.topology.FloorWatchJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default checkpoint and working directories of local runs hold player ids and CTR totals: private to the user. */
class PrivateDirectoriesTest {
    @TempDir
    Path dir;

    static String perms(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aMissingDirectoryIsCreatedOwnerOnly() throws Exception {
        Path d = PrivateDirectories.ensure(dir.resolve("new"), "checkpoint.dir");
        assertTrue(Files.isDirectory(d));
        assertEquals("rwx------", perms(d));
    }

    @Test
    void anExistingDirectoryOpenToOthersIsTightened() throws Exception {
        Path open = Files.createDirectory(
                dir.resolve("open"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        PrivateDirectories.ensure(open, "checkpoint.dir");
        assertEquals("rwx------", perms(open));
    }

    @Test
    void aSymbolicLinkOrAFileIsRefusedNamingTheKey() throws Exception {
        Path target = Files.createDirectory(dir.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        ConfigException e =
                assertThrows(ConfigException.class, () -> PrivateDirectories.ensure(link, "checkpoint.dir"));
        assertTrue(
                e.getMessage().startsWith("checkpoint.dir: the default directory ")
                        && e.getMessage().contains("symbolic link"),
                e.getMessage());
        Path file = Files.writeString(dir.resolve("file"), "x");
        e = assertThrows(ConfigException.class, () -> PrivateDirectories.ensure(file, "checkpoint.dir"));
        assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
    }

    @Test
    void localRunsDefaultToPrivateDirectories() throws Exception {
        String home = System.getProperty("user.home");
        String tmp = System.getProperty("java.io.tmpdir");
        Path fakeHome = Files.createDirectory(dir.resolve("home"));
        Path fakeTmp = Files.createDirectory(dir.resolve("tmp"));
        System.setProperty("user.home", fakeHome.toString());
        System.setProperty("java.io.tmpdir", fakeTmp.toString());
        try {
            Configuration c =
                    FloorWatchJob.localConfiguration(FloorWatchConfig.of(Map.of("sources.mode", "simulator")));
            Path checkpoints = Path.of(java.net.URI.create(c.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)));
            assertEquals(fakeHome.resolve(".floorwatch").resolve("checkpoints").toRealPath(), checkpoints.toRealPath());
            assertEquals("rwx------", perms(fakeHome.resolve(".floorwatch")));
            assertEquals("rwx------", perms(checkpoints));
            Path work = Path.of(c.get(CoreOptions.TMP_DIRS));
            assertTrue(work.startsWith(fakeTmp), work.toString());
            assertEquals("rwx------", perms(work));
            assertEquals("rwx------", perms(work.getParent()));
            // an explicit directory is the operator's choice and is used as given
            Configuration explicit = FloorWatchJob.localConfiguration(FloorWatchConfig.of(
                    Map.of("sources.mode", "simulator", "checkpoint.dir", "file:///var/lib/floorwatch/checkpoints")));
            assertEquals(
                    "file:///var/lib/floorwatch/checkpoints", explicit.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY));
        } finally {
            System.setProperty("user.home", home);
            System.setProperty("java.io.tmpdir", tmp);
        }
    }

    @Test
    void rocksDbWorkingFilesGoToAPrivateDirectoryInTheOneConfigured() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shm"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Configuration c = FloorWatchJob.localConfiguration(
                FloorWatchConfig.of(Map.of("sources.mode", "simulator", "state.rocksdb-dir", shared.toString())));
        Path working = Path.of(c.getString("state.backend.rocksdb.localdir", "(unset)"));
        assertEquals(shared.resolve("floorwatch-" + System.getProperty("user.name")), working);
        assertEquals("rwx------", perms(working));
        assertEquals(
                "(unset)",
                FloorWatchJob.localConfiguration(FloorWatchConfig.of(Map.of("sources.mode", "simulator")))
                        .getString("state.backend.rocksdb.localdir", "(unset)"),
                "by default Flink's own choice: the private temp dir");

        ConfigException e = assertThrows(
                ConfigException.class,
                () -> FloorWatchJob.localConfiguration(FloorWatchConfig.of(Map.of(
                        "sources.mode",
                        "simulator",
                        "state.rocksdb-dir",
                        dir.resolve("missing").toString()))));
        assertTrue(e.getMessage().startsWith("state.rocksdb-dir: "), e.getMessage());
    }
}
