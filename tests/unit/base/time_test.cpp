// The one date formatter of the documents protokoll writes, and TimeZone
// against glibc's own reading of the same tz database (localtime_r with TZ
// set): every zone below, at moments from 1901 to 2099 and around each year's
// changes, gives the same wall clock and offset.
#include "base/time.h"

#include "base/diagnostic.h"
#include "base/files.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <ctime>
#include <random>
#include <string>

using namespace protokoll;

TEST_CASE("pdf_date and iso8601_date name the same UTC instant", "[time]") {
    const std::time_t t = 1570095000;  // 2019-10-03 09:30:00 UTC
    CHECK(pdf_date(t) == "D:20191003093000+00'00'");
    CHECK(iso8601_date(t) == "2019-10-03T09:30:00+00:00");
    CHECK(pdf_date(0) == "D:19700101000000+00'00'");
    CHECK(iso8601_date(951782399) == "2000-02-28T23:59:59+00:00");
    const LocalTime leap = utc_time(951782400);  // the second after: 2000 is a leap year
    CHECK(leap.year == 2000);
    CHECK(leap.month == 2);
    CHECK(leap.day == 29);
    CHECK(leap.hour == 0);
}

namespace {

struct GlibcZone {
    explicit GlibcZone(const std::string& name) {
        const char* old = std::getenv("TZ");
        m_saved = old ? old : "";
        m_had = old != nullptr;
        setenv("TZ", name.c_str(), 1);
        tzset();
    }
    ~GlibcZone() {
        if (m_had) setenv("TZ", m_saved.c_str(), 1); else unsetenv("TZ");
        tzset();
    }
    std::string m_saved;
    bool m_had;
};

}  // namespace

TEST_CASE("a named zone shows the wall clock glibc shows, 1901 to 2099") {
    const char* zones[] = {"Europe/Stockholm", "America/St_Johns", "Asia/Kolkata", "Australia/Lord_Howe",
                           "America/Sao_Paulo", "Pacific/Chatham", "Europe/Dublin", "America/New_York",
                           "Africa/Casablanca", "Asia/Tokyo"};
    std::mt19937_64 random(20261203);
    for (const char* name : zones) {
        const TimeZone zone = TimeZone::named(name);
        GlibcZone glibc(name);
        std::vector<std::time_t> moments;
        for (long long t = -2145916800LL; t < 4102444800LL; t += 86400LL * 97 + 3607) moments.push_back(t);
        for (int i = 0; i < 2000; ++i) moments.push_back(static_cast<std::time_t>(random() % 4102444800ULL));
        // Around the changes of 2026 and 2060 (the table ends; the rule goes on): every 15 minutes in March and October.
        for (long long year_start : {1767225600LL, 2840140800LL})
            for (long long t = year_start + 59 * 86400LL; t < year_start + 304 * 86400LL; t += 900)
                if ((t - year_start) / 86400 < 100 || (t - year_start) / 86400 > 270) moments.push_back(t);
        int checked = 0, differ = 0;
        for (std::time_t t : moments) {
            std::tm tm{};
            localtime_r(&t, &tm);
            const LocalTime ours = zone.at(t);
            const bool same = ours.year == tm.tm_year + 1900 && ours.month == tm.tm_mon + 1 && ours.day == tm.tm_mday &&
                              ours.hour == tm.tm_hour && ours.minute == tm.tm_min && ours.second == tm.tm_sec &&
                              ours.offset_seconds == tm.tm_gmtoff && ours.abbreviation == tm.tm_zone;
            if (!same && differ++ < 3) {
                INFO(name << " at " << t << ": ours " << display_time(t, zone, true) << " " << ours.abbreviation
                          << ", glibc offset " << tm.tm_gmtoff << " " << tm.tm_zone);
                CHECK(same);
            }
            ++checked;
        }
        INFO(name << ": " << differ << " of " << checked << " moments differ");
        CHECK(differ == 0);
    }
}

TEST_CASE("PDF dates and displayed times carry the zone's offset, Z for UTC") {
    const TimeZone stockholm = TimeZone::named("Europe/Stockholm");
    const std::time_t winter = 1767272400;  // 2026-01-01 13:00:00 UTC
    const std::time_t summer = 1782914400;  // 2026-07-01 14:00:00 UTC
    CHECK(pdf_date(winter, stockholm) == "D:20260101140000+01'00'");
    CHECK(pdf_date(summer, stockholm) == "D:20260701160000+02'00'");
    CHECK(pdf_date(winter, TimeZone::utc()) == "D:20260101130000Z");
    CHECK(pdf_date(winter, TimeZone::named("America/St_Johns")) == "D:20260101093000-03'30'");
    CHECK(display_time(winter, stockholm, true) == "2026-01-01 14:00:00 +01:00");
    CHECK(display_time(winter, TimeZone::utc(), false) == "2026-01-01 13:00:00");
    CHECK(stockholm.at(summer).abbreviation == "CEST");
    // Whatever the process's TZ says.
    GlibcZone elsewhere("America/Los_Angeles");
    CHECK(pdf_date(winter, stockholm) == "D:20260101140000+01'00'");
}

TEST_CASE("a zone that does not exist, a path and a damaged file are bad input") {
    for (const char* name : {"Europe/Atlantis", "../../etc/passwd", "/etc/localtime", "", "Europe/Stock holm"}) {
        INFO(name);
        try {
            TimeZone::named(name);
            FAIL("accepted");
        } catch (const Error& e) {
            CHECK(e.code() == ErrorCode::BadInput);
            CHECK(e.render().find("time zone") != std::string::npos);
        }
    }
    const std::string good = read_file("/usr/share/zoneinfo/Europe/Stockholm");
    // Every truncation and 5 000 random corruptions: a zone or bad input, never a crash.
    int rejected = 0;
    for (size_t n = 0; n < good.size(); n += 7) {
        try {
            TimeZone::from_tzif("cut", good.substr(0, n)).at(1767272400);
        } catch (const Error& e) {
            CHECK(e.code() == ErrorCode::BadInput);
            ++rejected;
        }
    }
    CHECK(rejected > 0);
    std::mt19937 random(7);
    for (int i = 0; i < 5000; ++i) {
        std::string bytes = good;
        for (int flips = 0; flips < 4; ++flips) bytes[random() % bytes.size()] = static_cast<char>(random());
        try {
            const LocalTime t = TimeZone::from_tzif("damaged", bytes).at(static_cast<std::time_t>(random()));
            CHECK(t.month >= 1);
        } catch (const Error& e) {
            CHECK(e.code() == ErrorCode::BadInput);
        }
    }
}

TEST_CASE("a named zone gives the offsets and wall clock glibc gives for TZ set to that name") {
    // 4102444799 (2099) lies past every table: the TZif footer's POSIX rule answers.
    const std::time_t moments[] = {1767272400, 1782914400, 946684800, 4102444799};
    for (const char* tz : {"Europe/Stockholm", "America/St_Johns", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"}) {
        const char* old = std::getenv("TZ");
        const std::string saved = old ? old : "";
        setenv("TZ", tz, 1);
        tzset();
        const TimeZone zone = TimeZone::named(tz);
        for (std::time_t t : moments) {
            std::tm tm{};
            localtime_r(&t, &tm);
            const LocalTime ours = zone.at(t);
            INFO(tz << " at " << t);
            CHECK(ours.offset_seconds == tm.tm_gmtoff);
            CHECK(ours.hour == tm.tm_hour);
            CHECK(ours.day == tm.tm_mday);
        }
        if (old) setenv("TZ", saved.c_str(), 1); else unsetenv("TZ");
        tzset();
    }
}
