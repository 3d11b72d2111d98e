package org.preau.directory.internal.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.preau.identity.Accounts;
import org.preau.identity.CurrentUser;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

@PreauIntegrationTest
class ImportPageTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcClient jdbc;

    private CurrentUser admin() {
        var a = accounts.findByLogin("admin").orElseThrow();
        return new CurrentUser(a.id(), a.login(), a.displayName(), a.profile());
    }

    @Test
    void onlyTheOperatorsAdministratorsMayOpenOrUseTheImports() throws Exception {
        var school = TestSchool.create(jdbc);
        mvc.perform(get("/admin/imports").with(TestSchool.as(school.head))).andExpect(status().isForbidden());
        mvc.perform(multipart("/admin/imports")
                        .file(new MockMultipartFile("files", "schools.csv", "text/csv", "uai,name\n".getBytes()))
                        .with(csrf())
                        .with(TestSchool.as(school.pupil)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/admin/imports").with(TestSchool.as(admin()))).andExpect(status().isOk());
    }

    @Test
    void anUploadedFileIsImportedAndItsReportShowsEachErrorWithFileLineAndField() throws Exception {
        var f = new Feeds();
        String csv = "uai;name;city\n%s;Collège page %s;Albi\nBAD;Collège;Albi\n".formatted(f.uai, f.s);
        var result = mvc.perform(multipart("/admin/imports")
                        .file(new MockMultipartFile(
                                "files", "schools.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)))
                        .with(csrf())
                        .with(TestSchool.as(admin())))
                .andExpect(status().is3xxRedirection())
                .andReturn();
        String location = result.getResponse().getRedirectedUrl();
        assertThat(location).startsWith("/admin/imports/");

        var page = mvc.perform(get(location).with(TestSchool.as(admin())))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);

        var doc = org.jsoup.Jsoup.parse(page);
        assertThat(doc.select(".alert.error a[href=#errors-0]")).hasSize(1);
        var cells = doc.select("#errors-0 + table tbody tr td").eachText();
        assertThat(cells)
                .containsExactly(
                        "schools.csv",
                        "3",
                        "uai",
                        "UAI invalide « BAD » (7 chiffres puis une lettre majuscule, ex. 0311234A)");
        assertThat(jdbc.sql("select count(*) from school where uai = ?")
                        .param(f.uai)
                        .query(Integer.class)
                        .single())
                .isZero();
        // The run is in the history.
        assertThat(doc.select("a[href=" + location + "]")).isNotEmpty();
    }

    @Test
    void submittingWithoutAFileSaysSoAndPointsToTheField() throws Exception {
        var page = mvc.perform(multipart("/admin/imports").with(csrf()).with(TestSchool.as(admin())))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        var doc = org.jsoup.Jsoup.parse(page);
        assertThat(doc.select(".alert.error a[href=#files]")).hasSize(1);
        assertThat(doc.select("#files").attr("aria-describedby")).contains("files-error");
    }
}
