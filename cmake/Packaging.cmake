# Packaging: the Debian package, built with CPack from the install rules.
#
#     cmake -S . -B build && cmake --build build && (cd build && cpack -G DEB)
#
# gives mingel_<version>_<arch>.deb: the program, its fonts, icons and translations, the
# systemd units (not enabled), the system user and data directory (sysusers.d,
# tmpfiles.d), the USB stick rule, the guides and the copyright file, all under /usr and
# /lib whatever prefix the build tree was configured with. The architecture is the
# build's: dpkg's own natively, arm64 when cross-compiling for aarch64
# (packaging/toolchain-aarch64.cmake). Runtime dependencies come from dpkg-shlibdeps
# (the libraries the program links, at the versions it needs) plus systemd, which runs
# the maintainer scripts (packaging/debian) and the kiosk.
#
# Included at the end of the top CMakeLists.txt, after the install() rules.

# The Debian architecture the binaries are for.
if(CMAKE_CROSSCOMPILING)
  set(_mingel_debian_arch_of_aarch64 arm64)
  set(_mingel_debian_arch_of_arm64 arm64)
  set(_mingel_debian_arch_of_x86_64 amd64)
  set(_mingel_debian_arch_of_AMD64 amd64)
  set(_mingel_debian_arch_of_armv7l armhf)
  set(_mingel_debian_arch_of_armhf armhf)
  set(_mingel_debian_arch_of_i686 i386)
  set(_mingel_debian_arch_of_riscv64 riscv64)
  set(MINGEL_DEBIAN_ARCH "${_mingel_debian_arch_of_${CMAKE_SYSTEM_PROCESSOR}}")
  if(NOT MINGEL_DEBIAN_ARCH)
    message(FATAL_ERROR "Packaging: no Debian architecture known for CMAKE_SYSTEM_PROCESSOR "
                        "'${CMAKE_SYSTEM_PROCESSOR}'; add it to cmake/Packaging.cmake")
  endif()
else()
  find_program(MINGEL_DPKG dpkg)
  if(MINGEL_DPKG)
    execute_process(COMMAND ${MINGEL_DPKG} --print-architecture
                    OUTPUT_VARIABLE MINGEL_DEBIAN_ARCH OUTPUT_STRIP_TRAILING_WHITESPACE
                    RESULT_VARIABLE _mingel_rc)
    if(NOT _mingel_rc EQUAL 0)
      set(MINGEL_DEBIAN_ARCH "")
    endif()
  endif()
  if(NOT MINGEL_DEBIAN_ARCH)
    # Not a Debian system: the package cannot be built here (dpkg-shlibdeps is missing
    # too), but configuring must still work.
    set(MINGEL_DEBIAN_ARCH unknown)
  endif()
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME mingel)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "mingel developers")
set(CPACK_PACKAGE_VENDOR "mingel developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "offline check-in and feedback kiosk for meetings")
# The package installs to /usr whatever prefix the build tree was configured with. With
# DESTDIR staging, the install rules see the real prefix /usr: the units name
# /usr/bin/mingel and go to /usr/lib/systemd/system (see the install rules).
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# Binaries in the package carry no debugging symbols (the build tree keeps them).
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_FILE_NAME "mingel_${PROJECT_VERSION}_${MINGEL_DEBIAN_ARCH}")

set(CPACK_DEBIAN_PACKAGE_NAME mingel)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # mingel_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${MINGEL_DEBIAN_ARCH})
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "mingel developers")
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The long description under the summary above: lines of at most 80 characters, an empty
# line between paragraphs (CPack indents them, and writes " ." for an empty line).
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION [[
mingel runs fullscreen on a touchscreen at the entrance of a meeting, such as
a Raspberry Pi with a touch panel, and needs no network. Attendees find their
name in a few taps or scan the ticket code from their invitation, and are
greeted once the check-in is safely on disk; people not on the list register
themselves. At the exit they rate the day with smileys, write one line, and
scan a QR code for a longer form on their phone. The screens are in Swedish
and English.

The organiser loads the meeting from a small INI file and the attendee list
as exported by a registration tool (CSV), manages the kiosk from a
PIN-protected admin screen, and afterwards exports CSV for Excel, JSON and a
one-page HTML report, to a USB stick or from the command line. Everything is
kept in one local SQLite database.

The package includes systemd units that start the kiosk at boot on the
console (KMSDRM) or inside the cage Wayland compositor. They are not enabled
at installation.]])
# dpkg-shlibdeps works out the shared libraries' packages (libsdl2-2.0-0, libsqlite3-0,
# libsodium23, libqrencode4, libsystemd0, ...); systemd is added by hand: its sysusers,
# tmpfiles and systemctl do the installation and run the kiosk. (The prerm's
# deb-systemd-invoke is in init-system-helpers, which is Essential: not listed.)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# SDL loads EGL and OpenGL ES at run time (dlopen), so dpkg-shlibdeps cannot see them:
# under KMSDRM and Wayland the window's pixels reach the screen through them (Mesa: V3D on a
# Raspberry Pi). procps: pkill, with which mingel-cage.service stops the kiosk.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "systemd, libegl1, libgles2, libgl1-mesa-dri, procps")
# udev: the USB stick rule and input hotplug; a time service: the kiosk marks records
# made while the clock is not synchronised, and only a time service synchronises it;
# cups: the scheduler name badges are printed through at check-in (an event file's
# [badge] section; libcups itself is a Depends through shlibdeps). Only Recommends: a
# kiosk without badges needs no print system.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "udev, systemd-timesyncd | time-daemon, cups")
# cage (and Xwayland, without which Debian 12's cage will not start): mingel-cage.service,
# the alternative for displays the console mode cannot drive. nats-server: mingel-hub.service,
# on the one kiosk (or none) that serves a meeting's live sharing.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "cage, xwayland, nats-server")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${CMAKE_CURRENT_SOURCE_DIR}/packaging/debian/postinst
    ${CMAKE_CURRENT_SOURCE_DIR}/packaging/debian/prerm
    ${CMAKE_CURRENT_SOURCE_DIR}/packaging/debian/postrm)
# Maintainer scripts 0755, control files 0644, whatever the checkout's modes.
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)

# dpkg-shlibdeps finds the libraries from the binary itself, but reads the libraries'
# symbols files (which minimum version each symbol needs, with lines for some
# architectures only) for the host architecture of dpkg-architecture: when
# cross-compiling that must be the target's. CPack reads this file when it runs, so the
# variable is in dpkg-shlibdeps' environment.
set(CPACK_PROJECT_CONFIG_FILE ${CMAKE_CURRENT_BINARY_DIR}/CPackProjectConfig.cmake)
if(CMAKE_CROSSCOMPILING)
  file(WRITE ${CPACK_PROJECT_CONFIG_FILE}
       "# Generated by cmake/Packaging.cmake: cross build for ${MINGEL_DEBIAN_ARCH}.\n"
       "set(ENV{DEB_HOST_ARCH} \"${MINGEL_DEBIAN_ARCH}\")\n")
else()
  file(WRITE ${CPACK_PROJECT_CONFIG_FILE}
       "# Generated by cmake/Packaging.cmake: native build, nothing to set.\n")
endif()

include(CPack)
