// A system library the archive opens when it first needs it rather than
// linking it: every protokoll process (render, sign, verify) would otherwise
// map and relocate it at start, and only archive commands call it. The
// functions are bound by name from Debian's library, the one its -dev
// package links. Private to archive.
#pragma once

#include "base/diagnostic.h"

#include <dlfcn.h>

#include <string>
#include <type_traits>

namespace protokoll::archive {

class SharedLibrary {
public:
    // Opens `soname`; a machine without it gets BadInput saying what needs
    // it (`purpose`) and which Debian package brings it.
    SharedLibrary(const char* soname, const std::string& purpose, const std::string& package) : m_soname(soname) {
        m_handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
        if (!m_handle)
            throw Error(ErrorCode::BadInput, {}, purpose + " needs " + soname + ": " + dlerror(),
                        {"install Debian's " + package + " (scripts/install-deps.sh)"});
    }
    // The library stays open for the process, as a linked one would.

    // Points `function` at the library's `name`, whose type it has.
    template <typename Function>
    void bind(Function& function, const char* name) const {
        void* symbol = dlsym(m_handle, name);
        if (!symbol) throw Error(ErrorCode::Internal, {}, m_soname + " has no " + name);
        function = reinterpret_cast<Function>(symbol);
    }

private:
    std::string m_soname;
    void* m_handle = nullptr;
};

// `Functions` (a struct of function pointers) filled by `bind_all` from
// `soname`, once a process, on the first call (each call site its own).
template <typename Functions, typename BindAll>
const Functions& bound_once(const char* soname, const char* purpose, const char* package, BindAll bind_all) {
    static const Functions functions = [&] {
        const SharedLibrary library(soname, purpose, package);
        Functions bound;
        bind_all(library, bound);
        return bound;
    }();
    return functions;
}

}  // namespace protokoll::archive
