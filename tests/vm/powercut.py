#!/usr/bin/env python3
"""powercut.py IMAGE_DIR WORKDIR CUTS: power cuts in the middle of scanned check-ins.

The first boot loads a list of 400 attendees (ticket codes PC-0001 ...) with `mingel
import` while the kiosk runs. Before each cut the kiosk's open database files must be the
ones on the disk: a -wal another process deleted under it (as `mingel import` did while
the kiosk held no lock on its database) takes every check-in written there with it at the
cut. Then, CUTS times: a stream of scanned codes (typed on the
USB keyboard as a scanner does, fast, ending in Enter), each one followed until the
kiosk shows its greeting (the check-in is acknowledged on screen only once committed);
after a random number of acknowledged check-ins (1 to 3) one more code is scanned and
QEMU is killed with SIGKILL at a random moment 0 to 1.5 s after its Enter: the power cord,
in the middle of that check-in's commit. The disk is raw with cache=none (vm.py): what
the guest flushed is in the image file, what it had not is lost, as on a real machine.
After each cut the machine boots again and:
  - the kiosk is back, active and on its welcome screen (screen 0, and a screendump
    matching the first boot's welcome screen);
  - `PRAGMA integrity_check` on /var/lib/mingel/mingel.db says ok;
  - every check-in the screen acknowledged, in every boot so far, is in the database
    (the checkin table read by ticket code) and listed by `mingel stats --list`, and
    nothing is checked in that was never scanned.
A failure says what `mingel stats --list` and the table held, and leaves the disk as the
cut left it (disk-cut-N.raw, removed once the boot after it passed) and each boot's
console (console-N.log) in WORKDIR.
"""
import os
import random
import re
import shlex
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vm import Kiosk, Machine, VmError, differing_pixels, fresh_disk, log  # noqa: E402

N = 400
CSV = ("printf '%s\\n' 'Förnamn;Efternamn;Organisation;Titel;E-post;Biljettkod;Samtycke;Kost' "
       ">/root/big.csv; i=1; while [ $i -le {n} ]; do "
       "printf 'Person%04d;Cut;Strömavbrott AB;;;PC-%04d;;\\n' $i $i >>/root/big.csv; "
       "i=$((i + 1)); done")


def main():
    image_dir, work, cuts = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(work, exist_ok=True)
    seed = int(os.environ.get("MINGEL_VM_SEED", str(int(time.time()))))
    rnd = random.Random(seed)
    m = Machine(work, image_dir, fresh_disk(image_dir, work))
    # "auto": 20 cuts under KVM; under TCG every boot takes minutes, so 1 (CI's budget);
    # MINGEL_VM_CUTS sets any count.
    cuts = int(os.environ.get("MINGEL_VM_CUTS") or (cuts if cuts != "auto" else
                                                    (20 if m.kvm else 1)))
    log(f"{cuts} power cuts ({'KVM' if m.kvm else 'TCG'}), seed {seed} (MINGEL_VM_SEED)")
    acked, scanned = [], set()
    next_code = 1
    welcome = None
    boot_times = []
    t_start = time.monotonic()
    try:
        for cut in range(cuts + 1):
            m.start()
            k = Kiosk(m)
            boot_times.append(m.wait_ready(timeout=300))
            k.wait_screen(0, "the welcome screen")
            time.sleep(3)  # the booted machine settles (as vm_checkin and vm_usb wait)
            shot = m.screendump(os.path.join(work, f"welcome-{cut}.png"))
            if welcome is None:
                welcome = shot
                m.sh(CSV.format(n=N), timeout=120)
                m.sh("mingel import /usr/share/doc/mingel/examples/event.ini /root/big.csv")
                # The kiosk takes a new list in at its welcome screen, at the latest on its
                # next keep-alive tick (every 10 s): let that happen before the first scan,
                # so the code's keys reach an idle kiosk as the burst a scanner sends.
                time.sleep(12)
            else:
                diff = differing_pixels(shot, welcome)
                if diff > m.w * m.h * 0.02:
                    raise VmError(f"after cut {cut} the screen is not the welcome screen "
                                  f"({diff} pixels differ): {shot}")
                check(m, acked, scanned, cut)
                os.unlink(os.path.join(work, f"disk-cut-{cut}.raw"))
            if cut == cuts:
                break
            orphaned(m, cut)
            # The stream, and the cut.
            before = rnd.randint(1, 3)
            for i in range(before + 1):
                code = f"PC-{next_code:04d}"
                next_code += 1
                scanned.add(code)
                if i == before:
                    mark = k.mark()
                    m.type(code + "\n", gap=0.01, burst=True)
                    delay = rnd.uniform(0.0, 1.5)
                    timer = threading.Timer(delay, m.kill)
                    timer.start()
                    try:
                        k.wait_screen(3, "the greeting", timeout=30, since=mark)
                        acked.append(code)
                        log(f"cut {cut + 1}: {code} acknowledged before the cut")
                    except Exception:
                        pass
                    timer.join()
                    log(f"cut {cut + 1}: QEMU killed {delay:.2f} s after {code}'s Enter "
                        f"({len(acked)} check-ins acknowledged so far)")
                    # The disk as the cut left it, before the next boot recovers anything:
                    # kept when the check after the boot fails (removed when it passes).
                    kept = os.path.join(work, f"disk-cut-{cut + 1}.raw")
                    subprocess.run(["cp", "--sparse=always", m.disk, kept], check=True)
                else:
                    mark = k.scan(code)  # and its greeting
                    acked.append(code)
                    k.wait_screen(0, "the welcome screen after the greeting", timeout=60,
                                  since=mark)
        m.poweroff()
    finally:
        m.kill()
    log(f"boot to READY: {', '.join(f'{t:.0f}' for t in boot_times)} s")
    log(f"PASS: {cuts} power cuts during scanned check-ins; all {len(acked)} acknowledged "
        f"check-ins kept, integrity ok, welcome screen back each time "
        f"({time.monotonic() - t_start:.0f} s)")


