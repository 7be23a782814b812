#!/usr/bin/env python3
"""compare.py SHOT.png REFERENCE.png [LATER.png ...]: the kiosk's welcome screen as QEMU's
screendump of the VM's DRM display saw it (vm_checkin) against the same screen drawn by
this build under Xvfb at the same size (reference.sh). At most 2 % of the pixels may
differ by more than 12 % (ImageMagick compare -fuzz): anti-aliasing and nothing else. A
black display (no frame reached it) differs almost everywhere.

Each LATER.png is a screendump taken after the kiosk left the welcome screen (the search,
a greeting): each must differ from SHOT in more than 2 % of its pixels, so the display
follows the kiosk and did not keep its first frame."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vm import differing_pixels  # noqa: E402

shot, ref, later = sys.argv[1], sys.argv[2], sys.argv[3:]
for f in [shot, ref] + later:
    if not os.path.exists(f):
        print(f"FAIL: no {f} (vm_checkin makes it)", file=sys.stderr)
        sys.exit(1)
total = 800 * 480
diff = differing_pixels(shot, ref)
print(f"{diff} of {total} pixels differ by more than 12 %: {shot} vs {ref}")
if diff > total * 0.02:
    print("FAIL: the screendump is not the welcome screen", file=sys.stderr)
    sys.exit(1)
for f in later:
    d = differing_pixels(shot, f)
    print(f"{d} of {total} pixels changed from the welcome screen: {f}")
    if d <= total * 0.02:
        print(f"FAIL: the display still shows the welcome screen in {f}", file=sys.stderr)
        sys.exit(1)
print("PASS: the display shows the kiosk's welcome screen, and follows it")
