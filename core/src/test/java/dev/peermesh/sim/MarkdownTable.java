package dev.peermesh.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A table of experiment results, printed as GitHub Markdown with aligned columns.
 *
 * <p>{@code new MarkdownTable("failed", "reliability").row("50 %", "99.8 %").print(System.out);}
 */
final class MarkdownTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    MarkdownTable(String... header) {
        this.header = List.of(header);
    }

    MarkdownTable row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("Row has " + cells.length + " cells; the table has " + header.size()
                    + " columns " + header);
        }
        List<String> row = new ArrayList<>(cells.length);
        for (Object cell : cells) {
            row.add(String.valueOf(cell));
        }
        rows.add(row);
        return this;
    }

    @Override
    public String toString() {
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = Math.max(3, header.get(c).length());
            for (List<String> row : rows) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, header, width);
        List<String> rule = new ArrayList<>();
        for (int w : width) {
            rule.add("-".repeat(w));
        }
        line(out, rule, width);
        for (List<String> row : rows) {
            line(out, row, width);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] width) {
        out.append('|');
        for (int c = 0; c < cells.size(); c++) {
            out.append(' ').append(cells.get(c)).append(" ".repeat(width[c] - cells.get(c).length())).append(" |");
        }
        out.append('\n');
    }

    /** A share as a percentage with the given decimals: {@code 99.80 %}. */
    static String percent(double share, int decimals) {
        return Double.isNaN(share) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f %%", share * 100);
    }

    /** A number with the given decimals; "–" for NaN. */
    static String number(double value, int decimals) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
