#include "base/time.h"

#include <cstdio>

namespace protokoll {

UtcTime utc_time(std::time_t time) {
    std::tm tm{};
    gmtime_r(&time, &tm);
    UtcTime out;
    out.year = tm.tm_year + 1900;
    out.month = tm.tm_mon + 1;
    out.day = tm.tm_mday;
    out.hour = tm.tm_hour;
    out.minute = tm.tm_min;
    out.second = tm.tm_sec;
    return out;
}

namespace {

std::string format(std::time_t time, const char* pattern) {
    const UtcTime t = utc_time(time);
    char buf[64];
    std::snprintf(buf, sizeof buf, pattern, t.year, t.month, t.day, t.hour, t.minute, t.second);
    return buf;
}

}  // namespace

std::string pdf_date(std::time_t time) { return format(time, "D:%04d%02d%02d%02d%02d%02d+00'00'"); }

std::string iso8601_date(std::time_t time) { return format(time, "%04d-%02d-%02dT%02d:%02d:%02d+00:00"); }

}  // namespace protokoll
