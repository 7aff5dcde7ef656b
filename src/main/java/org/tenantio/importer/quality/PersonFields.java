package org.tenantio.importer.quality;

/** Canonical field names of the person contract that the built-in rules look at. */
public final class PersonFields {
    public static final String EMAIL = "email";
    public static final String PHONE = "phone";
    public static final String DATE_OF_BIRTH = "date_of_birth";
    public static final String COUNTRY = "country";

    private PersonFields() {
    }
}