def orphaned(m, cut):
    """Fails when the kiosk holds a database file open that is no longer on the disk (a
    -wal or -shm another process removed): what it commits there is gone at the next power
    cut, however durably it was written."""
    pid = m.unit("MainPID")
    fds = m.out(f"ls -l /proc/{pid}/fd | grep -F /var/lib/mingel/ || true")
    gone = [ln.split(" -> ")[-1] for ln in fds.splitlines() if "(deleted)" in ln]
    if gone:
        files = m.out("ls -li /var/lib/mingel/")
        raise VmError(f"before cut {cut + 1}: the kiosk (pid {pid}) writes to database files "
                      f"that are no longer on the disk: {gone}; its open files there:\n{fds}\n"
                      f"/var/lib/mingel now holds:\n{files}")
    log(f"ok: before cut {cut + 1}: the kiosk's database files are the ones on the disk")


# Every check-in in force (not undone) with its ticket code, time and whether it belongs to
# the current meeting: read straight from the tables, so the verdict does not hang on which
# meeting `mingel stats` shows or how it prints names.
CHECKINS_SQL = ("SELECT a.ticket, c.at_ms, c.event_id = (SELECT value FROM meta WHERE key = "
                "'current_event') FROM checkin c JOIN attendee a ON a.id = c.attendee_id "
                "WHERE c.reverses IS NULL AND NOT EXISTS "
                "(SELECT 1 FROM checkin r WHERE r.reverses = c.id) ORDER BY c.at_ms")


def check(m, acked, scanned, cut):
    ok = m.out("sqlite3 /var/lib/mingel/mingel.db 'PRAGMA integrity_check'")
    if ok != "ok":
        raise VmError(f"after cut {cut}: integrity_check: {ok}")
    stats = m.out("mingel stats --list")
    rows = m.out(f"sqlite3 -separator ' ' /var/lib/mingel/mingel.db {shlex.quote(CHECKINS_SQL)}")
    in_db = {}
    for ln in rows.splitlines():
        f = ln.split()
        if len(f) == 3 and f[0].startswith("PC-"):
            in_db[f[0]] = (int(f[1]), f[2] == "1")
    listed = set(f"PC-{int(n):04d}" for n in re.findall(r"Person(\d{4})", stats))
    saw = (f"`mingel stats --list` said:\n{stats}\nthe checkin table (ticket, at_ms, "
           f"current meeting) holds:\n{rows or '(none)'}")
    missing = [c for c in acked if c not in in_db]
    if missing:
        raise VmError(f"after cut {cut}: acknowledged but not in the database: {missing}\n{saw}")
    unlisted = [c for c in acked if c not in listed]
    if unlisted:
        raise VmError(f"after cut {cut}: acknowledged and in the database but not listed by "
                      f"`mingel stats --list`: {unlisted}\n{saw}")
    extra = (set(in_db) | listed) - scanned
    if extra:
        raise VmError(f"after cut {cut}: stored but never scanned: {sorted(extra)}\n{saw}")
    log(f"ok: after cut {cut}: integrity ok, all {len(acked)} acknowledged check-ins stored "
        f"and listed ({len(in_db)} stored of {len(scanned)} scanned), welcome screen back")


if __name__ == "__main__":
    try:
        main()
    except VmError as e:
        print(f"FAIL: {e}", file=sys.stderr)
        print(f"kept in {sys.argv[2]}: disk-cut-N.raw (the disk as cut N left it, before the "
              f"next boot), disk.raw (as the test ended), console-N.log (boot N's kernel and "
              f"journal), qemu-N.log", file=sys.stderr)
        sys.exit(1)
