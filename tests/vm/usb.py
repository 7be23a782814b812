#!/usr/bin/env python3
"""usb.py IMAGE_DIR WORKDIR: a USB stick, plugged in while the kiosk runs, takes the admin
screen's export, and holds it whole when pulled out the moment the screen says it is saved.

A 32 MB FAT file system made with mtools (mformat) is hot-plugged through QMP
(blockdev-add, then device_add usb-storage on the xHCI bus): the package's udev rule
(80-mingel-usb.rules) mounts it at /media/mingel-usb-<name>, owned by mingel. A check-in
by a scanned code gives the export something to say. Then the organiser's way: the
top-left corner held 3 s with the tablet, the PIN on the pad, "export" on the admin
screen. The kiosk exports on its event loop and logs the tap (MINGEL_DEBUG_TARGETS's log)
only when the export has returned and the screen's note says "Saved to ...": at that
moment, without a second's grace and without unmounting, the stick is pulled out
(device_del), as an organiser does who trusts the screen. On this side, mtools reads the
FAT image: every file the same export makes (its names from `mingel export` in the guest)
is there and whole: no temporary file left, the JSON parses and names the person checked
in, the workbook is a sound zip, the report ends with </html>, every CSV ends its last
line and one names the person.
"""
import io
import json
import os
import subprocess
import sys
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vm import Kiosk, Machine, VmError, fresh_disk, log, need, run_main  # noqa: E402

PIN = "246810"  # image.sh


def main():
    image_dir, work = sys.argv[1:3]
    os.makedirs(work, exist_ok=True)
    need("mformat", "mtools")
    stick = os.path.join(work, "stick.img")
    if os.path.exists(stick):
        os.unlink(stick)
    subprocess.run(["truncate", "-s", "32M", stick], check=True)
    subprocess.run(["mformat", "-i", stick, "-v", "MINGELUSB", "::"], check=True)
    m = Machine(work, image_dir, fresh_disk(image_dir, work))
    m.start()
    try:
        names = run(m, work, stick)
    finally:
        m.kill()
    out = os.path.join(work, "from-stick")
    subprocess.run(["rm", "-rf", out], check=True)
    os.makedirs(out)
    listing = subprocess.run(["mdir", "-i", stick, "-b", "-/", "::"], capture_output=True,
                             text=True, check=True).stdout.split()
    subprocess.run(["mcopy", "-i", stick, "-s", "-n", "::*", out], check=True)
    found = sorted(os.listdir(out))
    sizes = {f: os.path.getsize(os.path.join(out, f)) for f in found}
    log(f"on the stick after the pull: {sizes}")
    if found != names:
        raise VmError(f"the stick holds {found} after the pull, not the export's {names} "
                      f"(mdir: {listing})")
    for name in names:
        with open(os.path.join(out, name), "rb") as f:
            data = f.read()
        whole = len(data) > 0
        if name.endswith(".json"):
            try:
                whole = "Sjöberg" in json.dumps(json.loads(data), ensure_ascii=False)
            except ValueError:
                whole = False
        elif name.endswith(".xlsx"):
            try:
                with zipfile.ZipFile(io.BytesIO(data)) as z:
                    whole = z.testzip() is None
            except zipfile.BadZipFile:
                whole = False
        elif name.endswith(".html"):
            whole = data.rstrip().endswith(b"</html>")
        elif name.endswith(".csv"):
            whole = data.endswith(b"\r\n")
        if not whole:
            raise VmError(f"{name} on the stick is not whole after the pull ({len(data)} "
                          f"bytes): the kiosk said 'saved' before it was on the stick")
    if not any("Sjöberg" in open(os.path.join(out, n), encoding="utf-8", errors="replace")
               .read() for n in names if n.endswith(".csv")):
        raise VmError(f"no CSV on the stick names the person checked in: {names}")
    log(f"ok: all {len(names)} files of the export on the stick after the pull, each whole")
    log("PASS: export to a hot-plugged USB stick, mounted by the package's udev rule, whole "
        "when pulled out the moment the screen says saved")


def run(m, work, stick):
    k = Kiosk(m)
    m.wait_ready(timeout=300)
    k.wait_screen(0, "the welcome screen")
    # Just after boot the emulated machine is still busy, and keys sent 10 ms apart can
    # reach the kiosk further apart than a scanner's (30 ms): give it a moment, as
    # vm_checkin does, so the code comes as the burst it is.
    time.sleep(3)
    scanned = k.scan("VT27-003")  # and its greeting

    m.qmp.execute("blockdev-add", {"driver": "raw", "node-name": "stick",
                                   "file": {"driver": "file", "filename": stick}})
    m.qmp.execute("device_add", {"driver": "usb-storage", "id": "stick", "drive": "stick",
                                 "bus": "xhci.0", "removable": True})
    mnt = m.wait("the stick mounted under /media",
                 lambda: m.out("findmnt -rn -o TARGET | grep '^/media/mingel-usb-' || true"),
                 90)
    log(f"ok: the udev rule mounted the stick at {mnt} "
        f"({m.out(f'findmnt -rn -o FSTYPE,OPTIONS {mnt}')}; owner {m.out(f'stat -c %U {mnt}')})")
    k.wait_screen(0, "the welcome screen after the greeting", timeout=60, since=scanned)
    # The organiser's way in: the corner held, the PIN, "export".
    k.admin(PIN)
    exports = [t for t in k.state()[1] if t[0] == "export"]
    if not exports:
        raise VmError(f"no export target on the admin screen: {k.state()}")
    k.tap("export", exports[0][1])
    # The tap is logged when flow_act returned: the export is done and the note says
    # "Saved to ...". Pulled out now, unmounted by nobody.
    m.qmp.execute("device_del", {"id": "stick"})
    log("ok: the kiosk says the export is saved; the stick pulled out at once")
    m.screendump(os.path.join(work, "admin-exported.png"))
    m.wait("the stick gone from the guest",
           lambda: not m.out("findmnt -rn -o TARGET | grep '^/media/mingel-usb-' || true"), 60)
    # The names the same export has (export_file_name), from the CLI in the guest.
    m.sh("rm -rf /tmp/expect && mkdir /tmp/expect && for f in csv xlsx json html; do "
         "mingel export --format $f --out /tmp/expect/ || exit 1; done", timeout=120)
    names = sorted(m.out("ls -A /tmp/expect").split())
    log(f"ok: pulled out; the mount went with it; the export's files: {names}")
    m.poweroff()
    return names


if __name__ == "__main__":
    run_main(main)
