#!/usr/bin/env python3
"""Writes and reads the byte scripts of fuzz_input (see the top of fuzz_input.c).

    input_script.py encode SCRIPT.txt OUT.bin   one step per line, '#' starts a comment
    input_script.py decode IN.bin               prints a binary script (a crash) readably

Steps, one per line:
    tap ACTION [ARG]      ARG 0..255; for `char` a letter may be given instead: tap char å
    wide ACTION INT       any 32-bit ARG, e.g. wide char 0x2028, wide pick -1
    text STRING           the rest of the line as UTF-8; \\xNN is one raw byte (so invalid
                          UTF-8 too), \\n a line break, \\x20 a leading space
    key enter|backspace|escape
    tick N                time goes on by N * 250 ms (0..255), then a tick
    wait N                time goes on by N s (0..255) without a tick
    repeat N              the next step runs N times (1..64)
Steps with their own times, through the Input as the shell's events (core/input.h):
    tap@ ACTION ARG GAP HOLD   down GAP ms after the last step, up HOLD ms later (ms in
                               steps of 5, 0..1275); ARG as for tap
    keys@ GAP STRING           each character a key of its own, GAP ms apart (0..255);
                               STRING as for text
    key@ enter|backspace|escape GAP    that key GAP ms after the last step (0..255)
    tick@ MS                   time goes on by MS (steps of 10, 0..2550), then a tick
A scanner is `keys@ 10 T-1002` then `key@ enter 10`; a person `keys@ 120 lotta`.
"""
import codecs
import struct
import sys

# enum FlowAction in app/core/flow.h, in order.
ACTIONS = ["none", "start", "language", "char", "backspace", "space", "clear", "pick",
           "confirm", "back", "walkin", "field", "submit", "done", "stay", "feedback", "rate",
           "skip", "send", "admin", "digit", "pin_ok", "phase", "undo_list", "undo", "export",
           "quit", "clock", "clock_adjust", "clock_save", "consent", "restore", "page"]
KEYS = ["enter", "backspace", "escape"]
TAP_AT, KEYS_AT, KEY_AT, TICK_AT = 0xF8, 0xF9, 0xFA, 0xFB


def ms(value, unit, name):
    n = int(value)
    if n % unit or not 0 <= n // unit <= 255:
        raise ValueError("%s takes 0..%d ms in steps of %d" % (name, 255 * unit, unit))
    return n // unit


def tap_arg(arg):
    value = ord(arg) if len(arg) == 1 and not arg.isdigit() else int(arg, 0)
    if not 0 <= value <= 255:
        raise ValueError("tap takes 0..255 (a Latin-1 letter); use wide")
    return value


def encode_line(line):
    words = line.lstrip().split(None, 1)
    op, rest = words[0], (words[1] if len(words) > 1 else "")
    if op == "tap":
        parts = rest.split(None, 1)
        arg = parts[1] if len(parts) > 1 else "0"
        value = ord(arg) if len(arg) == 1 and not arg.isdigit() else int(arg, 0)
        if not 0 <= value <= 255:
            raise ValueError("tap takes 0..255 (a Latin-1 letter); use wide")
        return bytes([0, ACTIONS.index(parts[0]), value])
    if op == "wide":
        parts = rest.split()
        return bytes([2, ACTIONS.index(parts[0])]) + struct.pack("<i", int(parts[1], 0))
    if op == "text":
        # Letters as UTF-8; \xNN is that raw byte (invalid UTF-8 too), \n a line break.
        raw = codecs.escape_decode(rest.encode("utf-8"))[0]
        if len(raw) > 255:
            raise ValueError("text is at most 255 bytes")
        return bytes([3, len(raw)]) + raw
    if op == "key":
        return bytes([4, KEYS.index(rest.strip())])
    if op == "tick":
        return bytes([5, int(rest)])
    if op == "wait":
        return bytes([6, int(rest)])
    if op == "repeat":
        return bytes([7, int(rest) - 1])
    if op == "tap@":
        parts = rest.split()
        return bytes([TAP_AT, ACTIONS.index(parts[0]), tap_arg(parts[1]),
                      ms(parts[2], 5, "tap@"), ms(parts[3], 5, "tap@")])
    if op == "keys@":
        gap, text = rest.split(None, 1)
        raw = codecs.escape_decode(text.encode("utf-8"))[0]
        if len(raw) > 255:
            raise ValueError("keys@ takes at most 255 bytes")
        return bytes([KEYS_AT, ms(gap, 1, "keys@"), len(raw)]) + raw
    if op == "key@":
        parts = rest.split()
        return bytes([KEY_AT, KEYS.index(parts[0]), ms(parts[1], 1, "key@")])
    if op == "tick@":
        return bytes([TICK_AT, ms(rest.strip(), 10, "tick@")])
    raise ValueError("unknown step " + op)


def encode(src, dst):
    out = bytearray()
    with open(src, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\r\n")  # trailing spaces belong to a `text`
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                out += encode_line(line)
            except (ValueError, IndexError) as e:
                sys.exit("%s:%d: %s" % (src, n, e))
    with open(dst, "wb") as f:
        f.write(out)


def show(raw):
    """raw as `text` takes it back: UTF-8 letters as they are, anything else escaped."""
    out = []
    for ch in raw.decode("utf-8", "surrogateescape"):
        c = ord(ch)
        if 0xDC80 <= c <= 0xDCFF:
            out.append("\\x%02x" % (c - 0xDC00))  # a byte that is not UTF-8
        elif ch == "\\":
            out.append("\\\\")
        elif c < 0x20 or 0x7F <= c <= 0x9F:  # controls, as their UTF-8 bytes
            out.append("".join("\\x%02x" % b for b in ch.encode("utf-8")))
        else:
            out.append(ch)
    return "".join(out)


def decode(path):
    data = open(path, "rb").read()
    i = 0

    def take(n):
        nonlocal i
        if i + n > len(data):
            raise EOFError
        b = data[i:i + n]
        i += n
        return b

    try:
        while i < len(data):
            op = take(1)[0]
            if op == TAP_AT:
                a, b, g, h = take(4)
                print("tap@ %s %d %d %d" % (ACTIONS[a % len(ACTIONS)], b, g * 5, h * 5))
                continue
            if op == KEYS_AT:
                g, n = take(2)
                print("keys@ %d %s" % (g, show(take(n))))
                continue
            if op == KEY_AT:
                k, g = take(2)
                print("key@ %s %d" % (KEYS[k % 3], g))
                continue
            if op == TICK_AT:
                print("tick@ %d" % (take(1)[0] * 10))
                continue
            op %= 8
            if op in (0, 1):
                a, b = take(2)
                print("tap %s %d" % (ACTIONS[a % len(ACTIONS)], b))
            elif op == 2:
                a = take(1)[0]
                print("wide %s %d" % (ACTIONS[a % len(ACTIONS)], struct.unpack("<i", take(4))[0]))
            elif op == 3:
                n = take(1)[0]
                print("text " + show(take(n).split(b"\0")[0]))
            elif op == 4:
                print("key " + KEYS[take(1)[0] % 3])
            elif op == 5:
                print("tick %d" % take(1)[0])
            elif op == 6:
                print("wait %d" % take(1)[0])
            else:
                print("repeat %d" % (take(1)[0] % 64 + 1))
    except EOFError:
        print("# (input ends inside a step)")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "encode":
        encode(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "decode":
        decode(sys.argv[2])
    else:
        sys.exit(__doc__)
