# Cross-compile wp-init for arm64 (Graviton) on an amd64 machine with Debian's
# g++-aarch64-linux-gnu: `make init ARCH=arm64` (build/init-arm64/wp-init).
# Compiling natively inside the emulated arm64 container works too, but qemu
# makes the compiler several times slower; the binary is the same static one.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_STRIP aarch64-linux-gnu-strip)
# Libraries and headers from the cross sysroot only, never the machine's amd64 ones.
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
