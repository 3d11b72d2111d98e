package org.preau.directory.internal.imports;

import java.io.PrintStream;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/** Prints an import report on a terminal, in French (the operators' language; {@code LANG=en*} for English). */
@Component
public class ReportPrinter {

    private final MessageSource messages;
    private final Locale locale;

    ReportPrinter(MessageSource messages) {
        this.messages = messages;
        String lang = System.getenv().getOrDefault("LANG", "fr");
        this.locale = lang.startsWith("en") ? Locale.ENGLISH : Locale.FRENCH;
    }

    String message(ImportError e) {
        return messages.getMessage(e.code(), e.args().toArray(), e.code(), locale);
    }

    public void print(ImportReport report, PrintStream out) {
        for (var f : report.files()) {
            out.printf(
                    "%-45s %-15s %-9s records=%d created=%d updated=%d unchanged=%d disabled=%d errors=%d (%d ms)%n",
                    f.file(),
                    f.kind(),
                    f.accepted() ? "ACCEPTED" : "REJECTED",
                    f.records(),
                    f.created(),
                    f.updated(),
                    f.unchanged(),
                    f.disabled(),
                    f.errorCount(),
                    f.millis());
            for (var e : f.errors()) {
                out.printf("  %s:%d [%s] %s%n", e.file(), e.line(), e.field(), message(e));
            }
            if (f.moreErrors() > 0) {
                out.printf("  … %d more errors%n", f.moreErrors());
            }
        }
    }
}
