// Small helpers shared by the modules: logging, strings, errno text, time.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "result.hpp"

namespace wpinit {

using Clock = std::chrono::steady_clock;
using Millis = std::chrono::milliseconds;

// One line on stderr, prefixed "wp-init: ", written with a single write(2).
void log_line(std::string_view message);

// Logs `message` and returns `code` (an exit code).
int fail(int code, const std::string& message);

// strerror text of an errno value, e.g. "No such file or directory".
std::string errno_text(int errnum);

// "<what>: <strerror(errno)>" for the current errno.
Error sys_error(std::string_view what);
Error sys_error(std::string_view what, int errnum);

// Split on runs of ASCII spaces and tabs (no quoting, no shell).
std::vector<std::string> split_words(std::string_view text);

// The words joined by single spaces (a command line for messages).
std::string join_words(const std::vector<std::string>& words);

// Strict decimal parse: digits only, no sign, no spaces, fits in int64 (nullopt otherwise).
std::optional<std::int64_t> parse_decimal(std::string_view text);

// Read a whole file; the error names the path.
Result<std::string> read_file(const std::string& path);

// Random bytes from the kernel (getrandom), hex encoded.
Result<std::string> random_hex(std::size_t bytes);

// Fill a buffer with kernel randomness.
Status random_bytes(void* buffer, std::size_t size);

// The machine's host name (gethostname), "unknown" if it fails.
std::string host_name();

// Current UTC time as RFC 3339, e.g. 2024-05-01T12:00:00Z.
std::string rfc3339_now();

// Milliseconds left until a deadline, never negative.
Millis remaining(Clock::time_point deadline);

}  // namespace wpinit
