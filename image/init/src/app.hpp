// wp-init's commands, `wp-init [run|healthcheck|cron|version]`: a table of names and the
// functions that run them (start.hpp, http.hpp, cron.hpp).
#pragma once

#include <string_view>

namespace wpinit {

// Runs the command named by argv[1] ("run" when there is none); returns its exit code.
int app_main(int argc, const char* const* argv, std::string_view version);

}  // namespace wpinit
