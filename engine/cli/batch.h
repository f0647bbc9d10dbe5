// render with many protocols: one process, optionally several workers.
#pragma once

#include "commands.h"

#include <string>
#include <vector>

namespace protokoll::cli {

bool is_directory(const std::string& path);

// The positional arguments with each directory replaced by its *.xml files, by name.
std::vector<std::string> batch_inputs(const std::vector<std::string>& positional);

// Renders each input to OUT_DIR/NAME.pdf (made if missing); returns the exit
// code: 0, or 2 when any document failed (each reported as it fails).
int render_batch(const std::vector<std::string>& inputs, const std::string& out_dir,
                 const pipeline::RenderOptions& options, int jobs);

}  // namespace protokoll::cli
