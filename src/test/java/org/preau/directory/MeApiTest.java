package org.preau.directory;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

@PreauIntegrationTest
class MeApiTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Test
    void pupilSeesTheirSchoolClassAndGroups() throws Exception {
        var s = TestSchool.create(jdbc);
        TestSchool.create(jdbc);

        mvc.perform(get("/api/v1/me").with(TestSchool.as(s.pupil)).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(s.pupil.accountId().toString()))
                .andExpect(jsonPath("$.login").value(s.pupil.login()))
                .andExpect(jsonPath("$.profile").value("PUPIL"))
                .andExpect(jsonPath("$.displayName").value("Louise Martin"))
                .andExpect(jsonPath("$.schools", hasSize(1)))
                .andExpect(jsonPath("$.schools[0].id").value(s.schoolId.toString()))
                .andExpect(jsonPath("$.schools[0].uai").value(s.uai))
                .andExpect(jsonPath("$.schools[0].role").value("PUPIL"))
                .andExpect(jsonPath("$.class.id").value(s.classId.toString()))
                .andExpect(jsonPath("$.class.name").value("3e B"))
                .andExpect(jsonPath("$.groups[0].id").value(s.groupId.toString()))
                .andExpect(jsonPath("$.children", hasSize(0)))
                .andExpect(jsonPath("$.teaching", hasSize(0)));
    }

    @Test
    void parentSeesOnlyTheirOwnChildrenIncludingOneInAnotherSchool() throws Exception {
        var a = TestSchool.create(jdbc);
        var b = TestSchool.create(jdbc);
        DirectoryFixtures.parentOf(jdbc, a.parent.accountId(), b.otherPupil.accountId());
        DirectoryFixtures.indexNames(jdbc, a);
        DirectoryFixtures.indexNames(jdbc, b);

        mvc.perform(get("/api/v1/me").with(TestSchool.as(a.parent)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.schools[*].id", containsInAnyOrder(a.schoolId.toString())))
                .andExpect(jsonPath("$.children", hasSize(2)))
                .andExpect(jsonPath(
                        "$.children[*].id",
                        containsInAnyOrder(
                                a.pupil.accountId().toString(),
                                b.otherPupil.accountId().toString())))
                .andExpect(jsonPath("$.children[?(@.id == '%s')].school.id", b.otherPupil.accountId())
                        .value(b.schoolId.toString()))
                .andExpect(jsonPath("$.children[?(@.id == '%s')].class.id", b.otherPupil.accountId())
                        .value(b.classId.toString()))
                .andExpect(jsonPath("$.children[?(@.id == '%s')].displayName", a.pupil.accountId())
                        .value("Louise Martin"))
                .andExpect(content()
                        .string(not(containsString(a.otherPupil.accountId().toString()))))
                .andExpect(
                        content().string(not(containsString(b.pupil.accountId().toString()))));

        mvc.perform(get("/api/v1/me").with(TestSchool.as(b.parent)))
                .andExpect(jsonPath(
                        "$.children[*].id",
                        containsInAnyOrder(b.pupil.accountId().toString())));
    }

    @Test
    void teacherSeesWhatTheyTeach() throws Exception {
        var s = TestSchool.create(jdbc);

        mvc.perform(get("/api/v1/me").with(TestSchool.as(s.historyTeacher)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.teaching", hasSize(1)))
                .andExpect(jsonPath("$.teaching[0].school.id").value(s.schoolId.toString()))
                .andExpect(jsonPath("$.teaching[0].audience.kind").value("GROUP"))
                .andExpect(jsonPath("$.teaching[0].audience.id").value(s.groupId.toString()))
                .andExpect(jsonPath("$.teaching[0].subject.name").value("Histoire-Géographie"));
    }

    @Test
    void staffSeeOnlyTheirOwnSchoolsWithTheirFunction() throws Exception {
        var s = TestSchool.create(jdbc);
        var other = TestSchool.create(jdbc);

        mvc.perform(get("/api/v1/me").with(TestSchool.as(s.head)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.schools", hasSize(1)))
                .andExpect(jsonPath("$.schools[0].role").value("STAFF"))
                .andExpect(jsonPath("$.schools[0].function").value("DIRECTION"))
                .andExpect(content().string(not(containsString(other.schoolId.toString()))));
    }

    @Test
    void withoutASessionTheAnswerIs401Json() throws Exception {
        mvc.perform(get("/api/v1/me").accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status", is(401)));
    }

    @Test
    void theApiIsDescribedInOpenApi() throws Exception {
        mvc.perform(get("/v3/api-docs"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/api/v1/me'].get").exists())
                .andExpect(content().string(containsString("\"children\"")));
    }
}
