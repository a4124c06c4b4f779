package org.errata.app.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.errata.app.Main;
import picocli.CommandLine;

/** Runs the {@code errata} command line in-process, as the launcher would, capturing its output. */
final class Cli {
    private Cli() {}

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
