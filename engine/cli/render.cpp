#include "commands.h"

#include "batch.h"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>

#include "base/files.h"
#include "base/json.h"

namespace protokoll::cli {
namespace {

void print_report(const std::string& input, const typeset::Report& r, size_t warnings, bool json) {
    if (json) {
        std::cout << "{\"file\": " << json_string(input) << ", \"pages\": " << r.pages
                  << ", \"lines\": " << r.lines << ", \"hyphenated_lines\": " << r.hyphenated_lines
                  << ", \"worst_badness\": " << r.worst_badness
                  << ", \"overfull_lines\": " << r.overfull_lines
                  << ", \"underfull_lines\": " << r.underfull_lines
                  << ", \"widows_avoided\": " << r.widows_avoided
                  << ", \"orphans_avoided\": " << r.orphans_avoided
                  << ", \"words_broken_by_letters\": " << r.words_broken_by_letters
                  << ", \"warnings\": " << warnings << "}\n";
        return;
    }
    auto row = [](const char* label, const std::string& value) {
        char line[128];
        std::snprintf(line, sizeof line, "  %-26s %8s\n", label, value.c_str());
        std::cout << line;
    };
    std::ostringstream badness;
    badness.precision(1);
    badness << std::fixed << r.worst_badness;
    std::cout << input << '\n';
    row("pages", std::to_string(r.pages));
    row("lines set", std::to_string(r.lines));
    row("hyphenated lines", std::to_string(r.hyphenated_lines));
    row("worst line's badness", badness.str());
    row("overfull lines", std::to_string(r.overfull_lines));
    row("underfull lines", std::to_string(r.underfull_lines));
    row("widows avoided", std::to_string(r.widows_avoided));
    row("orphans avoided", std::to_string(r.orphans_avoided));
    row("words broken by letters", std::to_string(r.words_broken_by_letters));
    row("warnings", std::to_string(warnings));
}

}  // namespace

void print_warnings(const Warnings& warnings) {
    for (const auto& warning : warnings) {
        if (!warning.where.file.empty()) std::cerr << warning.where.file << ':' << warning.where.line << ": ";
        std::cerr << "warning: " << warning.message << '\n';
    }
}

namespace {

// "95,97", "93-95,98" (or with "–"): paragraph numbers, in any order.
std::vector<int> paragraph_numbers(const std::string& list) {
    auto bad = [&]() -> std::vector<int> {
        usage_error("--extract takes paragraph numbers such as 95,97 or 93-95, not \"" + list + "\"");
        return {};
    };
    std::vector<int> out;
    size_t at = 0;
    auto read_number = [&](int& into) {
        size_t start = at;
        long value = 0;
        while (at < list.size() && list[at] >= '0' && list[at] <= '9' && value < 1000000)
            value = value * 10 + (list[at++] - '0');
        into = static_cast<int>(value);
        return at > start && value > 0 && value < 1000000;
    };
    while (at <= list.size()) {
        int first = 0, last = 0;
        if (!read_number(first)) return bad();
        last = first;
        if (list.compare(at, 1, "-") == 0 || list.compare(at, 3, "\u2013") == 0) {
            at += list[at] == '-' ? 1 : 3;
            if (!read_number(last) || last < first || last - first > 10000) return bad();
        }
        for (int n = first; n <= last; ++n) out.push_back(n);
        if (at == list.size()) break;
        if (list[at] != ',') return bad();
        ++at;
    }
    return out;
}

}  // namespace

pipeline::RenderOptions render_options(const Arguments& args) {
    pipeline::RenderOptions options;
    options.data_dir = data_dir(args);
    options.font_cache = font_cache();
    options.timestamp = timestamp(args);
    std::string level = args.optional("--pdfa", "2a");
    if (level == "2a") options.level = finish::PdfA::Part2A;
    else if (level == "3a") options.level = finish::PdfA::Part3A;
    else if (level == "2b") options.level = finish::PdfA::Part2B;
    else if (level == "1b") options.level = finish::PdfA::Part1B;
    else usage_error("--pdfa takes 2a, 3a, 2b or 1b, not \"" + level + "\"");
    return options;
}

int render(int argc, char** argv) {
    Arguments args(argc, argv, 2,
                   {{"-o", "--pdfa", "--timestamp", "--data", "--extract", "--adjusted", "--posted", "--jobs"},
                    {},
                    {"--report", "--report=json", "--tags", "--public", "--notice"}});
    if (args.positional().empty()) usage_error("expected a protocol file (or several, or a directory of them)");
    std::string output = args.required("-o");
    // Several protocols, a directory of them, or -o DIR/: one PDF each in DIR.
    const bool batch = args.positional().size() > 1 || output.back() == '/' || is_directory(args.positional()[0]);
    int jobs = 1;
    if (args.has("--jobs")) {
        const std::string value = args.required("--jobs");
        char* end = nullptr;
        const long n = std::strtol(value.c_str(), &end, 10);
        if (value.empty() || *end != '\0' || n < 1 || n > 256) usage_error("--jobs takes a number of workers from 1 to 256, not \"" + value + "\"");
        jobs = static_cast<int>(n);
    }
    if (batch && (args.flag("--report") || args.flag("--report=json") || args.flag("--tags")))
        usage_error("--report and --tags print one protocol's figures: give one protocol file");
    if (!batch && args.has("--jobs")) usage_error("--jobs is for several protocols (-o DIR/)");
    std::string input = args.positional()[0];
    pipeline::RenderOptions options = render_options(args);
    options.outline = args.flag("--tags");
    if (args.has("--extract")) options.extract = paragraph_numbers(args.optional("--extract", ""));
    options.public_copy = args.flag("--public");
    options.notice = args.flag("--notice");
    options.adjusted = args.optional("--adjusted", "");
    options.posted = args.optional("--posted", "");
    if (options.notice && (options.public_copy || !options.extract.empty()))
        usage_error("--notice makes the posting notice alone: it takes neither --extract nor --public");
    if (!options.notice && (args.has("--adjusted") || args.has("--posted")))
        usage_error("--adjusted and --posted are the posting notice's dates: they go with --notice");
    if (options.outline && args.flag("--report=json"))
        usage_error("--tags prints text: it cannot go to stdout with --report=json");

    if (batch) return render_batch(batch_inputs(args.positional()), output, options, jobs);

    pipeline::RenderResult result = pipeline::render_file(input, options);
    write_file_atomically(output, result.pdf);
    print_warnings(result.warnings);
    const bool json = args.flag("--report=json");
    if (json || args.flag("--report"))
        print_report(input, result.report, result.warnings.size(), json);
    if (options.outline) std::cout << result.tags;
    return EXIT_OK;
}

}  // namespace protokoll::cli
