// Instants as protokoll shows them, from a std::time_t, never the clock: the
// one formatter for dates in the documents it makes (write's and finish's
// /CreationDate, /ModDate and XMP dates in UTC; a signature's /M and its
// appearance in a zone), and the time zones they are shown in.
//
// A named time zone is read from the system's tz database (TZif files under
// /usr/share/zoneinfo), so that a time can be shown in the zone a layout
// names ("Europe/Stockholm") whatever the machine's TZ is: the zone is an
// input, not the process's global state.
#pragma once

#include <ctime>
#include <memory>
#include <string>
#include <vector>

namespace protokoll {

// A moment as a wall clock shows it in one zone.
struct LocalTime {
    int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0;
    long offset_seconds = 0;  // local = UTC + offset
    std::string abbreviation;  // "CET", "CEST", "UTC"
};

// A name TimeZone::named accepts: a relative path below the tz database of
// [A-Za-z0-9/_+-], no "..", at most 64 characters ("Europe/Stockholm").
bool is_time_zone_name(const std::string& name);

// Days since 1970-01-01 of a date of the proleptic Gregorian calendar, and back
// (Howard Hinnant's algorithms). 1970-01-01 is day 0, a Thursday.
long long days_from_civil(long long year, unsigned month, unsigned day);
void civil_from_days(long long days, int& year, int& month, int& day);

class TimeZone {
public:
    // Coordinated Universal Time.
    static TimeZone utc();
    // NAME from the tz database ("Europe/Stockholm"); throws Error(BadInput)
    // naming it when there is no such zone or its file is not TZif.
    static TimeZone named(const std::string& name, const std::string& zoneinfo_dir = "/usr/share/zoneinfo");
    // Parses TZif bytes (tests; hostile input is bad input, never a crash).
    static TimeZone from_tzif(const std::string& name, const std::string& bytes);

    const std::string& name() const { return m_name; }
    LocalTime at(std::time_t time) const;

    struct Rule;  // a POSIX TZ rule (the TZif footer) for times after the table

private:
    struct Type {
        long offset = 0;
        std::string abbreviation;
    };
    std::string m_name;
    std::vector<long long> m_transitions;    // UTC seconds, ascending
    std::vector<unsigned char> m_type_of;    // type index per transition
    std::vector<Type> m_types;
    std::shared_ptr<const Rule> m_rule;      // may be null
};

// "D:YYYYMMDDHHmmSS+HH'mm'" in the zone, "Z" for a zero offset (a
// signature's /M; PDF/A validators reject the "Z00'00'" form).
std::string pdf_date(std::time_t time, const TimeZone& zone);
// "YYYY-MM-DD HH:MM:SS +HH:MM" (with_offset) or "YYYY-MM-DD HH:MM:SS".
std::string display_time(std::time_t time, const TimeZone& zone, bool with_offset);

// A std::time_t broken down in UTC.
LocalTime utc_time(std::time_t time);

// PDF date string (ISO 32000-1 § 7.9.4) with an explicit zero offset,
// "D:20191003093000+00'00'", the form every PDF/A validator accepts.
std::string pdf_date(std::time_t time);

// The same instant in ISO 8601 as XMP wants it, "2019-10-03T09:30:00+00:00".
std::string iso8601_date(std::time_t time);

}  // namespace protokoll
