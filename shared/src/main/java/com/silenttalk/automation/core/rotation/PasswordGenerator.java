package com.silenttalk.automation.core.rotation;

import java.util.Random;

/**
 * Draws each character uniformly from the policy's alphabet, with the random source it is given
 * (a {@link java.security.SecureRandom} in production). At least one letter and one digit, so that
 * services with composition rules accept it.
 */
public final class PasswordGenerator implements PasswordSource {
    private final Random random;

    public PasswordGenerator(Random random) {
        this.random = random;
    }

    @Override
    public char[] newPassword(PasswordPolicy policy) {
        String alphabet = policy.alphabet();
        char[] out = new char[policy.length()];
        do {
            for (int i = 0; i < out.length; i++) {
                out[i] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
        } while (!hasLetterAndDigit(out, alphabet));
        return out;
    }

    private static boolean hasLetterAndDigit(char[] password, String alphabet) {
        boolean alphabetHasBoth = alphabet.chars().anyMatch(Character::isLetter) && alphabet.chars().anyMatch(Character::isDigit);
        if (!alphabetHasBoth) {
            return true;
        }
        boolean letter = false;
        boolean digit = false;
        for (char c : password) {
            letter |= Character.isLetter(c);
            digit |= Character.isDigit(c);
        }
        return letter && digit;
    }
}
