// wp-init: the container entrypoint (PID 1). `main` only dispatches; see app.cpp.
#include <cstdio>
#include <string>
#include <string_view>

#include "app.hpp"
#include "util.hpp"

#ifndef WPINIT_VERSION
#define WPINIT_VERSION "dev"
#endif

int main(int argc, char** argv) {
    const std::string_view command = argc > 1 ? argv[1] : "run";
    if (argc > 2) {
        wpinit::log_line("unexpected argument \"" + std::string(argv[2]) +
                         "\" (usage: wp-init [run|healthcheck|cron|version])");
        return wpinit::kExitUsage;
    }
    if (command == "version") {
        std::printf("wp-init %s\n", WPINIT_VERSION);
        return 0;
    }
    if (command == "run") return wpinit::run_main(wpinit::process_env(), WPINIT_VERSION);
    if (command == "healthcheck") return wpinit::healthcheck_main(wpinit::process_env());
    if (command == "cron") return wpinit::cron_main(wpinit::process_env());
    wpinit::log_line("unknown subcommand \"" + std::string(command) +
                     "\" (expected run, healthcheck, cron or version)");
    return wpinit::kExitUsage;
}
