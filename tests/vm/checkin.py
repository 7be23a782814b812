#!/usr/bin/env python3
"""checkin.py MINGEL IMAGE_DIR WORKDIR: MINGEL is this build's program (for the reference
screen and to read the database taken out of the image). The package's kiosk in a
booted machine, looked at and driven from outside.

Boots the image (tests/vm/image.sh: the .deb installed with apt, the guide's examples
imported, a PIN set, mingel.service enabled) with no network, a virtio-vga display at
800x480, a USB tablet and keyboard. Then:
  - mingel.service reaches active (the kiosk's READY=1 comes after its first frame) on
    its own at boot, as user mingel, with every hardening line of the unit as shipped;
  - the kiosk reports its welcome screen at the display's size (800x480, fullscreen), and
    QEMU's screendump of it is saved with the same screen drawn by this build under Xvfb
    (tests/vm/reference.sh), and the screendumps of the later screens (search,
    greetings), for vm_screen (compare.py) to compare;
  - a check-in by name: a tap on "Checka in", "goran" typed on the USB keyboard, a tap on
    the result and on "Ja"; the greeting is shown;
  - a check-in by a scanned ticket code: "VT27-003" and Enter typed fast on the welcome
    screen, as a barcode scanner does; the greeting is shown;
  - after a clean power-off, the database read out of the disk image (debugfs) holds
    both check-ins and nobody else, and `PRAGMA integrity_check` says ok.
Times (QEMU start to READY, the kiosk's memory) are printed for docs/BENCHMARKS.md.
"""
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vm import (Kiosk, Machine, VmError, fresh_disk, log, reference_welcome,  # noqa: E402
                run_main)

W, H = 800, 480


def main():
    mingel, image_dir, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    reference = reference_welcome(mingel, work, W, H)
    disk = fresh_disk(image_dir, work)
    m = Machine(work, image_dir, disk, width=W, height=H)
    log(f"accelerator: {'KVM' if m.kvm else 'TCG (no /dev/kvm; waits x%g)' % m.slow}")
    m.start()
    try:
        run(m, work, reference)
    finally:
        m.kill()
    # The database on the disk, read after the clean power-off.
    db = os.path.join(work, "mingel.db")
    for f in ("mingel.db", "mingel.db-wal"):
        try:
            os.unlink(os.path.join(work, f))
        except FileNotFoundError:
            pass
        subprocess.run(["debugfs", "-R", f"dump /var/lib/mingel/{f} {work}/{f}", disk],
                       capture_output=True)
    if not os.path.exists(db):
        raise VmError("no /var/lib/mingel/mingel.db on the disk image")
    ok = subprocess.run(["sqlite3", db, "PRAGMA integrity_check"], capture_output=True,
                        text=True).stdout.strip()
    if ok != "ok":
        raise VmError(f"integrity_check on the image's database: {ok}")
    stats = subprocess.run([mingel, "stats", "--db", db, "--list"], capture_output=True,
                           text=True).stdout
    if not re.search(r"^Checked in: *2$", stats, re.M):
        raise VmError(f"the image's database does not hold exactly 2 check-ins: {stats}")
    for who in ("Göran Öhman", "Märta Sjöberg"):
        if who not in stats:
            raise VmError(f"{who} is not checked in in the image's database: {stats}")
    log("ok: the image's database after power-off: integrity ok, Göran Öhman and Märta "
        "Sjöberg checked in, nobody else")
    log("PASS: the kiosk in a booted machine: READY at boot, fullscreen on the DRM display, "
        "check-in by name (tablet and keyboard) and by scanned code, stored on the disk")


def run(m, work, reference):
    k = Kiosk(m)
    t_ready = m.wait_ready(timeout=300)
    log(f"ok: mingel.service active (READY=1) {t_ready:.1f} s after QEMU started; "
        f"the guest says: {m.out('systemd-analyze 2>&1 | head -n 1')}")
    pid = m.unit("MainPID")
    user = m.out(f"stat -c %U /proc/{pid}")
    if user != "mingel":
        raise VmError(f"the kiosk runs as {user}, not mingel")
    rss = m.out(f"grep VmRSS /proc/{pid}/status")
    mem = m.unit("MemoryCurrent")
    log(f"ok: the kiosk runs as mingel; {rss}; the unit's MemoryCurrent={mem}")
    st = k.wait_screen(0, "the welcome screen")
    log(f"ok: the kiosk reports its welcome screen fullscreen: {st[0]}, "
        f"{len(st[1])} targets")
    time.sleep(2)
    # Compared with the reference by vm_screen (compare.py), a test of its own, so that
    # what this test proves stands apart from what the display shows.
    m.screendump(os.path.join(work, "welcome.png"))

    # By name: the tablet and the keyboard. Each tap waits out the screen's settle time
    # and is tapped again if the kiosk says it ignored it; each screen is looked for in
    # the kiosk's log since the tap, so the 5 s greeting is seen however slowly we look.
    mark = k.tap("start")
    k.wait_screen(1, "the search screen", since=mark)
    m.type("goran")
    k.target("pick", 0)
    m.screendump(os.path.join(work, "search.png"))
    mark = k.tap("pick", 0)
    k.wait_screen(2, "the confirm screen", since=mark)
    mark = k.tap("confirm")
    k.wait_screen(3, "the greeting", since=mark)
    m.screendump(os.path.join(work, "greeting-name.png"))
    log("ok: checked in by name (tap, USB keyboard, tap, tap): greeting shown")
    k.wait_screen(0, "the welcome screen again (after the greeting's 5 s)", timeout=60,
                  since=mark)

    # By code: a scanner types fast and ends with Enter.
    k.scan("VT27-003")  # and its greeting
    m.screendump(os.path.join(work, "greeting-code.png"))
    log("ok: checked in by a scanned code: greeting shown")
    stats = m.out("mingel stats --list")
    for who in ("Göran Öhman", "Märta Sjöberg"):
        if who not in stats:
            raise VmError(f"{who} is not in `mingel stats --list`: {stats}")
    log("ok: `mingel stats --list` in the guest names both")
    m.poweroff()
    log("ok: powered off cleanly")


if __name__ == "__main__":
    run_main(main)
