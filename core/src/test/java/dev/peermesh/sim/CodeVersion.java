package dev.peermesh.sim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The git commit of the code a run was made with, and whether the working tree differed from it, so a table in the
 * docs says which code produced it. Asks {@code git} in the current directory (any directory of the checkout).
 *
 * <p>{@code out.println("Code: " + CodeVersion.describe());} prints {@code Code: commit 1e66c26 (clean tree).}
 */
final class CodeVersion {

    private CodeVersion() {
    }

    /**
     * {@code commit <hash> (clean tree)}, {@code commit <hash> (dirty tree: N paths changed or untracked)}, or why it
     * is unknown.
     */
    static String describe() {
        String commit = git("rev-parse", "--short=7", "HEAD");
        if (commit == null || commit.isBlank()) {
            return "commit unknown (git did not answer in " + System.getProperty("user.dir") + ")";
        }
        String status = git("status", "--porcelain"); // untracked files too: a new source file is a change
        if (status == null) {
            return "commit " + commit.strip() + " (tree state unknown)";
        }
        long changed = status.lines().filter(line -> !line.isBlank()).count();
        return "commit " + commit.strip() + (changed == 0 ? " (clean tree)"
                : " (dirty tree: " + changed + " path" + (changed == 1 ? "" : "s") + " changed or untracked)");
    }

    /** Standard output of {@code git args}, or null when git is missing, fails or hangs. */
    private static String git(String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out;
            try (InputStream in = process.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroy();
                return null;
            }
            return out;
        }
        catch (IOException ex) {
            return null;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
