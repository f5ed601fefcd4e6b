#include "app.hpp"

#include <array>
#include <cstdio>
#include <string>

#include "config.hpp"
#include "cron.hpp"
#include "exit_codes.hpp"
#include "http.hpp"
#include "start.hpp"
#include "util.hpp"

namespace wpinit {
namespace {

struct Command {
    std::string_view name;
    int (*main)(const EnvLookup& env, std::string_view version);
};

constexpr std::array<Command, 4> kCommands{{
    {"run", [](const EnvLookup& env, std::string_view version) { return run_main(env, std::string(version)); }},
    {"healthcheck", [](const EnvLookup& env, std::string_view) { return healthcheck_main(env); }},
    {"cron", [](const EnvLookup& env, std::string_view) { return cron_main(env); }},
    {"version",
     [](const EnvLookup&, std::string_view version) {
         std::printf("wp-init %.*s\n", static_cast<int>(version.size()), version.data());
         return 0;
     }},
}};

}  // namespace

int app_main(int argc, const char* const* argv, std::string_view version) {
    const std::string_view name = argc > 1 ? argv[1] : "run";
    if (argc > 2)
        return fail(kExitUsage, "unexpected argument \"" + std::string(argv[2]) +
                                    "\" (usage: wp-init [run|healthcheck|cron|version])");
    for (const auto& command : kCommands)
        if (command.name == name) return command.main(process_env(), version);
    return fail(kExitUsage,
                "unknown subcommand \"" + std::string(name) + "\" (expected run, healthcheck, cron or version)");
}

}  // namespace wpinit
