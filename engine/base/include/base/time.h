// Instants as the PDF and XMP write them: the one formatter for dates in
// documents protokoll makes (write's and finish's /CreationDate, /ModDate and
// XMP dates). Always UTC, from a std::time_t, never the clock.
#pragma once

#include <ctime>
#include <string>

namespace protokoll {

// A std::time_t broken down in UTC (gmtime_r), fields as people count them.
struct UtcTime {
    int year = 1970, month = 1, day = 1;   // month 1-12, day 1-31
    int hour = 0, minute = 0, second = 0;
};
UtcTime utc_time(std::time_t time);

// PDF date string (ISO 32000-1 § 7.9.4) with an explicit zero offset,
// "D:20191003093000+00'00'", the form every PDF/A validator accepts.
std::string pdf_date(std::time_t time);

// The same instant in ISO 8601 as XMP wants it, "2019-10-03T09:30:00+00:00".
std::string iso8601_date(std::time_t time);

}  // namespace protokoll
