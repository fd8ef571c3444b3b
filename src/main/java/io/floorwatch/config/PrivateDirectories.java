package io.floorwatch.config;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default directories of local runs, private to the user running the job: checkpoints hold player ids, CTR
 * totals and undelivered alerts, and RocksDB's working files the same state. A missing directory is created
 * {@code rwx------}; an existing one must be a real directory (not a symbolic link) owned by this user, and is
 * tightened to {@code rwx------} if it lets the group or others in. Anything else stops the job at start, naming the
 * key to set instead. (On a file system without POSIX permissions only the link check applies.)
 */
public final class PrivateDirectories {
    private static final Logger LOG = LoggerFactory.getLogger(PrivateDirectories.class);
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private PrivateDirectories() {}

    /**
     * Default of {@code checkpoint.dir}: {@code ~/.floorwatch/checkpoints}. In the home directory, not the shared temp
     * dir, so that no other user can create it first, and so that it survives a reboot (a local run can resume).
     */
    public static Path defaultCheckpoints() {
        String home = System.getProperty("user.home", "");
        if (home.isBlank() || home.equals("?")) {
            throw new ConfigException(
                    Options.CHECKPOINT_DIR.key() + ": no home directory for the default; set it explicitly");
        }
        Path base = ensure(Path.of(home, ".floorwatch"), Options.CHECKPOINT_DIR.key());
        return ensure(base.resolve("checkpoints"), Options.CHECKPOINT_DIR.key());
    }

    /** RocksDB's and Flink's working files of a local run: {@code <java.io.tmpdir>/floorwatch-<user>/tmp}. */
    public static Path defaultTmp() {
        Path base = ofUserIn(Path.of(System.getProperty("java.io.tmpdir")), "java.io.tmpdir (JVM property)");
        return ensure(base.resolve("tmp"), "java.io.tmpdir (JVM property)");
    }

    /**
     * {@code <shared>/floorwatch-<user>}, private to this user, in a directory that may be shared (a temp dir,
     * {@code /dev/shm}); {@code key} is what to set instead.
     */
    public static Path ofUserIn(Path shared, String key) {
        if (!Files.isDirectory(shared)) throw new ConfigException(key + ": " + shared + " is not a directory");
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        return ensure(shared.resolve("floorwatch-" + user), key);
    }

    /** Creates {@code dir} private to this user, or checks (and tightens) an existing one; {@code key} is what to set instead. */
    static Path ensure(Path dir, String key) {
        dir = dir.toAbsolutePath().normalize();
        if (Files.isSymbolicLink(dir)) {
            throw new ConfigException(
                    key + ": the default directory " + dir + " is a symbolic link; remove it or set " + key);
        }
        PosixFileAttributeView posix = Files.getFileAttributeView(dir.getParent(), PosixFileAttributeView.class);
        try {
            if (posix != null) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createDirectory(dir);
            }
            LOG.info("Created private directory {}", dir);
        } catch (FileAlreadyExistsException e) {
            // checked below, also when another process created it a moment ago
        } catch (IOException e) {
            throw new ConfigException(key + ": cannot create the default directory " + dir + " ("
                    + e.getClass().getSimpleName() + "); set " + key);
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new ConfigException(key + ": the default directory " + dir + " is not a directory; set " + key);
        }
        if (posix == null) return dir;
        try {
            Integer owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            Integer me = currentUid();
            if (owner != null && me != null && !owner.equals(me)) {
                throw new ConfigException(key + ": the default directory " + dir + " belongs to another user (uid "
                        + owner + "); it would hold player ids and CTR totals: set " + key
                        + " to a directory of your own");
            }
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            // no unix:uid view: the permission check below still applies
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
            if (perms.stream().anyMatch(GROUP_OR_OTHERS::contains) || !perms.containsAll(OWNER_ONLY)) {
                Files.setPosixFilePermissions(dir, OWNER_ONLY);
                LOG.warn(
                        "Directory {} was {}: tightened to rwx------ (it holds player ids and CTR totals)",
                        dir,
                        PosixFilePermissions.toString(perms));
            }
        } catch (IOException e) {
            throw new ConfigException(key + ": cannot make the default directory " + dir + " private ("
                    + e.getClass().getSimpleName() + "); set " + key);
        }
        return dir;
    }

    /** This process's uid, read from a file it just created (portable across JDKs, no internal API). */
    private static Integer currentUid() {
        try {
            Path probe = Files.createTempFile("floorwatch-uid", ".probe");
            try {
                return (Integer) Files.getAttribute(probe, "unix:uid");
            } finally {
                Files.deleteIfExists(probe);
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }
}
