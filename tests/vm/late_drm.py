#!/usr/bin/env python3
"""late_drm.py MINGEL IMAGE_DIR WORKDIR: the kiosk started before its DRM device exists.

On a slow boot, or with a display driver loaded late, mingel.service can start before
/dev/dri/card0 is there. The machine boots with the display's driver held back
(modprobe.blacklist=virtio_gpu on the kernel command line: udev does not load it, an
explicit modprobe still does):

  - the kiosk starts and waits: its status and journal say "waiting for a display",
    systemd keeps it starting (no restart loop, no failed unit);
  - the driver is loaded from the serial shell; the kiosk finds the display at its next
    try, reaches READY and shows its welcome screen, in the same process: QEMU's
    screendump is the welcome screen as this build draws it under Xvfb (reference.sh,
    compared as vm_screen compares).
MINGEL is this build's program, for that reference.
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vm import (Kiosk, Machine, VmError, fresh_disk, log,  # noqa: E402
                reference_welcome, run_main)


def main():
    mingel, image_dir, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    reference = reference_welcome(mingel, work)
    m = Machine(work, image_dir, fresh_disk(image_dir, work),
                append="modprobe.blacklist=virtio_gpu")
    m.start()
    try:
        run(m, work, reference)
    finally:
        m.kill()
    log("PASS: a kiosk started before its display came up when the display did")


def run(m, work, reference):
    k = Kiosk(m)
    if m.out("ls /dev/dri 2>/dev/null | grep -c card || true") != "0":
        raise VmError("the display is there at boot although its driver is held back")

    def waiting():
        st = m.unit("StatusText")
        return m.unit("ActiveState") == "activating" and "waiting for a display" in st and st
    status = m.wait("the kiosk waiting for a display", waiting, 300)
    pid = m.unit("MainPID")
    log(f"ok: no display yet: the kiosk (pid {pid}) is starting and says: {status}")
    # A few tries later it is still the same process, still waiting, never failed.
    time.sleep(8 * m.slow / 6 + 4)
    if m.unit("MainPID") != pid or m.unit("ActiveState") != "activating":
        raise VmError(f"while waiting the kiosk did not stay one starting process: pid "
                      f"{m.unit('MainPID')} (was {pid}), {m.unit('ActiveState')}, "
                      f"NRestarts={m.unit('NRestarts')}")

    t0 = time.monotonic()
    m.sh("modprobe virtio_gpu")
    m.wait("/dev/dri/card0 after modprobe", lambda: m.out("ls /dev/dri") != "", 60)
    m.wait_ready(timeout=120)
    k.wait_screen(0, "the welcome screen")
    s = time.monotonic() - t0
    if m.unit("MainPID") != pid:
        raise VmError(f"the kiosk was restarted (pid {m.unit('MainPID')}, was {pid}) "
                      "instead of finding the display itself")
    found = m.out("journalctl -u mingel -o cat | grep -c 'a display is there after' || true")
    if found == "0":
        raise VmError("the journal does not say the kiosk found the display")
    time.sleep(2)
    diff = m.expect_screen(os.path.join(work, "welcome.png"), reference)
    log(f"ok: the driver loaded; the same kiosk READY on its welcome screen {s:.1f} s later "
        f"(NRestarts={m.unit('NRestarts')}); the display shows it ({diff} pixels off)")
    m.poweroff()


if __name__ == "__main__":
    run_main(main)
