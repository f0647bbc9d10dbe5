#include "base/time.h"

#include "base/diagnostic.h"
#include "base/files.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace protokoll {

LocalTime utc_time(std::time_t time) { return TimeZone::utc().at(time); }

long long days_from_civil(long long y, unsigned m, unsigned d) {
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}

void civil_from_days(long long z, int& year, int& month, int& day) {
    z += 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    year = static_cast<int>(yoe + era * 400 + (month <= 2));
}

namespace {

std::string format(std::time_t time, const char* pattern) {
    const LocalTime t = utc_time(time);
    char buf[64];
    std::snprintf(buf, sizeof buf, pattern, t.year, t.month, t.day, t.hour, t.minute, t.second);
    return buf;
}

}  // namespace

std::string pdf_date(std::time_t time) { return format(time, "D:%04d%02d%02d%02d%02d%02d+00'00'"); }

std::string iso8601_date(std::time_t time) { return format(time, "%04d-%02d-%02dT%02d:%02d:%02d+00:00"); }

// A POSIX TZ string as in a TZif v2+ footer: "CET-1CEST,M3.5.0,M10.5.0/3".
// Only the Mm.w.d form of dates is read (what the tz database writes); a
// zone without daylight saving time has no rule part.
struct TimeZone::Rule {
    struct Date {
        int month = 0, week = 0, weekday = 0;
        long time = 7200;  // seconds after local midnight
    };
    std::string standard_name, daylight_name;
    long standard_offset = 0, daylight_offset = 0;  // local = UTC + offset
    bool has_daylight = false;
    Date start, end;
};

namespace {

[[noreturn]] void bad_zone(const std::string& name, const std::string& what) {
    throw Error(ErrorCode::BadInput, {}, "time zone \"" + name + "\": " + what,
                {"name a zone of the tz database, e.g. Europe/Stockholm"});
}


long long floor_div(long long a, long long b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// --- the POSIX rule -------------------------------------------------------

struct RuleReader {
    const std::string& text;
    size_t at = 0;
    bool ok = true;

    std::string name() {
        std::string out;
        if (at < text.size() && text[at] == '<') {
            const size_t close = text.find('>', at);
            if (close == std::string::npos) return ok = false, out;
            out = text.substr(at + 1, close - at - 1);
            at = close + 1;
            return out;
        }
        while (at < text.size() && std::isalpha(static_cast<unsigned char>(text[at]))) out += text[at++];
        if (out.size() < 3) ok = false;
        return out;
    }
    long number(int max) {
        long value = 0;
        int digits = 0;
        while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at])) && digits < 4)
            value = value * 10 + (text[at++] - '0'), ++digits;
        if (digits == 0 || value > max) ok = false;
        return value;
    }
    // [+-]hh[:mm[:ss]]; POSIX writes offsets west of Greenwich as positive.
    long clock(int max_hours) {
        int sign = 1;
        if (at < text.size() && (text[at] == '+' || text[at] == '-')) sign = text[at++] == '-' ? -1 : 1;
        long seconds = number(max_hours) * 3600;
        if (at < text.size() && text[at] == ':') ++at, seconds += number(59) * 60;
        if (at < text.size() && text[at] == ':') ++at, seconds += number(59);
        return sign * seconds;
    }
    TimeZone::Rule::Date date() {
        TimeZone::Rule::Date d;
        if (at >= text.size() || text[at] != 'M') return ok = false, d;
        ++at;
        d.month = static_cast<int>(number(12));
        if (at >= text.size() || text[at++] != '.') ok = false;
        d.week = static_cast<int>(number(5));
        if (at >= text.size() || text[at++] != '.') ok = false;
        d.weekday = static_cast<int>(number(6));
        if (d.month < 1 || d.week < 1) ok = false;
        if (at < text.size() && text[at] == '/') ++at, d.time = clock(167);
        return d;
    }
};

bool parse_rule(const std::string& text, TimeZone::Rule& rule) {
    RuleReader r{text};
    rule.standard_name = r.name();
    rule.standard_offset = -r.clock(24);
    if (!r.ok) return false;
    if (r.at == text.size()) return true;
    rule.has_daylight = true;
    rule.daylight_name = r.name();
    rule.daylight_offset = rule.standard_offset + 3600;
    if (r.at < text.size() && text[r.at] != ',') rule.daylight_offset = -r.clock(24);
    if (r.at >= text.size() || text[r.at++] != ',') return false;
    rule.start = r.date();
    if (r.at >= text.size() || text[r.at++] != ',') return false;
    rule.end = r.date();
    return r.ok && r.at == text.size();
}

