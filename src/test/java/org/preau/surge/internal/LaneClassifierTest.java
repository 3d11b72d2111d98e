package org.preau.surge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.platform.SignedInUser;
import org.preau.surge.Lane;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

class LaneClassifierTest {

    private final LaneClassifier classifier = new LaneClassifier(List.of("/connexion", "/activation"));

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void pupilsTeachersStaffAndAdminsTravelInThePriorityLane() {
        for (Profile p : List.of(Profile.PUPIL, Profile.TEACHER, Profile.STAFF, Profile.ADMIN)) {
            assertThat(classifier.classify(get("/"), user(p), false))
                    .as(p.name())
                    .isEqualTo(Lane.SIGNED_IN_PRIORITY);
        }
    }

    @Test
    void parentsTravelInTheirOwnLane() {
        assertThat(classifier.classify(get("/"), user(Profile.PARENT), false)).isEqualTo(Lane.SIGNED_IN_PARENT);
    }

    @Test
    void logInAndActivationPostsAreLogInAttemptsButTheFormPageIsNot() {
        assertThat(classifier.classify(post("/connexion"), Optional.empty(), false))
                .isEqualTo(Lane.LOGIN);
        assertThat(classifier.classify(post("/activation/code"), Optional.empty(), false))
                .isEqualTo(Lane.LOGIN);
        assertThat(classifier.classify(get("/connexion"), Optional.empty(), false))
                .isEqualTo(Lane.ANONYMOUS);
        assertThat(classifier.classify(post("/connexionx"), Optional.empty(), false))
                .isEqualTo(Lane.ANONYMOUS);
    }

    @Test
    void suspectsGoToTheSuspectLaneWhateverTheyAsk() {
        assertThat(classifier.classify(get("/"), user(Profile.PUPIL), true)).isEqualTo(Lane.SUSPECT);
        assertThat(classifier.classify(post("/connexion"), Optional.empty(), true))
                .isEqualTo(Lane.SUSPECT);
    }

    @Test
    void readsThePrincipalFromTheSessionBeforeSpringSecurityRuns() {
        var request = get("/");
        assertThat(LaneClassifier.principal(request)).isEmpty();
        var pupil = new CurrentUser(UUID.randomUUID(), "eleve.x", "Louise Martin", Profile.PUPIL);
        var session = new MockHttpSession();
        session.setAttribute(
                HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
                new SecurityContextImpl(new UsernamePasswordAuthenticationToken(pupil, null, List.of())));
        request.setSession(session);
        assertThat(LaneClassifier.principal(request)).contains(pupil);
        assertThat(classifier.classify(request, LaneClassifier.principal(request), false))
                .isEqualTo(Lane.SIGNED_IN_PRIORITY);
    }

    @Test
    void neverCreatesASessionForAnonymousRequests() {
        var request = get("/");
        LaneClassifier.principal(request);
        assertThat(request.getSession(false)).isNull();
    }

    private static Optional<SignedInUser> user(Profile profile) {
        return Optional.of(new CurrentUser(UUID.randomUUID(), "x", "X", profile));
    }

    private static MockHttpServletRequest get(String path) {
        return new MockHttpServletRequest("GET", path);
    }

    private static MockHttpServletRequest post(String path) {
        return new MockHttpServletRequest("POST", path);
    }
}
