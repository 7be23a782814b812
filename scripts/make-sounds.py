#!/usr/bin/env python3
"""Writes the kiosk's three sounds (assets/sounds/*.wav) from a few notes each.

The sounds are made here, from sine tones, so they are mingel's own (no sample library)
and can be made again byte for byte: python3 scripts/make-sounds.py [DIR]. Each is 16-bit
mono PCM at 22,050 Hz, short and soft (peaks at about a third of full scale, so a small
speaker at the entrance does not startle anyone), and each has its own shape, so the three
are told apart without looking:

  checked-in.wav  two rising notes, C6 then E6: "done"
  already.wav     the same A5 twice, level: "you are already here"
  unknown.wav     two falling low notes with an edge, G4 then D4: "not found"

Every note fades in over 5 ms and out over most of its length, so no note clicks.
"""
import math
import os
import struct
import sys
import wave

RATE = 22050
PEAK = 0.33 * 32767


def note(freq, ms, edge=0.0):
    """One note: a sine (plus a little third harmonic for an edge), shaped to fade."""
    n = int(RATE * ms / 1000)
    attack = int(RATE * 0.005)
    out = []
    for i in range(n):
        t = i / RATE
        env = min(1.0, i / attack) * (1.0 - i / n) ** 1.5
        v = math.sin(2 * math.pi * freq * t) + edge * math.sin(2 * math.pi * 3 * freq * t)
        out.append(env * v / (1.0 + edge))
    return out


def gap(ms):
    return [0.0] * int(RATE * ms / 1000)


SOUNDS = {
    "checked-in.wav": note(1046.5, 110) + note(1318.5, 190),
    "already.wav": note(880.0, 90) + gap(60) + note(880.0, 120),
    "unknown.wav": note(392.0, 150, edge=0.35) + gap(20) + note(293.7, 230, edge=0.35),
}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "assets", "sounds")
    os.makedirs(out_dir, exist_ok=True)
    for name, samples in SOUNDS.items():
        with wave.open(os.path.join(out_dir, name), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes(b"".join(struct.pack("<h", int(round(s * PEAK))) for s in samples))


if __name__ == "__main__":
    main()