// Local seconds since 1970 at which date d of year begins to apply (local time
// `offset` in force before it).
long long rule_moment(int year, const TimeZone::Rule::Date& d) {
    const long long first = days_from_civil(year, static_cast<unsigned>(d.month), 1);
    const int first_weekday = static_cast<int>(((first % 7) + 11) % 7);  // 1970-01-01 was a Thursday (4)
    long long day = first + (d.weekday - first_weekday + 7) % 7 + 7LL * (d.week - 1);
    const int next_month = d.month == 12 ? 1 : d.month + 1;
    const long long month_end = days_from_civil(d.month == 12 ? year + 1 : year, static_cast<unsigned>(next_month), 1);
    while (day >= month_end) day -= 7;  // week 5: the last such weekday
    return day * 86400 + d.time;
}

struct Offset {
    long seconds;
    std::string abbreviation;
};

Offset rule_offset(const TimeZone::Rule& rule, long long utc) {
    if (!rule.has_daylight) return {rule.standard_offset, rule.standard_name};
    int year, month, day;
    civil_from_days(floor_div(utc + rule.standard_offset, 86400), year, month, day);
    const long long start = rule_moment(year, rule.start) - rule.standard_offset;
    const long long end = rule_moment(year, rule.end) - rule.daylight_offset;
    const bool daylight = start < end ? (utc >= start && utc < end) : !(utc >= end && utc < start);
    return daylight ? Offset{rule.daylight_offset, rule.daylight_name} : Offset{rule.standard_offset, rule.standard_name};
}

// --- TZif -----------------------------------------------------------------

struct Reader {
    const std::string& bytes;
    size_t at = 0;
    bool need(size_t n) const { return at <= bytes.size() && bytes.size() - at >= n; }
    long long be(int n) {
        unsigned long long v = 0;
        for (int i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[at++]);
        if (n == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
        return static_cast<long long>(v);
    }
};

}  // namespace

TimeZone TimeZone::utc() {
    TimeZone zone;
    zone.m_name = "UTC";
    zone.m_types.push_back({0, "UTC"});
    return zone;
}

bool is_time_zone_name(const std::string& name) {
    // Names are paths below the database: no "..", no absolute paths.
    return !name.empty() && name.size() <= 64 && name[0] != '/' && name.find("..") == std::string::npos &&
           name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/_+-") ==
               std::string::npos;
}

TimeZone TimeZone::named(const std::string& name, const std::string& zoneinfo_dir) {
    if (name == "UTC" || name == "Etc/UTC") return utc();
    if (!is_time_zone_name(name)) bad_zone(name, "not a time zone name");
    std::string bytes;
    try {
        bytes = read_file(zoneinfo_dir + "/" + name);
    } catch (const Error&) {
        bad_zone(name, "no such zone in " + zoneinfo_dir);
    }
    return from_tzif(name, bytes);
}

