// The one date formatter of the documents protokoll writes.
#include "base/time.h"

#include <catch2/catch.hpp>

using namespace protokoll;

TEST_CASE("pdf_date and iso8601_date name the same UTC instant", "[time]") {
    const std::time_t t = 1570095000;  // 2019-10-03 09:30:00 UTC
    CHECK(pdf_date(t) == "D:20191003093000+00'00'");
    CHECK(iso8601_date(t) == "2019-10-03T09:30:00+00:00");
    CHECK(pdf_date(0) == "D:19700101000000+00'00'");
    CHECK(iso8601_date(951782399) == "2000-02-28T23:59:59+00:00");
    const UtcTime leap = utc_time(951782400);  // the second after: 2000 is a leap year
    CHECK(leap.year == 2000);
    CHECK(leap.month == 2);
    CHECK(leap.day == 29);
    CHECK(leap.hour == 0);
}
