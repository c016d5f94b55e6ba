package io.driftwatch.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PersonalDataTest {
    @Test
    void addressesCardsAndPhonesAreFoundAndLookalikesAreNot() {
        assertThat(PersonalData.detect("jane.doe+x@example.co.uk")).isEqualTo(PersonalData.Kind.EMAIL);
        assertThat(PersonalData.detect("contact: bob@corp.io today")).isEqualTo(PersonalData.Kind.EMAIL);
        // test numbers from the card networks' documentation: Visa, Mastercard, Amex
        assertThat(PersonalData.detect("4111 1111 1111 1111")).isEqualTo(PersonalData.Kind.CARD);
        assertThat(PersonalData.detect("5500-0000-0000-0004")).isEqualTo(PersonalData.Kind.CARD);
        assertThat(PersonalData.detect("378282246310005")).isEqualTo(PersonalData.Kind.CARD);
        assertThat(PersonalData.detect("+49 30 1234567")).isEqualTo(PersonalData.Kind.PHONE);
        assertThat(PersonalData.detect("(555) 123-4567")).isEqualTo(PersonalData.Kind.PHONE);
        // not personal: a failing Luhn digit, an id, a date, a version, an at-sign without a domain
        assertThat(PersonalData.detect("4111 1111 1111 1112")).isNull();
        assertThat(PersonalData.detect("order-20261205-000123")).isNull();
        assertThat(PersonalData.detect("2026-12-05T10:00:00Z")).isNull();
        assertThat(PersonalData.detect("v2.1.0-canary")).isNull();
        assertThat(PersonalData.detect("@handle_only")).isNull();
        assertThat(PersonalData.detect("sha256:4f2a9c01b3e8d7a6")).isNull();
        // a digest whose digits pass the Luhn check (found on the demo log: a hashed column reported)
        assertThat(PersonalData.detect("sha256:a4111111111111111")).isNull();
        assertThat(PersonalData.detect("ab4111111111111111cd")).isNull();
    }
}
