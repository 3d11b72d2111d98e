package org.preau.identity.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The password rule stated on the activation and profile pages: at least 12 characters, or at least 8 with three
 * kinds of character (lower case, upper case, digits, others); not the login; not one of the most common passwords.
 * Length matters more than complexity, so a long phrase needs no digits.
 */
final class PasswordPolicy {

    static final int LONG = 12;
    static final int SHORT = 8;
    static final int MAX = 200;

    /** The most common passwords and school-flavoured guesses; kept short on purpose (the length rule does most). */
    private static final Set<String> COMMON = Set.of(
            "123456789012",
            "azertyuiop12",
            "motdepasse123",
            "motdepasse",
            "password1234",
            "password123!",
            "qwertyuiop12",
            "azerty123456",
            "123456789abc",
            "iloveyou1234",
            "soleil123456",
            "bonjour12345",
            "doudou123456",
            "college12345",
            "ecole1234567",
            "Azerty123!",
            "Motdepasse1",
            "Password1!",
            "Bonjour123!",
            "Soleil2024!",
            "Azerty2024!",
            "Password123",
            "P@ssw0rd",
            "P@ssword1",
            "Azerty@123");

    private PasswordPolicy() {}

    /** Message keys for what is wrong; empty when the password is acceptable. */
    static List<String> problems(String password, String login) {
        var problems = new ArrayList<String>();
        if (password == null || password.isEmpty()) {
            problems.add("identity.password.required");
            return problems;
        }
        if (password.length() > MAX) {
            problems.add("identity.password.tooLong");
            return problems;
        }
        int classes = 0;
        if (password.chars().anyMatch(Character::isLowerCase)) classes++;
        if (password.chars().anyMatch(Character::isUpperCase)) classes++;
        if (password.chars().anyMatch(Character::isDigit)) classes++;
        if (password.chars().anyMatch(c -> !Character.isLetterOrDigit(c))) classes++;
        boolean longEnough = password.length() >= LONG || (password.length() >= SHORT && classes >= 3);
        if (!longEnough) {
            problems.add("identity.password.tooWeak");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (login != null && !login.isBlank() && lower.contains(login.trim().toLowerCase(Locale.ROOT))) {
            problems.add("identity.password.containsLogin");
        }
        if (COMMON.stream().anyMatch(c -> c.equalsIgnoreCase(password))) {
            problems.add("identity.password.common");
        }
        return problems;
    }
}
