-- The school-holiday zone (A, B or C of the national school calendar) of a school, when an import or an operator set
-- it: the CSV "zone" column, or the académie named by the national feed (ENTServAcAcademie). Empty means "derive it
-- from the UAI's département" (SchoolCalendar does, in code: HolidayZones), which is right for every metropolitan
-- school; Corse and the overseas académies have their own calendars and no zone. See docs/SCHOOL-CALENDAR.md.
ALTER TABLE school ADD COLUMN holiday_zone text CHECK (holiday_zone IN ('A', 'B', 'C'));
