#include "http.hpp"

#include "exit_codes.hpp"
#include "net.hpp"

namespace wpinit {

Result<Url> parse_http_url(std::string_view url) {
    constexpr std::string_view scheme = "http://";
    if (url.substr(0, scheme.size()) != scheme) return err("\"" + std::string(url) + "\" is not an http:// URL");
    auto rest = url.substr(scheme.size());
    auto slash = rest.find('/');
    auto authority = rest.substr(0, slash);
    Url out;
    if (slash != std::string_view::npos) out.path = std::string(rest.substr(slash));
    for (char c : out.path)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
            return err("\"" + std::string(url) + "\" contains a space or control character");
    auto hp = parse_host_port(authority, 80);
    if (!hp) return err("\"" + std::string(url) + "\": " + hp.error().message);
    out.host = hp->host;
    out.port = hp->port;
    return out;
}

Result<int> parse_status_line(std::string_view response) {
    auto eol = response.find("\r\n");
    auto line = response.substr(0, eol);
    if (line.substr(0, 5) != "HTTP/" || line.size() < 12 || line[8] != ' ')
        return err("not an HTTP response: \"" + std::string(line.substr(0, 40)) + "\"");
    auto code = parse_decimal(line.substr(9, 3));
    if (!code || (line.size() > 12 && line[12] != ' '))
        return err("bad status line: \"" + std::string(line.substr(0, 40)) + "\"");
    return static_cast<int>(*code);
}

Result<int> http_get_status(const Url& url, Clock::time_point deadline) {
    auto fd = tcp_connect(url.host, url.port, deadline);
    if (!fd) return fd.error();
    const std::string host = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
    const std::string request = "GET " + url.path + " HTTP/1.0\r\nHost: " + host + ":" + std::to_string(url.port) +
                                "\r\nUser-Agent: wp-init-healthcheck\r\nConnection: close\r\n\r\n";
    if (auto s = write_all(fd->get(), request, deadline); !s) return err("sending request: " + s.error().message);
    auto data = read_until(fd->get(), deadline,
                           [](const std::string& d) { return d.find("\r\n") != std::string::npos || d.size() > 8192; });
    if (!data) return err("reading response: " + data.error().message);
    if (data->empty()) return err("connection closed without a response");
    return parse_status_line(*data);
}

int healthcheck_main(const EnvLookup& env) {
    const std::string raw = env("WPECS_HEALTHCHECK_URL").value_or(std::string(kDefaultHealthcheckUrl));
    auto url = parse_http_url(raw);
    if (!url) return fail(kExitUsage, "WPECS_HEALTHCHECK_URL: " + url.error().message);
    auto status = http_get_status(*url, Clock::now() + Millis(3000));
    if (!status) return fail(1, "healthcheck " + raw + ": " + status.error().message);
    if (*status != 200) return fail(1, "healthcheck " + raw + ": HTTP status " + std::to_string(*status));
    return 0;
}

}  // namespace wpinit
