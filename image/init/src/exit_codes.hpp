// wp-init's exit codes (README.md, "Exit codes").
#pragma once

namespace wpinit {

// Exit codes (sysexits.h where one fits).
inline constexpr int kExitUsage = 64;        // bad configuration or command line
inline constexpr int kExitUnavailable = 69;  // database did not answer in time
inline constexpr int kExitSoftware = 70;     // database upgrade command failed
inline constexpr int kExitOsErr = 71;        // fork/signal setup failed
inline constexpr int kExitIoErr = 74;        // seeding or salts on the volume failed
inline constexpr int kExitLockTimeout = 75;  // EX_TEMPFAIL: the volume lock stayed taken past WPECS_LOCK_TIMEOUT

}  // namespace wpinit
