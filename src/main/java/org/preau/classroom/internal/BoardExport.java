package org.preau.classroom.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The whiteboard as a picture, from its strokes (vector data, points in a 1000×1000 square): SVG for the page
 * without JavaScript and for export, PNG for export. Drawn on the server from the same fold every node has, so an
 * export is the board as the room saw it, not as one browser happened to draw it.
 */
final class BoardExport {

    static final int SIZE = RoomService.BOARD_SIZE;

    private BoardExport() {}

    static String svg(List<RoomState.Stroke> strokes, String title) {
        var out = new StringBuilder(256 + strokes.size() * 64);
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(SIZE)
                .append(' ')
                .append(SIZE)
                .append("\" role=\"img\" aria-label=\"")
                .append(escape(title))
                .append("\"><rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
        for (var s : strokes) {
            out.append("<polyline fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\" stroke=\"")
                    .append(s.color()) // validated: #rrggbb
                    .append("\" stroke-width=\"")
                    .append(s.width())
                    .append("\" points=\"");
            int[] p = s.points();
            for (int i = 0; i + 1 < p.length; i += 2) {
                if (i > 0) {
                    out.append(' ');
                }
                out.append(p[i]).append(',').append(p[i + 1]);
            }
            out.append("\"/>");
        }
        return out.append("</svg>").toString();
    }

    static byte[] png(List<RoomState.Stroke> strokes) {
        var image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, SIZE, SIZE);
            for (var s : strokes) {
                g.setColor(Color.decode(s.color()));
                g.setStroke(new BasicStroke(s.width(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                int[] p = s.points();
                var path = new Path2D.Float();
                path.moveTo(p[0], p[1]);
                for (int i = 2; i + 1 < p.length; i += 2) {
                    path.lineTo(p[i], p[i + 1]);
                }
                if (p.length == 2) {
                    path.lineTo(p[0] + 0.01, p[1]);
                }
                g.draw(path);
            }
        } finally {
            g.dispose();
        }
        var bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
