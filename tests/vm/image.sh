#!/usr/bin/env bash
# image.sh DEB SUITE ARCH OUT: a bootable disk image of a Debian machine with the freshly
# built package installed the way the guide says, for tests/vm/vm.py to boot under QEMU.
#
# The base system (debootstrap --variant=minbase of SUITE for ARCH with a kernel, systemd,
# udev and the package's dependencies) is built once from the Debian mirror and cached in
# MINGEL_VM_CACHE (default /var/cache/mingel-vm), keyed by a hash of everything that goes
# into it, so a later run costs a copy and a file system, not a debootstrap. Each run
# mounts an overlay over that cached root and, chrooted into it with no network:
#     apt-get install ./mingel_*.deb          (the Depends are already there)
#     mingel import event.ini deltagare.csv   (the guide's examples)
#     mingel set-pin                           (PIN 246810, two lines on stdin)
#     systemctl enable mingel
# then writes OUT/disk.raw (ext4 of the whole root, by mkfs.ext4 -d: no loop device),
# OUT/vmlinuz and OUT/initrd.img for direct kernel boot.
#
# What the test alone adds (it is not part of the product): a root shell on the second
# serial port (ttyS1) for the test to ask the machine things (systemctl, journalctl,
# sqlite3), the kernel's console and the journal on the first (ttyS0), the fstab line for
# the root disk and a host name.
#
# Needs root (debootstrap, chroot, overlay mount), debootstrap, e2fsprogs, dpkg, and for a
# foreign ARCH qemu-user-static's binfmt_misc. The mirror is the first one in this
# machine's apt sources (MINGEL_DEBIAN_MIRROR overrides it); it is needed only to build
# the base. Failing steps fail the test: nothing is skipped.
# shellcheck source=../support/common.sh
. "$(dirname "$0")/../support/common.sh"
args 4 "DEB SUITE ARCH OUT" "$@"
DEB=$(realpath "$1")
SUITE=$2
ARCH=$3
OUT=$4
[ "$(id -u)" -eq 0 ] || fail "needs root: debootstrap, chroot and an overlay mount"
need debootstrap debootstrap
need mkfs.ext4 e2fsprogs
need dpkg-deb dpkg
[ -f "$DEB" ] || fail "no package $DEB (package_deb builds it)"
CACHE=${MINGEL_VM_CACHE:-/var/cache/mingel-vm}
PIN=246810

mirror() { debian_mirror; } # tests/support/common.sh

case $ARCH in
amd64) KERNEL=linux-image-amd64 ;;
arm64) KERNEL=linux-image-arm64 ;;
*) fail "no kernel package known for $ARCH" ;;
esac
# The package's dependencies without versions (debootstrap takes names only), the kernel,
# udev for the devices, sqlite3 for the test to read the database inside.
DEPS=$(dpkg-deb -f "$DEB" Depends | tr ',' '\n' | sed 's/(.*)//; s/|.*//; s/[[:space:]]//g' |
    grep . | sort -u | tr '\n' ',')
INCLUDE="${DEPS}systemd-sysv,udev,dbus,kmod,initramfs-tools,$KERNEL,sqlite3"
KEY=$(printf '%s\n' "$SUITE" "$ARCH" "$INCLUDE" "$(sed -n '/^# base:/,/# end base/p' "$0")" |
    sha256sum | cut -c1-16)
BASE="$CACHE/$SUITE-$ARCH-$KEY"
mkdir -p "$CACHE"

