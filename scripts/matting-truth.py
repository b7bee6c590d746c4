#!/usr/bin/env python3
"""Dev tool (not CI): pulls the ground-truth alpha and foreground of a test portrait for
tests/it/matting.rs (tests/fixtures/matting/). Needs pymatting, opencv-python-headless, numpy
(pip, in a venv); not a dependency of the program.

Usage:  MATTING_DUMP=/tmp/gt cargo test --test it matting::dump -- --ignored   # coarse masks
        cd /tmp/gt && python3 scripts/matting-truth.py astronaut               # one portrait

Method: the program's own coarse person mask (selfie segmentation), extruded to the frame's
bottom, seeds GrabCut (mask mode); the largest component with its holes filled is the person; a
trimap with a 5 px unknown band (12 px in the upper third, for hair) goes to closed-form matting
(Levin et al. 2008, pymatting's estimate_alpha_cf), then multilevel foreground estimation (Germer
et al. 2020). Every result was checked by eye on green and magenta; for einstein the podium was
marked background by hand (below); the mural's dark shadow by his collar has no edge to cut at and
stays with him.
"""
import numpy as np, cv2, sys
from pymatting import estimate_alpha_cf, estimate_foreground_ml
cfg = {
  'astronaut': '/work/shared/faces/astronaut.png',
  'grace_hopper': '/work/shared/faces/grace_hopper.jpg',
  'einstein': '/work/shared/faces/einstein.jpg',
}
name = sys.argv[1]
bgr = cv2.imread(cfg[name]); h, w = bgr.shape[:2]
coarse = cv2.imread(f'{name}-coarse.png', 0).astype(np.float32) / 255
m = (coarse >= 0.5).astype(np.uint8)
# Extrude the lowest rows of the mask down to the frame's bottom (the segmented square ends above it).
rows = np.where(m.any(axis=1))[0]; last = rows.max()
if last < h - 1 and m[last].sum() > 0.05 * w:
    m[last + 1:] = m[last]
gc = np.where(m > 0, cv2.GC_PR_FGD, cv2.GC_PR_BGD).astype(np.uint8)
gc[cv2.erode(m, np.ones((25, 25), np.uint8)) > 0] = cv2.GC_FGD
gc[cv2.dilate(m, np.ones((41, 41), np.uint8)) == 0] = cv2.GC_BGD
bgd = np.zeros((1, 65)); fgd = np.zeros((1, 65))
cv2.grabCut(bgr, gc, None, bgd, fgd, 6, cv2.GC_INIT_WITH_MASK)
fg = np.isin(gc, [cv2.GC_FGD, cv2.GC_PR_FGD]).astype(np.uint8)
n, lab, stats, _ = cv2.connectedComponentsWithStats(fg)
big = 1 + np.argmax(stats[1:, cv2.CC_STAT_AREA]); fg = (lab == big).astype(np.uint8)
# Holes inside the person are person.
cnts, _ = cv2.findContours(fg, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE); fg = np.zeros_like(fg); cv2.drawContours(fg, cnts, -1, 1, -1)
if name == 'einstein':
    fg[420:, 492:] = 0   # the podium (the shadow by his collar stays with him: no edge to cut it at)
np.save(f'{name}-fg0.npy', fg)
# Trimap: a band of k px, wider (hk) in the upper third (hair).
k, hk = 5, 12
band = np.full((h, w), k, np.int32)
ys = np.where(fg.any(axis=1))[0]; top = ys.min()
head = np.zeros((h, w), bool); head[: top + int(0.35 * (ys.max() - top))] = True
def grow(mask, r, op):
    return op(mask, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1)))
er = np.where(head, grow(fg, hk, cv2.erode), grow(fg, k, cv2.erode))
di = np.where(head, grow(fg, hk, cv2.dilate), grow(fg, k, cv2.dilate))
tri = np.full((h, w), 0.5); tri[er > 0] = 1.0; tri[di == 0] = 0.0
img = bgr[:, :, ::-1].astype(np.float64) / 255
alpha = estimate_alpha_cf(img, tri)
F = estimate_foreground_ml(img, alpha)
cv2.imwrite(f'{name}-alpha.png', np.clip(alpha * 255 + 0.5, 0, 255).astype(np.uint8))
cv2.imwrite(f'{name}-fg.png', np.clip(F[:, :, ::-1] * 255 + 0.5, 0, 255).astype(np.uint8))
cv2.imwrite(f'{name}-trimap.png', (tri * 255).astype(np.uint8))
green = np.array([0, 0.8, 0]); mag = np.array([0.9, 0, 0.9])
for col, tag in [(green, 'g'), (mag, 'm')]:
    comp = alpha[..., None] * F + (1 - alpha[..., None]) * col
    cv2.imwrite(f'{name}-on-{tag}.png', np.clip(comp[:, :, ::-1] * 255, 0, 255).astype(np.uint8))
print(name, 'done')
