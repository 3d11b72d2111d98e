package org.preau.directory.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.directory.Audience;
import org.preau.directory.School;
import org.preau.directory.SchoolClass;
import org.preau.directory.TeachingGroup;
import org.preau.identity.CurrentUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/me}: who is signed in, composed from identity (the session) and the directory. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Me", description = "The signed-in user and their place in the schools")
class MeController {

    private final MeService me;

    MeController(MeService me) {
        this.me = me;
    }

    @GetMapping("/me")
    @Operation(
            summary = "Who is signed in",
            description = "The account, its schools with its role in each, and — depending on the profile — the"
                    + " pupil's class and groups, the parent's children, or what the teacher teaches.")
    Me me(@AuthenticationPrincipal CurrentUser user) {
        return me.describe(user);
    }

    /** The signed-in user. Lists are empty when they do not apply to the profile. */
    record Me(
            UUID id,
            String login,
            String profile,
            String displayName,
            List<MeSchool> schools,
            @JsonProperty("class") Optional<Ref> schoolClass,
            List<Ref> groups,
            List<Child> children,
            List<Teaching> teaching) {}

    /** A school the user belongs to, with their role there and, for staff, their function. */
    record MeSchool(UUID id, String uai, String name, String role, Optional<String> function) {}

    /** A school without the user's role (a child's school). */
    record SchoolRef(UUID id, String uai, String name) {
        static SchoolRef of(School school) {
            return new SchoolRef(school.id(), school.uai(), school.name());
        }
    }

    /** A class, group or subject by id and name. */
    record Ref(UUID id, String name) {
        static Ref of(SchoolClass c) {
            return new Ref(c.id(), c.name());
        }

        static Ref of(TeachingGroup g) {
            return new Ref(g.id(), g.name());
        }
    }

    /** One of a parent's children, wherever they are taught. */
    record Child(
            UUID id,
            String displayName,
            SchoolRef school,
            @JsonProperty("class") Optional<Ref> schoolClass,
            List<Ref> groups) {}

    /** A teacher teaches a subject to a class or a group of a school. */
    record Teaching(SchoolRef school, AudienceRef audience, Ref subject) {}

    /** A class or a group. */
    record AudienceRef(UUID id, String kind, String name) {
        static AudienceRef of(Audience a) {
            return new AudienceRef(a.id(), a.kind().name(), a.name());
        }
    }
}
