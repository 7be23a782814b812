#!/usr/bin/env python3
"""compare.py SHOT.png REFERENCE.png: the kiosk's welcome screen as QEMU's screendump of
the VM's DRM display saw it (vm_checkin) against the same screen drawn by this build
under Xvfb at the same size (reference.sh). At most 2 % of the pixels may differ by more
than 12 % (ImageMagick compare -fuzz): anti-aliasing and nothing else. A black display
(no frame reached it) differs almost everywhere."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vm import differing_pixels  # noqa: E402

shot, ref = sys.argv[1:3]
for f in (shot, ref):
    if not os.path.exists(f):
        print(f"FAIL: no {f} (vm_checkin makes both)", file=sys.stderr)
        sys.exit(1)
diff = differing_pixels(shot, ref)
total = 800 * 480
print(f"{diff} of {total} pixels differ by more than 12 %: {shot} vs {ref}")
if diff > total * 0.02:
    print("FAIL: the screendump is not the welcome screen", file=sys.stderr)
    sys.exit(1)
print("PASS: the display shows the kiosk's welcome screen")
