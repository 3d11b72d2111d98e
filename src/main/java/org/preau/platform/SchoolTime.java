package org.preau.platform;

import java.time.ZoneId;

/** School life happens in French metropolitan time: days, due dates and lesson times are shown in this zone. */
public final class SchoolTime {

    public static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    private SchoolTime() {}
}
