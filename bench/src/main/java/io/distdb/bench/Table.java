package io.distdb.bench;

import java.util.ArrayList;
import java.util.List;

/** A table of strings rendered as aligned plain text or as Markdown; the first {@code leftColumns} are left-aligned. */
final class Table {

    private final List<String> header;
    private final int leftColumns;
    private final List<List<String>> rows = new ArrayList<>();

    Table(List<String> header, int leftColumns) {
        this.header = List.copyOf(header);
        this.leftColumns = leftColumns;
    }

    void add(List<String> row) {
        if (row.size() != header.size()) {
            throw new IllegalArgumentException("row has " + row.size() + " cells, header " + header.size());
        }
        rows.add(List.copyOf(row));
    }

    String text() {
        List<List<String>> lines = new ArrayList<>();
        lines.add(header);
        lines.addAll(rows);
        int[] width = new int[header.size()];
        for (List<String> line : lines) {
            for (int c = 0; c < line.size(); c++) {
                width[c] = Math.max(width[c], line.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> line : lines) {
            StringBuilder text = new StringBuilder();
            for (int c = 0; c < line.size(); c++) {
                String cell = line.get(c);
                String pad = " ".repeat(width[c] - cell.length());
                text.append(c == 0 ? "" : "  ").append(c < leftColumns ? cell + pad : pad + cell);
            }
            out.append(text.toString().stripTrailing()).append(System.lineSeparator());
        }
        return out.toString();
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| ").append(String.join(" | ", header)).append(" |\n|");
        for (int c = 0; c < header.size(); c++) {
            out.append(c < leftColumns ? " --- |" : " ---: |");
        }
        out.append('\n');
        for (List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return out.toString();
    }

    /** A Markdown section: a title, the setup as a bullet list, the table, then the notes as a bullet list. */
    String markdown(String title, List<String> setup, List<String> notes) {
        StringBuilder out = new StringBuilder("## ").append(title).append("\n\n");
        setup.forEach(line -> out.append("- ").append(line).append('\n'));
        out.append('\n').append(markdown()).append('\n');
        notes.forEach(line -> out.append("- ").append(line).append('\n'));
        return out.toString();
    }
}