TimeZone TimeZone::from_tzif(const std::string& name, const std::string& bytes) {
    Reader r{bytes};
    auto header = [&](long long counts[6]) {
        if (!r.need(44) || bytes.compare(r.at, 4, "TZif") != 0) bad_zone(name, "not a TZif file");
        const char version = bytes[r.at + 4];
        r.at += 20;
        for (int i = 0; i < 6; ++i) counts[i] = r.be(4);  // isutc, isstd, leap, time, type, char
        for (int i = 0; i < 6; ++i)
            if (counts[i] < 0 || counts[i] > 100000) bad_zone(name, "a damaged TZif file");
        return version;
    };
    long long c[6];
    const char version = header(c);
    int width = 4;
    if (version >= '2') {  // skip the 32-bit block; read the 64-bit one
        const long long skip = c[3] * 5 + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0];
        if (!r.need(static_cast<size_t>(skip))) bad_zone(name, "a damaged TZif file");
        r.at += static_cast<size_t>(skip);
        header(c);
        width = 8;
    }
    const long long isutc = c[0], isstd = c[1], leap = c[2], times = c[3], types = c[4], chars = c[5];
    const long long size = times * (width + 1) + types * 6 + chars + leap * (width + 4) + isstd + isutc;
    if (types < 1 || !r.need(static_cast<size_t>(size))) bad_zone(name, "a damaged TZif file");
    TimeZone zone;
    zone.m_name = name;
    for (long long i = 0; i < times; ++i) zone.m_transitions.push_back(r.be(width));
    for (long long i = 0; i < times; ++i) {
        const unsigned char t = static_cast<unsigned char>(bytes[r.at++]);
        if (t >= types) bad_zone(name, "a damaged TZif file");
        zone.m_type_of.push_back(t);
    }
    const size_t types_at = r.at, chars_at = types_at + static_cast<size_t>(types) * 6;
    for (long long i = 0; i < types; ++i) {
        r.at = types_at + static_cast<size_t>(i) * 6;
        Type type;
        type.offset = static_cast<long>(r.be(4));
        r.at += 1;  // isdst
        const size_t index = static_cast<unsigned char>(bytes[r.at]);
        if (index < static_cast<size_t>(chars)) {
            const size_t from = chars_at + index, end = bytes.find('\0', from);
            type.abbreviation = bytes.substr(from, std::min(end, chars_at + static_cast<size_t>(chars)) - from);
        }
        zone.m_types.push_back(type);
    }
    if (!std::is_sorted(zone.m_transitions.begin(), zone.m_transitions.end())) bad_zone(name, "a damaged TZif file");
    r.at = chars_at + static_cast<size_t>(chars) + static_cast<size_t>(leap * (width + 4) + isstd + isutc);
    if (width == 8 && r.need(2) && bytes[r.at] == '\n') {
        const size_t end = bytes.find('\n', r.at + 1);
        if (end != std::string::npos && end - r.at - 1 <= 64) {
            auto rule = std::make_shared<Rule>();
            if (parse_rule(bytes.substr(r.at + 1, end - r.at - 1), *rule) && end > r.at + 1) zone.m_rule = rule;
        }
    }
    return zone;
}

LocalTime TimeZone::at(std::time_t time) const {
    const long long utc = static_cast<long long>(time);
    Offset offset{m_types.front().offset, m_types.front().abbreviation};
    if (!m_transitions.empty() && utc >= m_transitions.back() && m_rule) {
        offset = rule_offset(*m_rule, utc);
    } else if (!m_transitions.empty() && utc >= m_transitions.front()) {
        const size_t i = static_cast<size_t>(std::upper_bound(m_transitions.begin(), m_transitions.end(), utc) -
                                             m_transitions.begin()) - 1;
        const Type& type = m_types[m_type_of[i]];
        offset = {type.offset, type.abbreviation};
    } else if (m_transitions.empty() && m_rule) {
        offset = rule_offset(*m_rule, utc);
    }
    LocalTime local;
    const long long seconds = utc + offset.seconds;
    const long long days = floor_div(seconds, 86400);
    civil_from_days(days, local.year, local.month, local.day);
    const long long rest = seconds - days * 86400;
    local.hour = static_cast<int>(rest / 3600);
    local.minute = static_cast<int>(rest % 3600 / 60);
    local.second = static_cast<int>(rest % 60);
    local.offset_seconds = offset.seconds;
    local.abbreviation = offset.abbreviation;
    return local;
}

namespace {
std::string offset_text(long offset, const char* separator) {
    const char sign = offset < 0 ? '-' : '+';
    if (offset < 0) offset = -offset;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%c%02ld%s%02ld%s", sign, offset / 3600, separator, offset % 3600 / 60,
                  std::strcmp(separator, "'") == 0 ? "'" : "");
    return buf;
}
}  // namespace

std::string pdf_date(std::time_t time, const TimeZone& zone) {
    const LocalTime t = zone.at(time);
    char buf[64];
    std::snprintf(buf, sizeof buf, "D:%04d%02d%02d%02d%02d%02d", t.year, t.month, t.day, t.hour, t.minute, t.second);
    return std::string(buf) + (t.offset_seconds == 0 ? "Z" : offset_text(t.offset_seconds, "'"));
}

std::string display_time(std::time_t time, const TimeZone& zone, bool with_offset) {
    const LocalTime t = zone.at(time);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", t.year, t.month, t.day, t.hour, t.minute, t.second);
    return with_offset ? std::string(buf) + " " + offset_text(t.offset_seconds, ":") : buf;
}

}  // namespace protokoll
