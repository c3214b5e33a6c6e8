package io.distdb.server.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** README.md as a reader sees it: sections under {@code ## } headings and the {@code ```sh} blocks in them. */
final class Readme {

    /** A comment that shows what the command before it prints: JSON, or a piece of it. */
    private static final Pattern SHOWN_OUTPUT = Pattern.compile("(?:^|\\s)#\\s+([{\\[\"].*?)\\s*$");

    private final List<String> lines;

    private Readme(List<String> lines) {
        this.lines = lines;
    }

    static Readme of(Path file) throws IOException {
        return new Readme(Files.readAllLines(file));
    }

    /** The shell blocks of the section with this heading, in order, each as the text a reader copies. */
    List<String> shellBlocks(String heading) {
        int start = lines.indexOf("## " + heading);
        if (start < 0) {
            throw new IllegalStateException("README.md has no section '## " + heading + "'");
        }
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (block == null && line.startsWith("## ")) {
                break;
            }
            if (block == null && line.equals("```sh")) {
                block = new StringBuilder();
            } else if (block != null && line.equals("```")) {
                blocks.add(block.toString());
                block = null;
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        if (block != null) {
            throw new IllegalStateException("a shell block in '" + heading + "' is not closed");
        }
        return blocks;
    }

    /** What the block's comments show it prints, such as {@code # {"results":["trial","triathlon"]}}. */
    static List<String> shownOutput(String block) {
        List<String> shown = new ArrayList<>();
        for (String line : block.split("\n")) {
            Matcher matcher = SHOWN_OUTPUT.matcher(line);
            if (matcher.find()) {
                shown.add(matcher.group(1));
            }
        }
        return shown;
    }
}
