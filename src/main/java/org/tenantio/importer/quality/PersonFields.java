package org.tenantio.importer.quality;

/** Canonical field names of the person contract that the built-in rules look at. */
public final class PersonFields {
    public static final String EMAIL = "email";
    public static final String EMAIL_MATCH = "email_match";
    public static final String PHONE = "phone";
    public static final String DATE_OF_BIRTH = "date_of_birth";
    public static final String COUNTRY = "country";
    public static final String STATE = "state";
    public static final String FIRST_NAME = "first_name";
    public static final String LAST_NAME = "last_name";
    public static final String GRADUATION_YEAR = "graduation_year";
    public static final String ATTENDED = "attended";
    public static final String HOURS = "hours";
    public static final String ORG_CODE = "org_code";

    private PersonFields() {
    }
}
