// Whether a field's person and a certificate's name are one person's
// (sign/names.h): strict enough that another person never matches, lenient
// enough that the same person with a middle name, another case or another
// Unicode form of "å ä ö" does.
#include "crypto/names.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using protokoll::sign::detail::person_words;
using protokoll::sign::detail::same_person;

TEST_CASE("names: the words of a name, normalised") {
    CHECK(person_words("  Kent \t Lagrell\n") == std::vector<std::string>{"kent", "lagrell"});
    CHECK(person_words("KENT LAGRELL") == person_words("kent lagrell"));
    // No-break space (U+00A0) and narrow no-break space (U+202F) separate words.
    CHECK(person_words("Kent\xC2\xA0Lagrell") == person_words("Kent Lagrell"));
    CHECK(person_words("Kent\xE2\x80\xAFLagrell") == person_words("Kent Lagrell"));
    // A soft hyphen or a zero-width space is not there.
    CHECK(person_words("Lag\xC2\xADrell") == person_words("Lagrell"));
    CHECK(person_words("Lag\xE2\x80\x8Brell") == person_words("Lagrell"));
    // A hyphenated name is one word; a non-breaking hyphen (U+2011) is a hyphen.
    CHECK(person_words("Britt-Marie Kuylenstierna") == std::vector<std::string>{"britt-marie", "kuylenstierna"});
    CHECK(person_words("Britt\xE2\x80\x91Marie Kuylenstierna") == person_words("Britt-Marie Kuylenstierna"));
    CHECK(person_words("") .empty());
    CHECK(person_words(" \t ").empty());
}

TEST_CASE("names: å ä ö in any case and in either Unicode form") {
    const std::string precomposed = "\xC3\x85sa \xC3\x96" "berg";            // "Åsa Öberg", NFC
    const std::string decomposed = "A\xCC\x8Asa O\xCC\x88" "berg";           // A + U+030A, O + U+0308: NFD
    const std::string lower = "\xC3\xA5sa \xC3\xB6" "berg";                  // "åsa öberg"
    const std::string upper = "\xC3\x85SA \xC3\x96" "BERG";                  // "ÅSA ÖBERG"
    CHECK(same_person(precomposed, decomposed));
    CHECK(same_person(decomposed, precomposed));
    CHECK(same_person(precomposed, lower));
    CHECK(same_person(upper, decomposed));
    CHECK(same_person("Ove Dr\xC3\xB6scher", "OVE DRO\xCC\x88SCHER"));
    // The marks count: Öberg is not Oberg, Åsa not Asa, Ä not Å.
    CHECK_FALSE(same_person(precomposed, "Asa Oberg"));
    CHECK_FALSE(same_person("\xC3\x84sa \xC3\x96" "berg", precomposed));
    // Beyond Latin: Greek and Cyrillic capitals fold too.
    CHECK(same_person("\xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD \xD0\x9F\xD0\xB5\xD1\x82\xD1\x80\xD0\xBE\xD0\xB2",   // Иван Петров
                      "\xD0\x98\xD0\x92\xD0\x90\xD0\x9D \xD0\x9F\xD0\x95\xD0\xA2\xD0\xA0\xD0\x9E\xD0\x92")); // ИВАН ПЕТРОВ
}

TEST_CASE("names: the same person with a middle name matches") {
    CHECK(same_person("Kent Lagrell", "Kent Lagrell"));
    CHECK(same_person("Kent Lagrell", "Kent Olof Lagrell"));
    CHECK(same_person("Kent Lagrell", "Olof Kent Lagrell"));      // the name he goes by need not be the first
    CHECK(same_person("Olof Lagrell", "Kent Olof Lagrell"));
    CHECK(same_person("Kent Olof Lagrell", "Kent Olof Lagrell"));
    CHECK(same_person("Sandra Nielsen", "Sandra Goll Rasmussen Nielsen"));
    CHECK(same_person("Britt-Marie Kuylenstierna", "Britt-Marie Elisabet Kuylenstierna"));
}

TEST_CASE("names: another person never matches") {
    CHECK_FALSE(same_person("Sara Nordenhielm", "Kent Lagrell"));
    CHECK_FALSE(same_person("Kent Lagrell", "Kent Lagrellsson"));     // words, not prefixes
    CHECK_FALSE(same_person("Per Holm", "Per Holmberg"));
    CHECK_FALSE(same_person("Kent Lagrell", "Karin Lagrell"));        // a relative
    CHECK_FALSE(same_person("Kent Lagrell", "Lagrell Kent"));         // the surname is the last word
    CHECK_FALSE(same_person("Kent Lagrell", "Kent Lagrell Berg"));
    CHECK_FALSE(same_person("Kent Olof Lagrell", "Kent Lagrell"));    // the protocol's names must all be there
    CHECK_FALSE(same_person("Olof Kent Lagrell", "Kent Olof Lagrell"));  // in their order
    CHECK_FALSE(same_person("Anna Berg", "Anna-Lena Berg"));          // a hyphenated name is another name
    CHECK_FALSE(same_person("Britt-Marie Kuylenstierna", "Britt Marie Kuylenstierna"));
    CHECK_FALSE(same_person("Lagrell", "Kent Lagrell"));              // a surname alone is nobody in particular
    CHECK_FALSE(same_person("Kent", "Kent Lagrell"));
    CHECK(same_person("Madonna", "MADONNA"));                         // one word: exactly that word
    CHECK_FALSE(same_person("", "Kent Lagrell"));
    CHECK_FALSE(same_person("Kent Lagrell", ""));
    CHECK_FALSE(same_person("Kent Lagrell", "Kent L\xFF" "grell"));   // invalid UTF-8 is no letter
}
