// The commands, each reading its own options (argv[2..]) and returning the
// exit code; errors are thrown as protokoll::Error and printed by main.
#pragma once

#include "arguments.h"
#include "base/diagnostic.h"
#include "pipeline/render.h"

namespace protokoll::cli {

int render(int argc, char** argv);   // render.cpp
int preview(int argc, char** argv);  // preview.cpp
int sign(int argc, char** argv);     // signing.cpp
int seal(int argc, char** argv);     // signing.cpp
int verify(int argc, char** argv);   // signing.cpp
int archive(int argc, char** argv);  // archive.cpp

// Shared by render and preview (render.cpp).
pipeline::RenderOptions render_options(const Arguments& args);
void print_warnings(const Warnings& warnings);

}  // namespace protokoll::cli
