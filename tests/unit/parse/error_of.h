// The Error a parse throws, for tests that look at its message and place; a
// parse that throws nothing fails the test.
#pragma once

#include "base/diagnostic.h"

#include <catch2/catch.hpp>

template <typename Parse>
protokoll::Error error_of(Parse parse) {
    try {
        parse();
    } catch (const protokoll::Error& e) {
        return e;
    }
    FAIL("no error");
    throw;
}
