#include "salts.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include "seed.hpp"

namespace wpinit {

Result<std::string> generate_salt(std::size_t length, const std::function<Status(void*, std::size_t)>& random) {
    const std::size_t n = kSaltAlphabet.size();
    const std::size_t limit = 256 - (256 % n);  // bytes >= limit would bias the result
    std::string out;
    unsigned char buf[128];
    while (out.size() < length) {
        if (auto s = random(buf, sizeof buf); !s) return s.error();
        for (unsigned char b : buf) {
            if (b >= limit) continue;
            out.push_back(kSaltAlphabet[b % n]);
            if (out.size() == length) break;
        }
    }
    return out;
}

Result<Salts> generate_salts(const std::function<Status(void*, std::size_t)>& random) {
    Salts salts;
    for (auto& s : salts) {
        auto v = generate_salt(64, random);
        if (!v) return v.error();
        s = *v;
    }
    return salts;
}

std::string render_salts_php(const Salts& salts) {
    auto php_quote = [](const std::string& v) {
        std::string out = "'";
        for (char c : v) {
            if (c == '\'' || c == '\\') out.push_back('\\');
            out.push_back(c);
        }
        return out + "'";
    };
    std::string out = "<?php\n// Generated once by wp-init; shared by every replica. Keep it secret.\nreturn array(\n";
    for (std::size_t i = 0; i < salts.size(); ++i)
        out += "    '" + std::string(kSaltNames[i]) + "' => " + php_quote(salts[i]) + ",\n";
    return out + ");\n";
}

Result<SaltsReport> ensure_salts_file(const std::string& shared_dir, const Owner& owner) {
    SaltsReport report{false, volume::state_path(shared_dir, volume::kSalts)};
    auto dir = open_wpecs(shared_dir);
    if (!dir) return dir.error();
    struct stat st{};
    if (::fstatat(dir->get(), std::string(volume::kSalts).c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
        if (!S_ISREG(st.st_mode)) return err(report.path + " is not a regular file");
        if (st.st_size > 0) return report;
    }
    auto salts = generate_salts(random_bytes);
    if (!salts) return salts.error();
    if (auto s = write_file_atomic(dir->get(), volume::state_path(shared_dir), std::string(volume::kSalts),
                                   render_salts_php(*salts), 0640, owner);
        !s)
        return s.error();
    report.generated = true;
    return report;
}

}  // namespace wpinit
