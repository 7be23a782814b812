#!/usr/bin/env python3
"""arm64.py DEB MINGEL WORKDIR: the arm64 package in a booted arm64 Debian machine, as far
as READY and the welcome screen (issue 15; run by hand, not by CTest: see README).

DEB is the arm64 package (packaging/cross-arm64.sh makes build-arm64/mingel_*_arm64.deb);
MINGEL is this machine's native build, for the reference screen. Builds the image with
image.sh (bookworm arm64: debootstrap's second stage runs under qemu-user, so it needs
binfmt_misc with qemu-aarch64 registered), boots it with qemu-system-aarch64 -M virt
(cortex-a72, TCG: no KVM for another architecture) with the same devices as the amd64
tests (virtio disk and GPU, a USB tablet and keyboard; the test's shell on a virtio
console, hvc0, as the machine has one UART), and checks:
  - mingel.service reaches READY on its own at boot, as user mingel;
  - the kiosk reports its welcome screen fullscreen at 800x480;
  - QEMU's screendump is the welcome screen as the native build draws it under Xvfb
    (at most 2 % of the pixels off by more than 12 %, as vm_screen);
and prints the times (QEMU start to the shell, to READY) and the kiosk's memory.
"""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vm import (Kiosk, Machine, VmError, fresh_disk, log,  # noqa: E402
                reference_welcome, run_main)

W, H = 800, 480


def main():
    deb, mingel, work = sys.argv[1:4]
    here = os.path.dirname(os.path.abspath(__file__))
    os.makedirs(work, exist_ok=True)
    image = os.path.join(work, "image-bookworm-arm64")
    t0 = time.monotonic()
    subprocess.run([os.path.join(here, "image.sh"), deb, "bookworm", "arm64", image],
                   check=True)
    log(f"ok: the arm64 image in {time.monotonic() - t0:.0f} s")
    reference = reference_welcome(mingel, work, W, H)
    m = Machine(work, image, fresh_disk(image, work), arch="arm64", width=W, height=H)
    m.start()
    try:
        run(m, work, reference)
    finally:
        m.kill()
    log("PASS: the arm64 package in a booted arm64 machine: READY at boot, its welcome "
        "screen on the DRM display")


def run(m, work, reference):
    log(f"ok: the guest's shell answered {m.t_shell:.1f} s after QEMU started")
    t_ready = m.wait_ready(timeout=1800)
    log(f"ok: mingel.service active (READY=1) {t_ready:.1f} s after QEMU started; "
        f"the guest says: {m.out('systemd-analyze 2>&1 | head -n 1', timeout=300)}")
    log(f"ok: {m.out('uname -m')}; {m.out('dpkg-query -W mingel')}")
    pid = m.unit("MainPID")
    user = m.out(f"stat -c %U /proc/{pid}")
    if user != "mingel":
        raise VmError(f"the kiosk runs as {user}, not mingel")
    k = Kiosk(m)
    st = k.wait_screen(0, "the welcome screen", timeout=300)
    if st[0] != 0:
        raise VmError(f"not on the welcome screen: {st}")
    rss = m.out(f"grep VmRSS /proc/{pid}/status")
    log(f"ok: the kiosk runs as mingel on its welcome screen; {rss}; "
        f"the unit's MemoryCurrent={m.unit('MemoryCurrent')}")
    time.sleep(5)
    diff = m.expect_screen(os.path.join(work, "welcome.png"), reference)
    log(f"ok: the display shows the welcome screen ({diff} of {W * H} pixels off by more "
        "than 12 %)")
    m.poweroff(timeout=600)


if __name__ == "__main__":
    run_main(main)
