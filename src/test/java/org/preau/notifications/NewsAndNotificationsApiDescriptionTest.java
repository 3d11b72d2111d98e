package org.preau.notifications;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.preau.support.PreauIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** Issue 11 §5: the news and notifications API is in the OpenAPI description apps are built from. */
@PreauIntegrationTest
class NewsAndNotificationsApiDescriptionTest {

    @Autowired
    MockMvc mvc;

    @Test
    void newsAndNotificationsAreDescribedInOpenApi() throws Exception {
        mvc.perform(get("/v3/api-docs"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/api/v1/news'].get").exists())
                .andExpect(jsonPath("$.paths['/api/v1/news'].post").exists())
                .andExpect(jsonPath("$.paths['/api/v1/news/targets'].get").exists())
                .andExpect(jsonPath("$.paths['/api/v1/news/{id}/pinned'].put").exists())
                .andExpect(jsonPath("$.paths['/api/v1/news/{id}'].delete").exists())
                .andExpect(jsonPath("$.paths['/api/v1/notifications'].get").exists())
                .andExpect(
                        jsonPath("$.paths['/api/v1/notifications/unread'].get").exists())
                .andExpect(jsonPath("$.paths['/api/v1/notifications/{id}/read'].post")
                        .exists())
                .andExpect(jsonPath("$.paths['/api/v1/notifications/read-all'].post")
                        .exists())
                .andExpect(jsonPath("$.paths['/api/v1/notifications/preferences'].put")
                        .exists());
    }
}
