#include "resolve/merge.h"

#include "base/diagnostic.h"

#include <algorithm>
#include <unordered_map>

namespace protokoll::resolve {
namespace {

// Entries with an id: the child's entry replaces the parent's in the
// parent's place (so a steering group can rename "Övriga" without moving
// it); a new id goes right after the entry the child wrote before it, or
// first when the child writes it first (so a joint meeting can put its
// second body's members right after the first body's).
//
// Ids are looked up in a hash map, not searched for: a layout of tens of
// thousands of roster entries must not take quadratic time. Since ids are
// unique in each file, a new entry lands after the parent entry the child
// last replaced (or after the new entries that followed it), so the result
// is the new entries before the first replaced one, then each parent entry
// followed by the new entries written after it.
template <typename T, typename Id>
std::vector<T> merge_by_id(const std::vector<T>& parent, const std::vector<T>& child, Id id) {
    std::vector<T> entries = parent;
    std::unordered_map<std::string, size_t> index;
    for (size_t i = 0; i < entries.size(); ++i) index.emplace(id(entries[i]), i);
    std::vector<T> front;
    std::vector<std::vector<T>> after(entries.size());
    std::vector<T>* next = &front;  // where a new entry goes
    for (const T& entry : child) {
        auto same = index.find(id(entry));
        if (same != index.end()) {
            entries[same->second] = entry;
            next = &after[same->second];
        } else {
            next->push_back(entry);
        }
    }
    std::vector<T> out = front;
    for (size_t i = 0; i < entries.size(); ++i) {
        out.push_back(entries[i]);
        out.insert(out.end(), after[i].begin(), after[i].end());
    }
    return out;
}

template <typename Map>
void merge_keys(Map& into, const Map& from) {
    for (const auto& [key, value] : from) into[key] = value;
}

}  // namespace

model::Layout merge_layouts(const model::Layout& parent, const model::Layout& child) {
    model::Layout out = parent;
    auto given = [&](const char* name) { return child.given.count(name) > 0; };
    // Identity is the child's: errors about the merged layout name it.
    out.path = child.path;
    out.id = child.id;
    out.extends = child.extends;
    out.extends_where = child.extends_where;
    out.where = child.where;
    out.given.insert(child.given.begin(), child.given.end());

    if (given("kind")) out.kind = child.kind;
    if (given("organisation")) out.organisation = child.organisation;
    // A steering group names its bodies itself: the child's list, when it has one, replaces the parent's.
    if (!child.bodies.empty()) out.bodies = child.bodies;
    if (given("page")) {
        const model::PageGeometry& from = child.page;
        model::PageGeometry& into = out.page;
        const std::pair<const char*, double model::PageGeometry::*> attributes[] = {
            {"margin-top", &model::PageGeometry::margin_top},
            {"margin-bottom", &model::PageGeometry::margin_bottom},
            {"margin-left", &model::PageGeometry::margin_left},
            {"margin-right", &model::PageGeometry::margin_right},
            {"header-top", &model::PageGeometry::header_top},
            {"footer-bottom", &model::PageGeometry::footer_bottom}};
        for (const auto& [name, member] : attributes)
            if (from.given.count(name)) into.*member = from.*member;
        into.given.insert(from.given.begin(), from.given.end());
        into.where = from.where;
    }
    if (given("fonts")) out.fonts = child.fonts;
    merge_keys(out.styles, child.styles);  // a style replaces the parent's style of that name as a whole
    if (given("first-page")) out.first_page = child.first_page;
    if (given("header")) out.header_lines = child.header_lines;
    if (given("footer")) out.footer = child.footer;
    merge_keys(out.labels, child.labels);
    merge_keys(out.labels_en, child.labels_en);
    if (!child.labels.empty() || child.labels_where.line) out.labels_where = child.labels_where;
    if (!child.labels_en.empty() || child.labels_en_where.line) out.labels_en_where = child.labels_en_where;
    if (given("sections")) out.section_order = child.section_order;
    if (given("hyphenation")) {
        const model::HyphenationSettings& from = child.hyphenation;
        model::HyphenationSettings& into = out.hyphenation;
        if (from.enabled) into.enabled = from.enabled;
        if (from.compounds) into.compounds = from.compounds;
        if (from.left_min) into.left_min = from.left_min;
        if (from.right_min) into.right_min = from.right_min;
        if (from.max_consecutive) into.max_consecutive = from.max_consecutive;
        // Exceptions add up: a word the child hyphenates differently replaces the parent's.
        auto plain = [](std::string w) {
            w.erase(std::remove(w.begin(), w.end(), '-'), w.end());
            return w;
        };
        std::unordered_map<std::string, size_t> index;
        for (size_t i = 0; i < into.exceptions.size(); ++i) index.emplace(plain(into.exceptions[i]), i);
        for (const std::string& word : from.exceptions) {
            auto [same, fresh] = index.emplace(plain(word), into.exceptions.size());
            if (fresh)
                into.exceptions.push_back(word);
            else
                into.exceptions[same->second] = word;
        }
        into.where = from.where;
    }
    // The order of signing is one rule: the child's replaces the parent's as a whole.
    if (given("signing-order")) out.signing_order = child.signing_order;
    if (given("time-zone")) {
        out.time_zone = child.time_zone;
        out.time_zone_where = child.time_zone_where;
    }
    if (given("notice")) out.notice = child.notice;
    if (child.appeal) out.appeal = child.appeal;  // per language
    if (child.appeal_en) out.appeal_en = child.appeal_en;
    out.groups = merge_by_id(parent.groups, child.groups, [](const model::GroupDefinition& g) { return g.id; });
    out.roster = merge_by_id(parent.roster, child.roster, [](const model::Person& p) { return p.id; });
    return out;
}

model::Layout merge_layout_chain(const std::vector<model::Layout>& chain) {
    if (chain.empty()) fail(SourceLocation{}, "no layout to merge");
    model::Layout out = chain.front();
    for (size_t i = 1; i < chain.size(); ++i) out = merge_layouts(out, chain[i]);
    return out;
}

}  // namespace protokoll::resolve
