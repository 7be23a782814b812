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
from vm import same_screen  # noqa: E402

shot, ref, later = sys.argv[1], sys.argv[2], sys.argv[3:]
for f in [shot, ref] + later:
    if not os.path.exists(f):
        print(f"FAIL: no {f} (vm_checkin makes it)", file=sys.stderr)
        sys.exit(1)
same, diff = same_screen(shot, ref)
print(f"{diff} pixels differ by more than 12 %: {shot} vs {ref}")
if not same:
    print("FAIL: the screendump is not the welcome screen", file=sys.stderr)
    sys.exit(1)
for f in later:
    same, d = same_screen(shot, f)
    print(f"{d} pixels changed from the welcome screen: {f}")
    if same:
        print(f"FAIL: the display still shows the welcome screen in {f}", file=sys.stderr)
        sys.exit(1)
print("PASS: the display shows the kiosk's welcome screen, and follows it")
