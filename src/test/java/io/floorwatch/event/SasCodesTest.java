package io.floorwatch.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.config.ConfigException;
import io.floorwatch.config.FloorWatchConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC 8.5: the SAS exception code table, per-code overrides and the forms a code is written in. */
class SasCodesTest {

    @ParameterizedTest(name = "0x{0} is {1}")
    @CsvSource({
        // INTEGRITY: 31-3A, 7A
        "31, INTEGRITY",
        "35, INTEGRITY",
        "3A, INTEGRITY",
        "7A, INTEGRITY",
        // POWER_OFF_ACCESS: 98-9B
        "98, POWER_OFF_ACCESS",
        "99, POWER_OFF_ACCESS",
        "9A, POWER_OFF_ACCESS",
        "9B, POWER_OFF_ACCESS",
        // SERVICE: 23, 27, 2E, 71, 74
        "23, SERVICE",
        "27, SERVICE",
        "2E, SERVICE",
        "71, SERVICE",
        "74, SERVICE",
        // FAULT: 20-22, 25, 28, 29, 40-46, 60, 61, 78
        "20, FAULT",
        "21, FAULT",
        "22, FAULT",
        "25, FAULT",
        "28, FAULT",
        "29, FAULT",
        "40, FAULT",
        "43, FAULT",
        "46, FAULT",
        "60, FAULT",
        "61, FAULT",
        "78, FAULT",
        // OTHER: everything else, the range edges included
        "30, OTHER",
        "3B, OTHER",
        "79, OTHER",
        "7B, OTHER",
        "97, OTHER",
        "9C, OTHER",
        "24, OTHER",
        "26, OTHER",
        "2A, OTHER",
        "2F, OTHER",
        "3F, OTHER",
        "47, OTHER",
        "5F, OTHER",
        "62, OTHER",
        "70, OTHER",
        "72, OTHER",
        "73, OTHER",
        "75, OTHER",
        "0, OTHER",
        "FF, OTHER",
        "1234, OTHER"
    })
    void defaultTable(String hex, ErrorCategory expected) {
        assertEquals(expected, SasCodes.DEFAULTS.categoryOf(hex));
    }

    @ParameterizedTest
    @ValueSource(strings = {"61", "0x61", "0X061", "0x0061", " 61 ", "061"})
    void hexFormsOfTheSameCode(String code) {
        assertEquals("61", SasCodes.normalize(code));
        assertEquals(ErrorCategory.FAULT, SasCodes.DEFAULTS.categoryOf(code));
    }

    @Test
    void caseDoesNotMatter() {
        assertEquals(ErrorCategory.INTEGRITY, SasCodes.DEFAULTS.categoryOf("0x7a"));
        assertEquals(ErrorCategory.INTEGRITY, SasCodes.DEFAULTS.categoryOf("0X7A"));
        assertEquals(ErrorCategory.SERVICE, SasCodes.DEFAULTS.categoryOf("2e"));
        assertEquals("0x7A", SasCodes.display("0x07a"));
        assertEquals("0x05", SasCodes.display("5"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0x", "XYZ", "6G", "-61", "0x 61", "6.1", "E-STOP"})
    void missingOrNonHexIsOther(String code) {
        assertEquals(ErrorCategory.OTHER, SasCodes.DEFAULTS.categoryOf(code));
    }

    @Test
    void missingIsOther() {
        assertEquals(ErrorCategory.OTHER, SasCodes.DEFAULTS.categoryOf(null));
    }

    @Test
    void onlyFaultAndOtherCountAsErrors() {
        assertTrue(ErrorCategory.FAULT.countsAsError());
        assertTrue(ErrorCategory.OTHER.countsAsError());
        assertFalse(ErrorCategory.SERVICE.countsAsError());
        assertFalse(ErrorCategory.INTEGRITY.countsAsError());
        assertFalse(ErrorCategory.POWER_OFF_ACCESS.countsAsError());
    }

    static FloorWatchConfig cfg(Map<String, String> extra) {
        java.util.HashMap<String, String> m = new java.util.HashMap<>(extra);
        m.put("kafka.bootstrap-servers", "localhost:9092");
        return FloorWatchConfig.of(m);
    }

    @Test
    void overridesFromConfigurationInAnyHexFormAndCase() {
        SasCodes codes = cfg(Map.of(
                        "rules.sas-codes.7a", "FAULT", // a default INTEGRITY code made a fault
                        "rules.sas-codes.0x23", "fault", // a service code counted as an error (category any case)
                        "rules.SAS-CODES.0X0B5", "POWER_OFF_ACCESS", // an unlisted code given a category
                        "rules.sas-codes.61", "SERVICE"))
                .sasCodes(Map.of());
        assertEquals(ErrorCategory.FAULT, codes.categoryOf("0x7A"));
        assertEquals(ErrorCategory.FAULT, codes.categoryOf("23"));
        assertEquals(ErrorCategory.POWER_OFF_ACCESS, codes.categoryOf("b5"));
        assertEquals(ErrorCategory.SERVICE, codes.categoryOf("0X061"));
        assertEquals(ErrorCategory.INTEGRITY, codes.categoryOf("31"), "the rest of the table holds");
    }

    @Test
    void anUnknownCategoryIsAConfigurationErrorNamingTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> cfg(Map.of("rules.sas-codes.7a", "CRITICAL")));
        assertTrue(e.getMessage().startsWith("rules.sas-codes.7a: "), e.getMessage());
        assertTrue(e.getMessage().contains("INTEGRITY, POWER_OFF_ACCESS, SERVICE, FAULT, OTHER"), e.getMessage());
    }

    @Test
    void aKeyThatIsNoHexCodeIsAConfigurationError() {
        ConfigException e = assertThrows(ConfigException.class, () -> cfg(Map.of("rules.sas-codes.door", "FAULT")));
        assertTrue(e.getMessage().startsWith("rules.sas-codes.door: "), e.getMessage());
    }

    @Test
    void twoCategoriesForOneCodeAreAConfigurationError() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> cfg(Map.of("rules.sas-codes.7a", "FAULT", "rules.sas-codes.0x7A", "OTHER")));
        assertTrue(e.getMessage().contains("0x7a"), e.getMessage());
    }

    @Test
    void yamlNestedMapsGiveTheSameKeys(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("f.yaml");
        java.nio.file.Files.writeString(
                file,
                "kafka:\n  bootstrap-servers: localhost:9092\nrules:\n  sas-codes:\n    7a: FAULT\n    0x98: SERVICE\n    61: OTHER\n"
                        + "  meter-variance:\n    min-amount: 250\n    ratio: 0.05\n");
        FloorWatchConfig c = FloorWatchConfig.fromArgs(new String[] {"--config", file.toString()}, Map.of());
        SasCodes codes = c.sasCodes(Map.of());
        assertEquals(ErrorCategory.FAULT, codes.categoryOf("7A"));
        assertEquals(ErrorCategory.SERVICE, codes.categoryOf("0x98"));
        assertEquals(ErrorCategory.OTHER, codes.categoryOf("61"));
        assertEquals(250_00L, c.get(io.floorwatch.config.Options.Sas.METER_VARIANCE_MIN_AMOUNT));
        assertEquals(new java.math.BigDecimal("0.05"), c.get(io.floorwatch.config.Options.Sas.METER_VARIANCE_RATIO));
    }
}
