// Keys and salts: from the environment when given, otherwise
// generated once into <shared>/.wpecs/salts.php so that every replica agrees.
#pragma once

#include <functional>
#include <string>

#include "config.hpp"
#include "fsutil.hpp"
#include "result.hpp"

namespace wpinit {

// Characters a generated salt is drawn from: printable ASCII without space, ' and \,
// so the value needs no escaping inside a PHP single-quoted string.
inline constexpr std::string_view kSaltAlphabet =
    "!\"#$%&()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`"
    "abcdefghijklmnopqrstuvwxyz{|}~";

// One salt of `length` characters from the alphabet, unbiased (rejection sampling);
// `random` fills a buffer with random bytes.
Result<std::string> generate_salt(std::size_t length, const std::function<Status(void*, std::size_t)>& random);

Result<Salts> generate_salts(const std::function<Status(void*, std::size_t)>& random);

// `<?php return array('AUTH_KEY' => '...', ...);` with ' and \ escaped for PHP.
std::string render_salts_php(const Salts& salts);

struct SaltsReport {
    bool generated = false;
    std::string path;
};

// Under the seeding lock: keeps an existing salts.php, otherwise writes a new one
// atomically (mode 0640, owner www-data).
Result<SaltsReport> ensure_salts_file(const std::string& shared_dir, const Owner& owner);

}  // namespace wpinit
