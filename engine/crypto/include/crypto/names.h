// crypto: whether a signature field's person and a certificate's
// name are the same person's. Plain strings (UTF-8), no PDF and no OpenSSL, so
// that the rule can be tested on its own. The rule is documented in
// docs/signing.md ("Whose field").
#pragma once

#include <string>
#include <vector>

namespace protokoll::sign::detail {

// The words of a person's name, normalised for comparison: split at white
// space (any Unicode space, no-break spaces included), letters compared
// without case (Latin, Greek and Cyrillic), precomposed and decomposed
// letters alike ("Å" is "A" + U+030A), hyphen and apostrophe variants as
// '-' and '\''; invisible characters (soft hyphen, zero-width spaces) dropped.
// A hyphenated name stays one word ("britt-marie"). Each word is UTF-8.
std::vector<std::string> person_words(const std::string& name);

// The person a field is for (`field_person`, as the protocol writes the name)
// is the person `certificate_name` names: both have words; the last word
// (the surname) is the same; the field's other words all appear among the
// certificate's other words, in the same order ("Kent Lagrell" is "Kent Olof
// Lagrell", and "Olof Lagrell" is too, but "Kent Lagrell" is not "Kent
// Lagrellsson", "Lagrell Kent" or "Kent Olof Lagrell Berg"). A field of one
// word matches only a certificate name of exactly that word.
bool same_person(const std::string& field_person, const std::string& certificate_name);

}  // namespace protokoll::sign::detail
