// Resolver: the posting notice (anslagsbevis). Kommunallagen (2017:725)
// 8 kap. 12 §: the day after the protocol is adjusted, a notice on the
// notice board says so; 13 kap. 5 §: an appeal must arrive within three
// weeks of the day the notice went up; the notice stays up until then.
// A period that ends on a Saturday, a Sunday, a public holiday,
// midsommarafton, julafton or nyårsafton ends on the next working day
// instead (lag (1930:173) om beräkning av lagstadgad tid, 2 §).
#include "resolver.h"

#include "base/time.h"

#include <cstdio>

namespace protokoll::resolve {

namespace {

// YYYY-MM-DD as a day number (base/time.h), or false.
bool day_of(const std::string& date, long long& day) {
    int year = 0, month = 0, d = 0;
    char rest = 0;
    if (date.size() != 10 || std::sscanf(date.c_str(), "%4d-%2d-%2d%c", &year, &month, &d, &rest) != 3) return false;
    if (month < 1 || month > 12 || d < 1 || d > 31) return false;
    day = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(d));
    int y = 0, m = 0, dd = 0;
    civil_from_days(day, y, m, dd);
    return y == year && m == month && dd == d;  // not 2026-02-30
}

std::string date_of(long long day) {
    int year = 0, month = 0, d = 0;
    civil_from_days(day, year, month, d);
    char out[16];
    std::snprintf(out, sizeof out, "%04d-%02d-%02d", year, month, d);
    return out;
}

int weekday(long long day) { return static_cast<int>(((day % 7) + 7 + 4) % 7); }  // 0 Sunday … 6 Saturday

// Easter Sunday (the anonymous Gregorian algorithm).
long long easter(int year) {
    const int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
    const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
    const int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
    return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

// Whether a period of law may not end on `day` (lag 1930:173, 2 §).
bool closed(long long day) {
    const int wd = weekday(day);
    if (wd == 0 || wd == 6) return true;
    int year = 0, month = 0, d = 0;
    civil_from_days(day, year, month, d);
    const int md = month * 100 + d;
    for (int fixed : {101, 106, 501, 606, 1224, 1225, 1226, 1231})
        if (md == fixed) return true;
    const long long sunday = easter(year);
    if (day == sunday - 2 || day == sunday + 1 || day == sunday + 39) return true;  // långfredag, annandag påsk, Kristi himmelsfärd
    return month == 6 && d >= 19 && d <= 25 && wd == 5;                             // midsommarafton
}

}  // namespace

// The notice's dates: the protocol's <notice>, overridden by the options;
// the last day of appeal and the day the notice comes down follow. With
// `required`, a missing date is an error; without, none is returned.
std::optional<Resolver::NoticeDates> Resolver::notice_dates(bool required) const {
    const SourceLocation& at = m_protocol.notice ? m_protocol.notice->where : m_protocol.where;
    if (!m_layout.notice)
        fail(m_layout.where, "layout \"" + m_layout.id + "\" has no <notice>: it makes no posting notice",
             {"add <notice kept=\"where the protocol is kept\"/> to the layout"});
    NoticeDates dates;
    if (m_protocol.notice) {
        dates.adjusted = m_protocol.notice->adjusted;
        dates.posted = m_protocol.notice->posted;
    }
    if (!m_options.adjusted.empty()) dates.adjusted = m_options.adjusted;
    if (!m_options.posted.empty()) dates.posted = m_options.posted;
    if (dates.adjusted.empty() || dates.posted.empty()) {
        if (!required) return std::nullopt;
        fail(at, std::string("the posting notice needs the date the protocol was ") +
                     (dates.adjusted.empty() ? "adjusted" : "posted"),
             {"give <notice adjusted=\"YYYY-MM-DD\" posted=\"YYYY-MM-DD\"/> after <signatures>, "
              "or render --notice --adjusted DATE --posted DATE"});
    }
    long long meeting = 0, adjusted = 0, posted = 0;
    day_of(m_protocol.meeting.date, meeting);
    if (!day_of(dates.adjusted, adjusted)) fail(at, "the adjusted date \"" + dates.adjusted + "\" is not a date YYYY-MM-DD");
    if (!day_of(dates.posted, posted)) fail(at, "the posted date \"" + dates.posted + "\" is not a date YYYY-MM-DD");
    if (adjusted < meeting)
        fail(at, "the protocol is adjusted (" + dates.adjusted + ") before the meeting (" + m_protocol.meeting.date + ")");
    if (posted < adjusted)
        fail(at, "the notice is posted (" + dates.posted + ") before the protocol is adjusted (" + dates.adjusted + ")");
    long long last = posted + 21;
    while (closed(last)) ++last;
    dates.appeal_until = date_of(last);
    dates.taken_down = date_of(last + 1);
    return dates;
}

// "Organ: …", "Datum för anslags uppsättande: …": each a P whose label is bold.
void Resolver::build_notice(std::vector<document::Item>& flow, const NoticeDates& dates, bool own_document) {
    const int sect = tag(Role::Sect, 0);
    if (!own_document) {
        TextBlock heading = text_block("heading", label("notice-heading"), m_layout.notice->where, true);
        flow.push_back(tagged(heading, Role::H2, sect));
    }
    TextBlock intro = text_block("body", label("notice-text"), m_layout.notice->where, true);
    flow.push_back(tagged(intro, Role::P, sect));
    std::string paragraphs;
    if (!m_numbers.empty()) {
        paragraphs = number_text(m_numbers.front());
        if (m_numbers.back() != m_numbers.front()) paragraphs += "\u2013" + std::to_string(m_numbers.back());
    }
    const std::pair<const char*, std::string> lines[] = {
        {"notice-body", body_names()},
        {"notice-meeting-date", m_protocol.meeting.date},
        {m_kind == DocumentKind::Protocol ? "notice-paragraphs" : "notice-points", paragraphs},
        {"notice-adjusted", dates.adjusted},
        {"notice-posted", dates.posted},
        {"notice-appeal-until", dates.appeal_until},
        {"notice-taken-down", dates.taken_down},
        {"notice-kept", m_layout.notice->kept}};
    for (const auto& [key, value] : lines) {
        TextBlock line = labelled_line(label(key) + ": ", value, m_layout.notice->where);
        line.keep_together = true;
        flow.push_back(tagged(line, Role::P, sect));
    }
    end_with_paragraph_space(flow);
    TextBlock rule = text_block("body", label("notice-appeal-rule"), m_layout.notice->where, own_document);
    flow.push_back(tagged(rule, Role::P, sect));
}

}  // namespace protokoll::resolve
