package org.preau.directory.internal.imports;

import java.util.List;

/**
 * One problem found in an import file. {@code code} is a message key of the {@code imports} bundle (rendered in the
 * reader's language by the page, in French by the command line), {@code args} its arguments.
 *
 * @param line 1-based line of the file (the line where the XML element or the CSV record starts)
 * @param field the column or XML attribute at fault; empty when the whole line is
 */
public record ImportError(String file, long line, String field, String code, List<String> args) {}
