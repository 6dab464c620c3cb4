package io.multibroker.console;

import java.util.ArrayList;
import java.util.List;

/**
 * Wraps text at word boundaries for a table cell. Karaf's {@code Col.wrap()} keeps the space after a word that
 * fills a line exactly and then cuts the line by one character, so "side by side" came out as "side by sid":
 * cells are wrapped here instead and handed to the table as lines.
 */
final class TextWrap {

    private TextWrap() {
    }

    static String wrap(String text, int width) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.split("\n", -1)) {
            StringBuilder line = new StringBuilder();
            for (String word : paragraph.trim().split("\\s+")) {
                if (word.isEmpty()) {
                    continue;
                }
                if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                // a word longer than the width is split rather than cut off
                while (word.length() > width) {
                    if (line.length() > 0) {
                        lines.add(line.toString());
                        line.setLength(0);
                    }
                    lines.add(word.substring(0, width));
                    word = word.substring(width);
                }
                if (line.length() > 0) {
                    line.append(' ');
                }
                line.append(word);
            }
            lines.add(line.toString());
        }
        return String.join("\n", lines);
    }
}
