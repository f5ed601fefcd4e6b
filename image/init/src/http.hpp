// The container health check: HTTP/1.0 GET with one total deadline, no curl needed.
#pragma once

#include <string>
#include <string_view>

#include "config.hpp"
#include "result.hpp"
#include "util.hpp"

namespace wpinit {

struct Url {
    std::string host;
    int port = 80;
    std::string path = "/";
    bool operator==(const Url&) const = default;
};

// http://host[:port][/path]; IPv6 hosts in brackets. Only plain http.
Result<Url> parse_http_url(std::string_view url);

// Status code from the first line of a response ("HTTP/1.1 200 OK").
Result<int> parse_status_line(std::string_view response);

// Connects, sends GET, reads the status line; everything before the deadline.
Result<int> http_get_status(const Url& url, Clock::time_point deadline);

// `wp-init healthcheck`: GET WPECS_HEALTHCHECK_URL (default kDefaultHealthcheckUrl) within
// 3 s; 0 on HTTP 200, 1 otherwise, kExitUsage for a bad URL.
int healthcheck_main(const EnvLookup& env);

}  // namespace wpinit
