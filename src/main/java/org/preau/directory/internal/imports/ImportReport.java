package org.preau.directory.internal.imports;

import java.util.List;

/** The report of one import run: a report per file, in the order they were imported. */
public record ImportReport(List<FileReport> files) {

    /** True when every file was accepted. */
    public boolean accepted() {
        return files.stream().allMatch(FileReport::accepted);
    }

    public int rejectedCount() {
        return (int) files.stream().filter(f -> !f.accepted()).count();
    }
}
