// The PKCS#12 password: never from the command line (it would show in ps and
// the shell history), but from a file, an environment variable the user names,
// or the terminal with echo off.
#pragma once

#include <string>

namespace protokoll::cli {

class Arguments;

// --password-file FILE, --password-env NAME, else asks on the terminal; with
// neither and no terminal on stdin, a usage error.
std::string sign_password(const Arguments& args, const std::string& p12);

}  // namespace protokoll::cli
