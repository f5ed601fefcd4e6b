// SHA-256 (FIPS 180-4), small and dependency-free so the binary links statically.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace wpinit {

class Sha256 {
public:
    Sha256();
    void update(const void* data, std::size_t size);
    void update(std::string_view s) { update(s.data(), s.size()); }
    std::array<std::uint8_t, 32> digest();  // finishes; call once
    std::string hex_digest();

private:
    void block(const std::uint8_t* p);
    std::array<std::uint32_t, 8> h_;
    std::array<std::uint8_t, 64> buf_{};
    std::size_t buffered_ = 0;
    std::uint64_t total_ = 0;
};

}  // namespace wpinit
