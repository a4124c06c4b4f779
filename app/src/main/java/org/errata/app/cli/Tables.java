package org.errata.app.cli;

import java.io.PrintWriter;
import java.util.List;

/** Plain left-aligned text tables for human output. */
final class Tables {
    private Tables() {}

    static void print(PrintWriter out, List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) widths[i] = header.get(i).length();
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i], row.get(i).length());
        }
        line(out, header, widths);
        for (List<String> row : rows) line(out, row, widths);
        out.flush();
    }

    private static void line(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) b.append("  ");
            b.append(cells.get(i));
            if (i < cells.size() - 1) b.append(" ".repeat(widths[i] - cells.get(i).length()));
        }
        out.println(b);
    }
}
