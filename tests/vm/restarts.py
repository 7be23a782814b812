#!/usr/bin/env python3
"""restarts.py IMAGE_DIR WORKDIR: the kiosk's watchdog and restarts under the booted
machine's own systemd, with the unit as shipped (WatchdogSec=30, Restart=always,
RestartSec=2, RestartPreventExitStatus=0).

  - a stopped kiosk (SIGSTOP: a hung event loop) is killed by the watchdog and a new one
    reaches READY and its welcome screen;
  - a crash (SIGSEGV) and a kill -9 are each followed by a new kiosk;
  - "leave the kiosk" done as the organiser does it, on the screen: the top-left corner
    held 3 s with the tablet, the PIN typed on the pad, "leave" tapped; the kiosk exits
    with status 0 and stays stopped (the login prompt is back on tty1).
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vm import Kiosk, Machine, VmError, fresh_disk, log, run_main  # noqa: E402

PIN = "246810"  # image.sh


def main():
    image_dir, work = sys.argv[1:3]
    os.makedirs(work, exist_ok=True)
    m = Machine(work, image_dir, fresh_disk(image_dir, work))
    m.start()
    try:
        run(m, work)
    finally:
        m.kill()
    log("PASS: watchdog, crash and leave under the machine's systemd")


def restarted(m, k, old, what, timeout, mark):
    """A new kiosk after WHAT (done to the one with pid OLD after the log's MARK): active,
    and its first frame, the welcome screen, in the log (the targets file still holds the
    old kiosk's last frame)."""
    def new():
        pid = m.unit("MainPID")
        return pid not in ("0", old) and m.unit("ActiveState") == "active" and pid
    t0 = time.monotonic()
    pid = m.wait(f"a new kiosk after {what}", new, timeout)
    k.wait_screen(0, f"the welcome screen after {what}", timeout=60, since=mark)
    return pid, time.monotonic() - t0


def run(m, work):
    k = Kiosk(m)
    m.wait_ready(timeout=300)
    k.wait_screen(0, "the welcome screen")
    pid = m.unit("MainPID")
    log(f"ok: the kiosk is up (pid {pid}), watchdog {m.unit('WatchdogUSec')}")

    mark = k.mark()
    m.sh(f"kill -STOP {pid}")
    pid2, s = restarted(m, k, pid, "SIGSTOP", 120, mark)
    result = m.out("journalctl -u mingel -o cat | grep -c 'Watchdog timeout' || true")
    if result == "0":
        raise VmError("no 'Watchdog timeout' in the journal after SIGSTOP")
    log(f"ok: SIGSTOP: the watchdog killed the kiosk; a new one (pid {pid2}) on its welcome "
        f"screen {s:.1f} s later")

    mark = k.mark()
    m.sh(f"kill -SEGV {pid2}")
    pid3, s = restarted(m, k, pid2, "SIGSEGV", 120, mark)
    log(f"ok: SIGSEGV (a crash): a new kiosk (pid {pid3}) {s:.1f} s later")
    mark = k.mark()
    m.sh(f"kill -KILL {pid3}")
    pid4, s = restarted(m, k, pid3, "kill -9", 120, mark)
    log(f"ok: kill -9: a new kiosk (pid {pid4}) {s:.1f} s later; "
        f"NRestarts={m.unit('NRestarts')}")

    # Leave, as the organiser does: hold the hidden corner, the PIN, "leave".
    k.admin(PIN)
    m.screendump(os.path.join(work, "admin.png"))
    # "Leave the kiosk" asks first (FLOW_ADMIN_ASK, screen 14), and "confirm" there leaves.
    mark = k.tap("quit")
    k.wait_screen(14, "the question before leaving", timeout=30, since=mark)
    k.tap("confirm")
    m.wait("the kiosk to end after 'leave'", lambda: m.unit("ActiveState") == "inactive", 60)
    res = f"{m.unit('Result')} {m.unit('ExecMainStatus')}"
    if res != "success 0":
        raise VmError(f"leaving ended the kiosk as '{res}', not success 0")
    time.sleep(10)  # RestartSec=2, many times over
    st = m.unit("ActiveState")
    if st != "inactive":
        raise VmError(f"the kiosk came back after 'leave': {st}")
    log("ok: 'leave the kiosk' on the admin screen: exit 0 and it stays stopped")
    m.poweroff()


if __name__ == "__main__":
    run_main(main)
