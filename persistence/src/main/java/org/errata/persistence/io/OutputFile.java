package org.errata.persistence.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How every export writes its file. The path given is followed through symbolic links to the
 * file they name; that file must be a regular file or not exist yet (a folder, a device, a FIFO
 * or a socket is refused before anything is written). The content goes into a hidden temporary
 * file in the target's folder, is synced, and is then renamed over the target in one step, so a
 * reader sees the old file or the whole new one. Whatever fails, the temporary file is removed.
 */
public final class OutputFile {
    /** Symbolic links followed before giving up (the kernel's own limit is 40). */
    private static final int MAX_LINKS = 40;

    private OutputFile() {}

    /** Writes the body of a file to a stream; the stream is closed by {@link OutputFile}. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code body} to {@code out} (see the class comment) and returns the file written:
     * {@code out} itself, or the file its links lead to. Every {@link IOException} it throws has
     * a one-line message that names the file.
     */
    public static Path write(Path out, Body body) throws IOException {
        Path target = target(out);
        Path parent = target.getParent();
        try {
            if (parent != null) Files.createDirectories(parent);
        } catch (IOException e) {
            throw new IOException("cannot create the folder of " + target + ": " + reason(e), e);
        }
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                body.writeTo(buffered);
                buffered.flush();
                channel.force(true);
            }
            // A folder or device put at the path while we wrote is still refused, not replaced.
            refuseNonRegular(target);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
            return target;
        } catch (Refused e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": " + reason(e), e);
        } finally {
            if (!moved) deleteQuietly(tmp);
        }
    }

    /**
     * The file that writing to {@code out} would replace: {@code out} made absolute with its
     * symbolic links followed (a dangling link leads to the file it names). Refuses folders,
     * devices, FIFOs, sockets and link loops with a one-line message.
     */
    public static Path target(Path out) throws IOException {
        Path p = out.toAbsolutePath().normalize();
        for (int links = 0; Files.isSymbolicLink(p); links++) {
            if (links == MAX_LINKS) throw new Refused(out + " is a loop of symbolic links; nothing was written");
            Path next = Files.readSymbolicLink(p);
            Path parent = p.getParent();
            p = (parent == null ? next : parent.resolve(next)).toAbsolutePath().normalize();
        }
        if (p.getParent() != null && Files.isDirectory(p.getParent())) {
            // Links in the folders above are followed too, so the temporary file lands beside the real target.
            p = p.getParent().toRealPath().resolve(p.getFileName());
        }
        refuseNonRegular(p);
        return p;
    }

    private static void refuseNonRegular(Path p) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if (a.isDirectory()) throw new Refused(p + " is a folder, not a file; nothing was written");
        if (a.isOther()) throw new Refused(p + " is a device, FIFO or socket, not a regular file; nothing was written");
    }

    /** A path that is no place for an export; its message names the path and says why. */
    private static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    /** A short reason for an I/O failure, without the path its message usually repeats. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) return "no such file or folder";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof FileAlreadyExistsException) return "a file is in the way";
        if (e instanceof FileSystemException fse && fse.getReason() != null) return fse.getReason();
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            // The write already failed and that failure is what the caller reports; a stray
            // hidden .part file is all this can leave, and it names itself as such.
            System.getLogger(OutputFile.class.getName()).log(System.Logger.Level.DEBUG, "cannot remove " + tmp, e);
        }
    }
}
