"""vm.py: a Debian machine under QEMU with the mingel package, driven from outside.

Machine boots the disk image made by tests/vm/image.sh (direct kernel boot: the image's
own vmlinuz and initrd) with no network, a virtio-vga display (virtio_gpu: a real DRM/KMS
device, no 3D), a USB tablet (absolute pointer: the kiosk's touch) and a USB keyboard on
an xHCI controller, the disk as virtio-blk with cache=none, the kernel console and the
journal on the first serial port (console.log) and a root shell on the second (the
test's own unit, image.sh), and QMP on a unix socket (qmp.py).

KVM when /dev/kvm is usable, else TCG (software emulation); every wait is scaled by
Machine.slow (1 under KVM, MINGEL_VM_TCG_SLOWDOWN, default 6, under TCG) and bounded: a
wait that runs out fails the test with what was expected and the end of the console log.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qmp import Qmp, QmpError, connect_unix  # noqa: E402


class VmError(Exception):
    pass


def log(msg):
    print(msg, flush=True)


def _boots_to_panic(image_dir, cpu, seconds=30):
    """Whether the image's kernel, booted under KVM with -cpu CPU and no root file system,
    reaches its panic ("VFS: Unable to mount root fs") within SECONDS. With KVM that works
    it takes a second or two."""
    with tempfile.TemporaryDirectory() as d:
        con = os.path.join(d, "console.log")
        try:
            r = subprocess.run(
                ["qemu-system-x86_64", "-machine", "q35", "-accel", "kvm", "-cpu", cpu,
                 "-nodefaults", "-no-user-config", "-display", "none", "-nic", "none",
                 "-m", "256", "-no-reboot", "-kernel", os.path.join(image_dir, "vmlinuz"),
                 "-append", "console=ttyS0 panic=-1 root=/dev/mingel-none",
                 "-serial", f"file:{con}"],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=seconds)
            why = r.stdout.decode("utf-8", "replace").strip().splitlines()[:1]
        except subprocess.TimeoutExpired:
            why = [f"no panic within {seconds} s"]
        with open(con, "rb") as f:
            ok = b"Kernel panic" in f.read()
        return ok, (why[0] if why else "")


def kvm_cpu(image_dir):
    """The -cpu to run KVM with on this machine, or None for TCG. A /dev/kvm that opens is
    not enough: under nested virtualisation -cpu host has aborted QEMU ("failed to set MSR
    0x10a", the host refusing the CPU's ARCH_CAPABILITIES), and with that feature off the
    guest has hung before its first line. So the image's kernel is booted once, without a
    root file system, and the answer is kept next to the image for the other tests.
    MINGEL_VM_ACCEL=tcg chooses TCG without asking."""
    if os.environ.get("MINGEL_VM_ACCEL") == "tcg":
        return None
    try:
        fd = os.open("/dev/kvm", os.O_RDWR)
        os.close(fd)
    except OSError:
        return None
    probe = os.path.join(image_dir, "kvm-probe")
    try:
        with open(probe) as f:
            v = f.read().strip()
        return None if v == "tcg" else v
    except FileNotFoundError:
        pass
    answer, tried = "tcg", []
    for cpu in ("host", "host,-arch-capabilities"):
        ok, why = _boots_to_panic(image_dir, cpu)
        if ok:
            answer = cpu
            break
        tried.append(f"-cpu {cpu}: {why}")
    if answer == "tcg":
        log("KVM is there but does not boot the kernel (" + "; ".join(tried) + "): TCG")
    with open(probe, "w") as f:
        f.write(answer + "\n")
    return None if answer == "tcg" else answer


class Shell:
    """The root shell on the guest's second serial port (a unix socket on this side)."""

    def __init__(self, path, timeout):
        try:
            self.sock = connect_unix(path, timeout, 0.2)
        except OSError:
            raise VmError(f"no serial socket {path}")
        self.buf = b""
        self.n = 0

    def run(self, cmd, timeout=60.0, check=True):
        """Runs CMD in the guest's shell; returns (status, output). Output is what came
        between two markers, so prompts and noise around them do not count."""
        self.n += 1
        start, end = f"@@S{self.n}@@", f"@@E{self.n}@@"
        # Quoted so that the tty's echo of the line (before the shell turns echo off, or
        # if it comes back) never contains a marker itself.
        line = f"echo @@'S{self.n}'@@; ( {cmd} ) 2>&1; echo @@'E{self.n}'@@$?@@\n"
        self.sock.sendall(line.encode())
        deadline = time.monotonic() + timeout
        marker = end.encode()
        while True:
            i = self.buf.find(marker)
            if i >= 0:
                j = self.buf.find(b"@@", i + len(marker))
                if j >= 0:
                    break
            left = deadline - time.monotonic()
            if left <= 0:
                raise VmError(f"the guest's shell did not answer `{cmd}` in {timeout:.0f} s; "
                              f"it said: {self.buf[-400:]!r}")
            self.sock.settimeout(left)
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                continue
            if not data:
                raise VmError("the guest's shell closed")
            self.buf += data
        status = int(self.buf[i + len(marker):j])
        s = self.buf.find(start.encode())
        out = self.buf[s + len(start) + 1 if s >= 0 else 0:i].decode("utf-8", "replace")
        self.buf = self.buf[j + 2:]
        out = out.replace("\r", "")
        if check and status != 0:
            raise VmError(f"`{cmd}` failed in the guest ({status}): {out.strip()[-800:]}")
        return status, out

    def out(self, cmd, timeout=60.0):
        return self.run(cmd, timeout)[1].strip()

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


class Machine:
    def __init__(self, workdir, image_dir, disk, arch="amd64", width=800, height=480,
                 append="", display=True, memory=1024):
        self.dir = workdir
        self.image_dir = image_dir
        self.disk = disk
        self.arch = arch
        self.w, self.h = width, height
        self.append = append
        self.display = display
        self.memory = memory
        self.cpu = kvm_cpu(image_dir) if arch == "amd64" else None
        self.kvm = self.cpu is not None
        self.slow = 1.0 if self.kvm else float(os.environ.get("MINGEL_VM_TCG_SLOWDOWN", "6"))
        self.proc = None
        self.qmp = None
        self.shell = None
        self.boots = 0
        self.scaled = None
        os.makedirs(workdir, exist_ok=True)

    # ---- starting and ending -------------------------------------------------------------

    def command(self):
        d = self.dir
        # The console on the first UART; the test's shell on a second port (image.sh): the
        # PC's second UART, or on arm64's "virt" machine, which has one, a virtio console.
        console = "ttyS0" if self.arch == "amd64" else "ttyAMA0"
        cmdline = (f"root=/dev/vda rw console={console},115200 loglevel=4 "
                   "systemd.journald.forward_to_console=1 systemd.show_status=0 "
                   "rd.systemd.show_status=0 " + self.append)
        if self.arch == "amd64":
            qemu = ["qemu-system-x86_64", "-machine", "q35",
                    "-accel", "kvm" if self.kvm else "tcg", "-cpu", self.cpu or "max"]
        else:
            qemu = ["qemu-system-aarch64", "-machine", "virt", "-accel", "tcg",
                    "-cpu", "cortex-a72"]
        gpu = os.environ.get("MINGEL_VM_GPU", "virtio-gpu-pci")
        args = qemu + [
            "-nodefaults", "-no-user-config", "-display", "none", "-nic", "none",
            "-m", str(self.memory), "-smp", "2",
            "-kernel", os.path.join(self.image_dir, "vmlinuz"),
            "-initrd", os.path.join(self.image_dir, "initrd.img"),
            "-append", cmdline,
            # cache=none: QEMU opens the image with O_DIRECT and keeps no cache of its own;
            # the guest sees a volatile write cache and its flushes become fdatasync on the
            # image. Killing QEMU then loses exactly what the guest had not yet written out,
            # as a power cut loses what a machine had not yet written to its disk.
            "-drive", f"file={self.disk},format=raw,if=virtio,cache=none,aio=threads",
            "-device", "qemu-xhci,id=xhci",
            "-device", "usb-tablet,id=tablet,bus=xhci.0",
            "-device", "usb-kbd,id=kbd,bus=xhci.0",
            "-chardev", f"file,id=con,path={d}/console.log",
            "-serial", "chardev:con",
            "-chardev", f"socket,id=sh,path={d}/shell.sock,server=on,wait=off",
        ] + (["-serial", "chardev:sh"] if self.arch == "amd64" else
             ["-device", "virtio-serial-pci", "-device", "virtconsole,chardev=sh"]) + [
            "-qmp", f"unix:{d}/qmp.sock,server=on,wait=off",
        ]
        if self.display:
            edid = ",edid=on" if gpu == "VGA" else ""
            args += ["-device", f"{gpu},id=gpu,xres={self.w},yres={self.h}{edid}"]
        return args

    def start(self):
        # The last boot's console (kernel and journal) is kept as console-N.log: after a
        # power cut it is the only record of what the kiosk said before the cut.
        last = os.path.join(self.dir, "console.log")
        if self.boots and os.path.exists(last):
            os.replace(last, os.path.join(self.dir, f"console-{self.boots}.log"))
        for f in ("console.log", "shell.sock", "qmp.sock"):
            try:
                os.unlink(os.path.join(self.dir, f))
            except FileNotFoundError:
                pass
        self.boots += 1
        self.console_seen = 0
        if self.boots == 1:
            log(f"vm: {self.arch}, " + (f"KVM (-cpu {self.cpu})" if self.kvm else
                                        f"TCG (timeouts x{self.slow:g})"))
        with open(os.path.join(self.dir, f"qemu-{self.boots}.log"), "w") as err:
            self.proc = subprocess.Popen(self.command(), stdout=err, stderr=subprocess.STDOUT)
        self.t0 = time.monotonic()
        try:
            self.qmp = Qmp(os.path.join(self.dir, "qmp.sock"), timeout=30)
            self.shell = Shell(os.path.join(self.dir, "shell.sock"), timeout=30)
            # Until the guest's shell answers (early in its boot).
            deadline = time.monotonic() + 120 * self.slow
            while True:
                try:
                    self.shell.run("true", timeout=5)
                    break
                except VmError:
                    if self.proc.poll() is not None or time.monotonic() > deadline:
                        raise VmError("the guest's serial shell never answered: "
                                      + self.console_tail())
            self.t_shell = time.monotonic() - self.t0
        except Exception:
            self.kill()
            raise

    def kill(self):
        """The power cord: SIGKILL to QEMU, nothing in the guest gets to run."""
        if self.qmp:
            self.qmp.close()
        if self.shell:
            self.shell.close()
        self.qmp = self.shell = None
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
        self.proc = None

    def poweroff(self, timeout=120):
        """A clean shutdown from inside (systemctl poweroff); QEMU exits when it is done."""
        self.shell.sock.sendall(b"systemctl poweroff\n")
        try:
            self.proc.wait(timeout * self.slow / 6 + 30)
        except subprocess.TimeoutExpired:
            self.kill()
            raise VmError("the guest did not power off in time: " + self.console_tail())
        self.kill()

    # ---- looking -------------------------------------------------------------------------

    def console(self):
        try:
            with open(os.path.join(self.dir, "console.log"), "rb") as f:
                return f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def console_tail(self, n=40):
        return "\n".join(self.console().splitlines()[-n:])

    def wait_console(self, text, timeout, after=None):
        """Until TEXT appears on the console (after offset AFTER; default: this boot's
        start); returns the offset just past it."""
        deadline = time.monotonic() + timeout * self.slow
        start = self.console_seen if after is None else after
        while True:
            c = self.console()
            i = c.find(text, start)
            if i >= 0:
                return i + len(text)
            if self.proc.poll() is not None:
                raise VmError(f"QEMU exited ({self.proc.returncode}) while waiting for "
                              f"'{text}': {self.console_tail()}")
            if time.monotonic() > deadline:
                raise VmError(f"'{text}' did not appear on the console in "
                              f"{timeout * self.slow:.0f} s: {self.console_tail()}")
            time.sleep(0.5)

    def wait(self, what, pred, timeout, interval=0.5):
        """Until PRED() is true (timeout scaled by slow); returns its value."""
        deadline = time.monotonic() + timeout * self.slow
        last = None
        while True:
            try:
                v = pred()
                if v:
                    return v
            except VmError as e:
                last = e
            if time.monotonic() > deadline:
                raise VmError(f"{what}: not within {timeout * self.slow:.0f} s"
                              f"{f' ({last})' if last else ''}; console: {self.console_tail(15)}")
            time.sleep(interval)

    def sh(self, cmd, timeout=60, check=True):
        return self.shell.run(cmd, timeout * self.slow, check)

    def out(self, cmd, timeout=60):
        return self.shell.run(cmd, timeout * self.slow)[1].strip()

    def unit(self, prop, unit="mingel"):
        return self.out(f"systemctl show {unit} -P {prop}")

    def wait_ready(self, timeout=120):
        """Until mingel.service is active (the kiosk's READY=1 after its first frame);
        returns the seconds since QEMU started."""
        self.wait("mingel.service active (READY=1)",
                  lambda: self.unit("ActiveState") == "active" and self.unit("MainPID") != "0",
                  timeout)
        return time.monotonic() - self.t0

    def expect_screen(self, path, reference, what="the welcome screen"):
        """A screendump into PATH that must show the same screen as REFERENCE; returns how
        many pixels differ."""
        self.screendump(path)
        same, diff = same_screen(path, reference)
        if not same:
            raise VmError(f"the display does not show {what}: {diff} pixels of {path} "
                          f"differ from {reference}")
        return diff

    def screendump(self, path):
        """The display as QEMU shows it, as PNG at PATH (QEMU writes PPM; ImageMagick
        converts)."""
        ppm = path + ".ppm"
        self.qmp.execute("screendump", {"filename": os.path.abspath(ppm)})
        subprocess.run(["convert", ppm, path], check=True)
        os.unlink(ppm)
        return path

    # ---- input ---------------------------------------------------------------------------

    def tap(self, x, y):
        self.qmp.tap(x, y, self.w, self.h, scaled=self.tablet_scaled())

    def move(self, x, y):
        self.qmp.move(x, y, self.w, self.h, scaled=self.tablet_scaled())

    def tablet_scaled(self):
        """Whether the guest's SDL scales the tablet's axes by their range (qmp.abs_value):
        SDL 2.26 does not, 2.32 does; asked once, from the guest's libsdl2 package."""
        if self.scaled is None:
            v = self.out("dpkg-query -W -f '${Version}' libsdl2-2.0-0")
            m = re.match(r"(\d+)\.(\d+)", v)
            if not m:
                raise VmError(f"the guest's libsdl2 version is '{v}'")
            self.scaled = (int(m.group(1)), int(m.group(2))) > (2, 26)
            log(f"vm: the guest's SDL is {v}: tablet values "
                f"{'scaled by the axis range' if self.scaled else 'taken as pixels'}")
        return self.scaled

    def type(self, text, gap=0.03, burst=False):
        self.qmp.type_text(text, gap=gap, burst=burst)


def differing_pixels(a, b, fuzz="12%"):
    """How many pixels of images A and B differ by more than FUZZ (ImageMagick compare)."""
    r = subprocess.run(["compare", "-metric", "AE", "-fuzz", fuzz, a, b, "null:"],
                       capture_output=True, text=True)
    if r.returncode not in (0, 1):
        raise VmError(f"compare {a} {b}: {r.stderr.strip()}")
    return int(float(r.stderr.split()[0]))


# A screendump "is" a screen when at most this share of its pixels differ by more than
# 12 % from the reference: anti-aliasing and nothing else; a black display differs
# almost everywhere.
SAME_SCREEN = 0.02


def same_screen(a, b):
    """(whether images A and B show the same screen, how many pixels differ)."""
    diff = differing_pixels(a, b)
    w, h = (int(v) for v in subprocess.run(["identify", "-format", "%w %h", a],
                                            capture_output=True, text=True,
                                            check=True).stdout.split())
    return diff <= w * h * SAME_SCREEN, diff


def reference_welcome(mingel, workdir, width=800, height=480):
    """The welcome screen as MINGEL (this machine's build) draws it under Xvfb at that
    size (reference.sh), for a screendump to be compared with; returns its path."""
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(workdir, "reference-welcome.png")
    subprocess.run([os.path.join(here, "reference.sh"), mingel,
                    os.path.join(here, "..", "..", "docs", "examples"), f"{width}x{height}",
                    out], check=True)
    return out


def fresh_disk(image_dir, workdir, name="disk.raw"):
    """A private copy of the image's disk for one test (sparse, so it costs seconds)."""
    dst = os.path.join(workdir, name)
    subprocess.run(["cp", "--sparse=always", os.path.join(image_dir, "disk.raw"), dst],
                   check=True)
    return dst


def need(tool, package):
    if not shutil.which(tool):
        raise VmError(f"{tool} is not installed (Debian package: {package})")


def parse_targets(text):
    """The kiosk's targets file: ("screen N W H", then "action arg x y w h" lines) ->
    (screen number, [(action, arg, x, y, w, h)])."""
    lines = text.strip().splitlines()
    if not lines or not lines[0].startswith("screen "):
        return None, []
    screen = int(lines[0].split()[1])
    targets = []
    for ln in lines[1:]:
        f = ln.split()
        if len(f) == 6:
            targets.append((f[0], int(f[1]), int(f[2]), int(f[3]), int(f[4]), int(f[5])))
    return screen, targets


# The kiosk ignores a press going down less than this long after its screen changed
# (INPUT_SETTLE_MS, app/core/input.h), and this much more is allowed for the tap's way
# from QMP through the emulated USB tablet to the kiosk's event clock.
SETTLE = 0.5
SETTLE_MARGIN = 0.5


class Kiosk:
    """The kiosk in a Machine, seen through its targets file (the test's drop-in sets
    MINGEL_DEBUG_TARGETS=/var/lib/mingel/targets) and touched through the tablet.

    Next to the targets file the kiosk appends each screen change, tap, ignored tap and
    scan to LOG (app/sdl/shell.c): a screen that comes and goes between two looks (the
    greeting's 5 s, when every look goes through the serial shell of a busy emulated
    machine) is still seen there, and a tap the kiosk ignored is known, and tapped again.
    Waits on it take a mark (mark(), or what tap(), hold() and scan() return): only what
    was logged after it counts."""

    PATH = "/var/lib/mingel/targets"
    LOG = PATH + ".screens"

    def __init__(self, m):
        self.m = m

    def state(self):
        st, out = self.m.sh(f"cat {self.PATH}", check=False)
        if st != 0:
            return None, []
        return parse_targets(out)

    def mark(self):
        """The log's length now: what is logged from here on comes after this mark."""
        return int(self.m.out(f"stat -c %s {self.LOG} 2>/dev/null || echo 0"))

    def events(self, since):
        """The log's whole lines after the mark SINCE, each split into its fields."""
        st, out = self.m.sh(f"tail -c +{since + 1} {self.LOG}", check=False)
        if st != 0:
            return []
        return [ln.split() for ln in out.split("\n")[:-1] if ln.strip()]

    def wait_event(self, what, since, kinds, timeout):
        """Until the log has, after SINCE, a line whose first field is in KINDS; returns
        that line's fields (the first such line)."""
        def find():
            for ev in self.events(since):
                if ev[0] in kinds:
                    return ev
            return None
        try:
            return self.m.wait(what, find, timeout, interval=0.3)
        except VmError as e:
            raise VmError(f"{e}; the kiosk's log since the mark: {self.tail(since)}") from None

    def tail(self, since, n=12):
        """The last N lines of the log after the mark SINCE, for a failure's message."""
        try:
            return " | ".join(" ".join(ev) for ev in self.events(since)[-n:]) or "(nothing)"
        except Exception as e:  # noqa: BLE001 (the message matters more than the cause)
            return f"(unreadable: {e})"

    def wait_screen(self, screen, what, timeout=60, since=None):
        """Until the kiosk is on SCREEN. With SINCE (a mark), until the log says SCREEN was
        shown after it, however briefly; without, until the targets file says the kiosk is
        on it now (a screen that stays). Returns the targets file's (screen, targets), or,
        with SINCE, the log's line."""
        if since is not None:
            def shown():
                for ev in self.events(since):
                    if ev[:2] == ["screen", str(screen)]:
                        return ev
                return None
            return self.m.wait(f"the kiosk on {what} (screen {screen})", shown, timeout,
                               interval=0.3)

        def on():
            st = self.state()
            return st if st[0] == screen else None
        return self.m.wait(f"the kiosk on {what} (screen {screen})", on, timeout,
                           interval=0.2)

    def target(self, action, arg=0, timeout=30):
        def find():
            for t in self.state()[1]:
                if t[0] == action and t[1] == arg:
                    return t
            return None
        return self.m.wait(f"a '{action} {arg}' target on screen", find, timeout, 0.3)

    def settle(self):
        """Waits out the settle time of a screen just seen (and so changed before now)."""
        time.sleep(SETTLE + SETTLE_MARGIN)

    def _press(self, what, action, arg, touch, tries):
        """TOUCH() presses (and releases) on the screen; it is done again while the log
        says the press was ignored or missed, or says nothing (lost on its way) in a
        while. Returns the mark taken just before the press the kiosk took."""
        for attempt in range(1, tries + 1):
            self.settle()
            mark = self.mark()
            touch()
            try:
                ev = self.wait_event(f"the kiosk to take {what}", mark,
                                     ("tap", "ignored", "nothing"), timeout=5)
            except VmError as e:
                ev = None
                why = f"nothing logged ({str(e).split(';')[0]})"
            if ev and ev[0] == "tap":
                if action is not None and ev[1:3] != [action, str(arg)]:
                    raise VmError(f"{what} reached '{ev[1]} {ev[2]}' instead")
                return mark
            if ev:
                why = " ".join(ev)
            log(f"note: {what}, try {attempt}: {why}; tapping again")
        raise VmError(f"{what}: the kiosk did not take it in {tries} tries")

    def tap(self, action, arg=0, tries=5):
        """Taps the target ACTION ARG (once the settle time is over); returns the mark
        taken just before the tap the kiosk took, for wait_screen(..., since=)."""
        def touch():
            t = self.target(action, arg)
            self.m.tap(t[2] + t[4] // 2, t[3] + t[5] // 2)
        return self._press(f"a tap on '{action} {arg}'", action, arg, touch, tries)

    def hold(self, x, y, seconds, tries=3):
        """Holds the tablet down at (x, y) for SECONDS (the organiser's corner); returns
        the mark taken before the hold the kiosk took."""
        def touch():
            self.m.move(x, y)
            time.sleep(0.1)
            self.m.qmp.press(True)
            time.sleep(seconds)
            self.m.qmp.press(False)
        return self._press(f"a {seconds:g} s hold at ({x}, {y})", None, 0, touch, tries)

    def wait_shown(self, screens, what, since, timeout=60):
        """Until the log says, after the mark SINCE, that one of SCREENS was shown; returns
        that screen."""
        def shown():
            for ev in self.events(since):
                if ev[0] == "screen" and int(ev[1]) in screens:
                    return int(ev[1])
            return None
        return self.m.wait(f"the kiosk on {what} (screen {'/'.join(map(str, screens))})",
                           shown, timeout, interval=0.3)

    def scan(self, code, tries=3):
        """Scans CODE (typed as a barcode scanner does: fast, then Enter) on the welcome
        screen and waits for the greeting (screen 3) of the check-in it makes; returns the
        mark taken before the try that made it.

        The emulated USB keyboard hands the guest one key event per 8 ms poll, and under
        a loaded emulator later still, so the keys can reach the kiosk further apart
        than a scanner's: it then takes them as typed text (its log says "typed" or
        "key" before any "scan"), as with a slowed real scanner, and the search's Enter
        finds the ticket by its code: a check-in by the code all the same, said here as
        a note. A try that ends elsewhere (part of the code taken as a scan of an unknown
        ticket, screen 6) is left with Escape and the code scanned again."""
        for attempt in range(1, tries + 1):
            mark = self.mark()
            self.m.type(code + "\n", gap=0.01, burst=True)
            ev = self.wait_event(f"the kiosk to take the keys of {code}", mark,
                                 ("scan", "typed", "key"), timeout=30)
            shown = self.wait_shown((3, 4, 6), f"the check-in after the scan of {code}",
                                    mark, timeout=30)
            if shown == 3:
                if ev[0] != "scan":
                    log(f"note: the scan of {code} reached the kiosk as typed text and Enter "
                        f"(its keys came further apart than a scanner's); the search found "
                        f"the ticket by its code")
                return mark
            if shown == 4:
                raise VmError(f"the scan of {code} found the person already checked in")
            log(f"note: the scan of {code}, try {attempt}: the kiosk said the ticket is "
                f"unknown (only part of the code came as a scan); scanning again")
            for _ in range(3):
                if self.state()[0] == 0:
                    break
                self.m.qmp.key("esc", True)
                time.sleep(0.05)
                self.m.qmp.key("esc", False)
                time.sleep(1)
            self.wait_screen(0, "the welcome screen again", timeout=30)
            self.settle()
        raise VmError(f"the scan of {code} did not check anybody in in {tries} tries")

    def pin(self, pin, tries=3):
        """Types PIN on the USB keyboard on the PIN pad (the pad takes digits from a
        keyboard too), then Enter on its own, until the admin screen (11) shows; returns
        the mark taken before the try that reached it.

        The digits and the Enter go separately because an emulated machine can hand its
        kiosk keys typed a person's pace apart as one burst (SDL stamps a key when it
        reads it, and a guest whose USB keyboard or event loop was held up reads several
        at once). Digits alone are never a scan (a scan ends in Enter): whatever their
        pace, they go on as typed text, which the kiosk's log says ("typed"). Enter is
        pressed only once the log has said so and stayed quiet for a second, so it cannot
        end a burst. A try that still ends elsewhere is cleared with Backspace and typed
        again, with the kiosk's log in the note."""
        for attempt in range(1, tries + 1):
            mark = self.mark()
            self.m.type(pin, gap=0.05)
            quiet = {"size": -1, "since": 0.0}

            def digits_typed():
                size = self.mark()
                now = time.monotonic()
                if size != quiet["size"]:
                    quiet["size"], quiet["since"] = size, now
                    return False
                evs = self.events(mark)
                return bool(evs) and evs[-1][0] == "typed" and now - quiet["since"] >= 1.0
            self.m.wait("the PIN's digits on the pad as typed text", digits_typed, 30,
                        interval=0.3)
            self.m.type("\n", gap=0.05)

            def outcome():
                for ev in self.events(mark):
                    if ev[:2] == ["screen", "11"] or ev[0] == "scan":
                        return ev[0]
                return None
            if self.m.wait("the admin screen after the PIN", outcome, 30) == "screen":
                return mark
            log(f"note: the PIN, try {attempt}: its Enter reached the kiosk as the end of "
                f"a burst (taken for a scan, ignored on the PIN pad); the kiosk's log: "
                f"{self.tail(mark)}; typing it again")
            for _ in range(len(pin) + 2):  # any digits that did reach the pad
                self.m.qmp.key("backspace", True)
                time.sleep(0.05)
                self.m.qmp.key("backspace", False)
                time.sleep(0.1)
        raise VmError(f"the PIN did not open the admin screen in {tries} tries")

    def admin(self, pin):
        """The organiser's way in: the hidden top-left corner held 3.6 s with the tablet,
        the PIN pad awaited, and PIN typed on the USB keyboard, then Enter (tapping the
        pad's keys one by one did not reach the admin screen under TCG). Each press waits
        out the screen's settle time and is done again if the kiosk ignored it. Returns
        what pin returns."""
        mark = self.hold(20, 20, 3.6)
        self.wait_screen(10, "the PIN pad", timeout=30, since=mark)
        self.target("digit", 1)
        return self.pin(pin)


def run_main(main):
    """The end of every test script: runs main; a VmError is a failed test, said on
    standard error with exit status 1."""
    try:
        main()
    except VmError as e:
        print(f"FAIL: {e}", file=sys.stderr)
        sys.exit(1)
