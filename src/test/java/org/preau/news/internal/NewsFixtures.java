package org.preau.news.internal;

import java.util.Optional;
import org.preau.identity.CurrentUser;
import org.preau.news.NewsItem;
import org.springframework.context.ApplicationContext;

/** For tests of other modules: publishes news through the news module's own service, with its rules. */
public final class NewsFixtures {

    private NewsFixtures() {}

    public static NewsItem publish(ApplicationContext context, CurrentUser author, String target, String title) {
        return context.getBean(NewsService.class)
                .publish(
                        author,
                        new NewsDraft(
                                target, title, "Le texte de " + title, Optional.empty(), Optional.empty(), false));
    }
}