# base: built once per key; a half-built one never replaces a good one.
if [ ! -f "$BASE/done" ]; then
    rm -rf "$BASE.new"
    mkdir -p "$BASE.new"
    echo "building the $SUITE $ARCH base in $BASE (debootstrap from $(mirror))"
    t0=$(date +%s)
    debootstrap --variant=minbase --arch="$ARCH" --include="$INCLUDE" "$SUITE" \
        "$BASE.new/root" "$(mirror)" >"$BASE.new/debootstrap.log" 2>&1 ||
        fail "debootstrap failed: $(tail -n 20 "$BASE.new/debootstrap.log")"
    R=$BASE.new/root
    # Every module in the initramfs (the virtio and USB drivers for the disk), so the
    # kernel finds its root whatever the machine.
    chroot "$R" sh -ec 'echo MODULES=most >/etc/initramfs-tools/conf.d/mingel-vm
        update-initramfs -u -k all' >"$BASE.new/initramfs.log" 2>&1 ||
        fail "update-initramfs failed: $(tail -n 20 "$BASE.new/initramfs.log")"
    rm -rf "$R"/var/cache/apt/archives/*.deb "$R"/var/lib/apt/lists/*_Packages
    echo "$(($(date +%s) - t0))" >"$BASE.new/seconds"
    touch "$BASE.new/done"
    rm -rf "$BASE"
    mv "$BASE.new" "$BASE"
    # end base
fi
echo "base: $BASE (built in $(cat "$BASE/seconds") s)"

# The run's machine: an overlay over the base, the package installed in it.
rm -rf "$OUT"
overlay_root "$BASE/root" "$OUT"
R=$OUT/root
inroot() {
    chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 \
        DEBIAN_FRONTEND=noninteractive "$@"
}
cp "$DEB" "$R/root/"
deb=$(basename "$DEB")
# The guide's steps; no network in here, so apt must find every dependency installed.
inroot sh -ec "cd /root && apt-get install -y -q ./$deb" >"$OUT/apt.log" 2>&1 ||
    fail "apt install ./$deb failed: $(tail -n 20 "$OUT/apt.log")"
inroot mingel import /usr/share/doc/mingel/examples/event.ini \
    /usr/share/doc/mingel/examples/deltagare.csv >"$OUT/import.log" 2>&1 ||
    fail "mingel import failed: $(cat "$OUT/import.log")"
printf '%s\n%s\n' "$PIN" "$PIN" | inroot mingel set-pin >"$OUT/pin.log" 2>&1 ||
    fail "mingel set-pin failed: $(cat "$OUT/pin.log")"
inroot systemctl enable mingel >"$OUT/enable.log" 2>&1 ||
    fail "systemctl enable mingel failed: $(cat "$OUT/enable.log")"
rm -f "$R/root/$deb"

# The test's own additions.
echo mingel-vm >"$R/etc/hostname"
printf '/dev/vda / ext4 rw,errors=remount-ro 0 1\n' >"$R/etc/fstab"
# The shell's port: the second serial port on a PC; the arm64 "virt" machine has one
# UART (the console), so there a virtio console, hvc0, where systemd would otherwise
# start a login prompt.
SHELL_TTY=ttyS1
if [ "$ARCH" = arm64 ]; then
    SHELL_TTY=hvc0
    inroot systemctl mask serial-getty@hvc0.service >/dev/null 2>&1
    # hvc0 appears only when udev has loaded virtio_console: wait for it.
    mkdir -p "$R/etc/systemd/system/mingel-test-shell.service.d"
    printf '[Unit]\nWants=dev-hvc0.device\nAfter=dev-hvc0.device\n' \
        >"$R/etc/systemd/system/mingel-test-shell.service.d/hvc0.conf"
fi
cat >"$R/etc/systemd/system/mingel-test-shell.service" <<UNIT
# tests/vm only: a root shell on a second serial port for the test to ask questions.
[Unit]
Description=root shell on $SHELL_TTY for tests/vm
DefaultDependencies=no
After=systemd-remount-fs.service
[Service]
ExecStart=/bin/sh -c 'stty -echo raw; exec /bin/sh'
StandardInput=tty
StandardOutput=tty
StandardError=tty
TTYPath=/dev/$SHELL_TTY
Environment=PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 HOME=/root SYSTEMD_PAGER=
Restart=always
[Install]
WantedBy=sysinit.target
UNIT
inroot systemctl enable mingel-test-shell.service >/dev/null 2>&1
# Where the kiosk's tap targets are on each frame (the file e2e tests read), so the test
# knows where to tap and which screen is up; every line of the unit stays as shipped.
mkdir -p "$R/etc/systemd/system/mingel.service.d"
cat >"$R/etc/systemd/system/mingel.service.d/vm-test.conf" <<'UNIT'
# tests/vm only: the kiosk writes its tap targets here after every frame; and under
# software emulation (TCG, 20 to 50 times slower than a machine) its first frame can take
# longer than systemd's default 90 s to start a unit.
[Service]
Environment=MINGEL_DEBUG_TARGETS=/var/lib/mingel/targets
TimeoutStartSec=15min
UNIT
# Nothing waits for a network that is not there, and nothing runs apt in the background.
inroot systemctl mask systemd-networkd-wait-online.service apt-daily.timer \
    apt-daily-upgrade.timer e2scrub_reap.service >/dev/null 2>&1 || true

# A small initramfs for the direct kernel boot: only what finds the root disk (virtio,
# ext4), made once per base with the base's own mkinitramfs (MODULES=list) and cached
# beside it. Debian's own (MODULES=most) works too, but unpacking and probing every
# driver costs a minute under TCG.
if [ ! -f "$BASE/initrd-vm.img" ]; then
    # shellcheck disable=SC2016 # $(...) is the inner shell's
    inroot sh -ec 'rm -rf /tmp/irt; cp -a /etc/initramfs-tools /tmp/irt
        rm -f /tmp/irt/conf.d/mingel-vm
        sed -i "s/^MODULES=.*/MODULES=list/" /tmp/irt/initramfs.conf
        printf "%s\n" virtio_pci virtio_mmio virtio_blk ext4 crc32c_generic >>/tmp/irt/modules
        k=$(ls /lib/modules | head -n 1)
        mkinitramfs -d /tmp/irt -o /tmp/initrd-vm.img "$k"' >"$OUT/initrd.log" 2>&1 ||
        fail "mkinitramfs failed: $(tail -n 20 "$OUT/initrd.log")"
    cp "$R/tmp/initrd-vm.img" "$BASE/initrd-vm.img.new"
    mv "$BASE/initrd-vm.img.new" "$BASE/initrd-vm.img"
fi
cp "$BASE/initrd-vm.img" "$OUT/initrd.img"
cp -L "$R/vmlinuz" "$OUT/vmlinuz" 2>/dev/null || cp -L "$R"/boot/vmlinuz-* "$OUT/vmlinuz"
umount "$R/proc"
rm -rf "$R/tmp/irt" "$R/tmp/initrd-vm.img"
size=$(du -sm "$R" | cut -f1)
truncate -s $((size * 2 + 512))M "$OUT/disk.raw"
mkfs.ext4 -q -F -L mingel-root -d "$R" "$OUT/disk.raw" >"$OUT/mkfs.log" 2>&1 ||
    fail "mkfs.ext4 -d failed: $(cat "$OUT/mkfs.log")"
echo "ok: $OUT/disk.raw ($SUITE $ARCH, $size MB used) with $deb installed, the example" \
    "meeting imported, the PIN set and mingel.service enabled"
