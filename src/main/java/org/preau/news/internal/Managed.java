package org.preau.news.internal;

import java.time.Instant;
import java.util.Optional;
import org.preau.news.NewsItem;

/** An item on its managers' list, with whether it was withdrawn (readers never see a withdrawn item). */
public record Managed(NewsItem item, Optional<Instant> withdrawnAt) {}
