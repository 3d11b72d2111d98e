package org.preau.classroom.internal;

/**
 * The whiteboard's form: a straight line by its two ends, in the board's 0–1000 square (from the top left corner),
 * and a colour from the list. Drawing without a mouse, with or without JavaScript.
 */
public record LineForm(String fromX, String fromY, String toX, String toY, String lineColor) {

    static LineForm empty() {
        return new LineForm("", "", "", "", LineForm.COLORS.getFirst());
    }

    /** The colours the form offers (the pointer and the keyboard draw in the first). */
    static final java.util.List<String> COLORS = java.util.List.of("#1d4ed8", "#b91c1c", "#15803d", "#111827");

    /** The bundle key naming a colour of {@link #COLORS}. */
    public static String colorKey(String color) {
        return switch (color) {
            case "#b91c1c" -> "classroom.board.color.red";
            case "#15803d" -> "classroom.board.color.green";
            case "#111827" -> "classroom.board.color.black";
            default -> "classroom.board.color.blue";
        };
    }

    public static java.util.List<String> colors() {
        return COLORS;
    }

    public String value(String field) {
        String v = switch (field) {
            case "fromX" -> fromX;
            case "fromY" -> fromY;
            case "toX" -> toX;
            case "toY" -> toY;
            default -> lineColor;
        };
        return v == null ? "" : v;
    }
}
