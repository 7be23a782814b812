# toolchain-aarch64.cmake: cross-build mingel for 64-bit ARM Linux (Raspberry Pi OS 64-bit)
# on a Debian amd64 machine, and run the built programs (tests) under qemu-user.
#
#   cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=packaging/toolchain-aarch64.cmake
#
# It relies on Debian multiarch, not on a separate sysroot: the arm64 libraries are the
# ordinary :arm64 packages (dpkg --add-architecture arm64; packaging/debian-deps-arm64.txt)
# installed next to the amd64 ones, in /usr/lib/aarch64-linux-gnu, with headers shared in
# /usr/include. So the root of every search stays /, and what keeps the host's amd64
# libraries out is (1) the library architecture aarch64-linux-gnu, (2) the amd64 library
# directories on the ignore list and (3) pkg-config reading only the arm64 .pc files.
# packaging/cross-arm64.sh drives the whole cross build; this file is all CMake needs.
#
# Host tools (msgfmt, cmake -P scripts, pkg-config) are found and run natively as usual.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(MINGEL_CROSS_TRIPLET aarch64-linux-gnu)

set(CMAKE_C_COMPILER ${MINGEL_CROSS_TRIPLET}-gcc)
set(CMAKE_CXX_COMPILER ${MINGEL_CROSS_TRIPLET}-g++)
# Libraries are looked for in <prefix>/lib/aarch64-linux-gnu (CMake would also detect this
# from the compiler; saying it makes the intent and the result independent of detection).
set(CMAKE_LIBRARY_ARCHITECTURE ${MINGEL_CROSS_TRIPLET})

# No amd64 library may ever be picked: libcsv ships no .pc file, so find_library() must
# find /usr/lib/aarch64-linux-gnu/libcsv.so although /usr/lib/x86_64-linux-gnu/libcsv.so
# exists too. Ignoring the host's library directories makes a missing arm64 package a
# configure error instead of a link error (or worse, a silently wrong result).
list(APPEND CMAKE_IGNORE_PATH /usr/lib/x86_64-linux-gnu /lib/x86_64-linux-gnu
     /usr/local/lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu/pkgconfig)
# Headers, libraries and packages come from the target; programs (msgfmt, pkg-config)
# from the host. With no CMAKE_FIND_ROOT_PATH the root is / for both.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)

# pkg-config: the arm64 .pc files and the arch-independent ones, nothing else. The
# environment is read by FindPkgConfig at configure time; this file is read again on
# every (re)configure, so it always holds then.
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/${MINGEL_CROSS_TRIPLET}/pkgconfig:/usr/share/pkgconfig)
set(ENV{PKG_CONFIG_PATH} "")
unset(ENV{PKG_CONFIG_SYSROOT_DIR})
# pkgconf's cross wrapper knows the target's system directories (it drops
# -L/usr/lib/aarch64-linux-gnu like the native one drops the amd64 one); the plain
# pkg-config does the same job with the environment above.
find_program(MINGEL_CROSS_PKG_CONFIG NAMES ${MINGEL_CROSS_TRIPLET}-pkg-config pkg-config
             NO_CMAKE_FIND_ROOT_PATH)
if(MINGEL_CROSS_PKG_CONFIG)
  set(PKG_CONFIG_EXECUTABLE ${MINGEL_CROSS_PKG_CONFIG} CACHE FILEPATH "pkg-config for the target")
endif()

# Built programs (CTest tests whose command is a target) run under qemu-user. binfmt_misc
# is not assumed (containers and CI runners often lack it), so the emulator is named
# explicitly. The program's loader is /lib/ld-linux-aarch64.so.1, which libc6:arm64 (pulled
# in by every :arm64 -dev package) installs on the host, and the arm64 loader finds the
# arm64 libraries through /etc/ld.so.conf.d/aarch64-linux-gnu.conf: so qemu needs no -L.
# Without libc6:arm64, the cross toolchain's own copy under /usr/aarch64-linux-gnu serves.
find_program(MINGEL_QEMU_AARCH64 NAMES qemu-aarch64-static qemu-aarch64 NO_CMAKE_FIND_ROOT_PATH)
if(MINGEL_QEMU_AARCH64)
  if(EXISTS /lib/ld-linux-aarch64.so.1)
    set(CMAKE_CROSSCOMPILING_EMULATOR ${MINGEL_QEMU_AARCH64})
  else()
    set(CMAKE_CROSSCOMPILING_EMULATOR ${MINGEL_QEMU_AARCH64} -L /usr/${MINGEL_CROSS_TRIPLET})
  endif()
endif()
