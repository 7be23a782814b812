"""qmp.py: a small QMP (QEMU Machine Protocol) client, Python 3 standard library only.

QMP is JSON over a socket: QEMU greets, the client says qmp_capabilities, then each
command {"execute": NAME, "arguments": {...}} gets one {"return": ...} or {"error": ...};
asynchronous {"event": ...} messages may arrive in between and are kept in `events`.
Every wait is bounded; a timeout, a closed socket or an error reply raises QmpError.
"""

import json
import socket
import time


# QEMU's absolute axes run from 0 to 0x7fff and reach the guest's evdev device unchanged.
TABLET_MAX = 0x7FFF


def abs_value(px, size, scaled):
    """The tablet's axis value that puts the guest's pointer at pixel PX of SIZE pixels.

    SDL's evdev input takes an absolute pointer that is not a touch screen (the USB tablet
    is a mouse with absolute axes) differently by version. SDL 2.26 (Debian 12) takes the
    raw value as the pixel, without scaling by the axis range (found in tests/vm: a tap
    sent at 230/0x7fff of the width lands at x=230), so the value is the pixel. SDL 2.32
    (Debian 13) scales it: pixel = value * size // 0x7fff (SDL_evdev.c, on SYN_REPORT),
    so SCALED gives the smallest value that lands on PX."""
    px = min(max(int(px), 0), size - 1)
    return -(-px * TABLET_MAX // size) if scaled else px


class QmpError(Exception):
    pass


def connect_unix(path, timeout, interval):
    """A stream socket connected to the unix socket at PATH, tried again every INTERVAL
    seconds while the other side is not there yet; after TIMEOUT seconds the last
    OSError is raised."""
    deadline = time.monotonic() + timeout
    while True:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(path)
            return sock
        except OSError:
            sock.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(interval)


class Qmp:
    def __init__(self, path, timeout=60.0):
        """Connects to QEMU's QMP unix socket at PATH (retrying until it exists, at most
        TIMEOUT seconds) and negotiates capabilities."""
        try:
            self.sock = connect_unix(path, timeout, 0.1)
        except OSError as e:
            raise QmpError(f"no QMP socket at {path}: {e}") from e
        self.buf = b""
        self.events = []
        greeting = self._read(timeout)
        if "QMP" not in greeting:
            raise QmpError(f"not a QMP greeting: {greeting}")
        self.execute("qmp_capabilities")

    def _read(self, timeout):
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise QmpError("QMP: no reply in time")
            self.sock.settimeout(left)
            try:
                data = self.sock.recv(65536)
            except socket.timeout as e:
                raise QmpError("QMP: no reply in time") from e
            if not data:
                raise QmpError("QMP: QEMU closed the socket")
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def execute(self, command, arguments=None, timeout=120.0):
        """Runs COMMAND and returns its "return" value; events met on the way are kept."""
        msg = {"execute": command}
        if arguments is not None:
            msg["arguments"] = arguments
        self.sock.sendall(json.dumps(msg).encode() + b"\n")
        while True:
            reply = self._read(timeout)
            if "event" in reply:
                self.events.append(reply)
                continue
            if "error" in reply:
                raise QmpError(f"{command}: {reply['error'].get('desc', reply['error'])}")
            return reply.get("return")

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    # ---- input: a USB tablet (absolute pointer) and a USB keyboard ---------------------

    def tap(self, x, y, width, height, device=None, hold=0.15, scaled=False):
        """A tap at pixel (X, Y) of a WIDTHxHEIGHT screen: the tablet moves there and its
        left button goes down and up. SCALED: see abs_value."""
        self.move(x, y, width, height, device, scaled)
        time.sleep(0.05)
        self.send([{"type": "btn", "data": {"down": True, "button": "left"}}], device)
        time.sleep(hold)
        self.send([{"type": "btn", "data": {"down": False, "button": "left"}}], device)

    def press(self, down, device=None):
        self.send([{"type": "btn", "data": {"down": down, "button": "left"}}], device)

    def move(self, x, y, width, height, device=None, scaled=False):
        self.send([{"type": "abs", "data": {"axis": "x", "value": abs_value(x, width, scaled)}},
                   {"type": "abs", "data": {"axis": "y", "value": abs_value(y, height, scaled)}}],
                  device)

    def key(self, qcode, down, device=None):
        self.send([{"type": "key", "data": {"down": down,
                                            "key": {"type": "qcode", "data": qcode}}}], device)

    @staticmethod
    def key_events(ch):
        """The key events of one character on a US keyboard (letters, digits, '-', ' ',
        and '\\n' for Enter): down and up, inside Shift for a capital."""
        shift = False
        if ch == "\n":
            code = "ret"
        elif ch == " ":
            code = "spc"
        elif ch == "-":
            code = "minus"
        elif ch.isdigit() or ("a" <= ch <= "z"):
            code = ch
        elif "A" <= ch <= "Z":
            code, shift = ch.lower(), True
        else:
            raise QmpError(f"type_text: no key for {ch!r}")

        def ev(qcode, down):
            return {"type": "key", "data": {"down": down,
                                            "key": {"type": "qcode", "data": qcode}}}
        keys = [ev(code, True), ev(code, False)]
        return [ev("shift", True)] + keys + [ev("shift", False)] if shift else keys

    def type_text(self, text, device=None, gap=0.03, burst=False):
        """Types TEXT (see key_events), a character every GAP seconds.

        A person (burst=False): each key down, GAP, up, GAP, so no two characters come
        closer than 2 * GAP, however late a command goes out.

        A barcode scanner (burst=True): the same steps (each key down, GAP, up, GAP), on a
        fixed schedule from the first key, so a command that goes out late delays that
        step but not the ones after it (the kiosk tells a scan by its keys coming at
        most 30 ms apart). All at once would not do: the emulated keyboard queues only
        16 key events and hands the guest one per poll (8 ms), and drops what does not
        fit. A stall can still pull a code apart: Kiosk.scan (vm.py) sees that in the
        kiosk's log and scans again."""
        t0 = time.monotonic()
        step = 0
        for i, ch in enumerate(text):
            events = self.key_events(ch)
            half = len(events) // 2
            down, up = events[:half], events[half:]
            if burst and len(events) == 4:
                # Shift stays down across a run of capitals (as many scanners send them):
                # fewer events, so the code's characters come closer together.
                if i > 0 and "A" <= text[i - 1] <= "Z":
                    down = down[1:]
                if i + 1 < len(text) and "A" <= text[i + 1] <= "Z":
                    up = up[:-1]
            for part in (down, up):
                self.send(part, device)
                step += 1
                left = (t0 + step * gap - time.monotonic()) if burst else gap
                if left > 0:
                    time.sleep(left)

    def send(self, events, device=None):
        args = {"events": events}
        if device:
            args["device"] = device
        self.execute("input-send-event", args)
