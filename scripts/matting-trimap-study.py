#!/usr/bin/env python3
"""Dev tool, not a test: how good could closed-form matting be on the ground-truth composites,
given this or that trimap? (docs/matting.md, "What halving over all 21 would take".)

    MATTING_DEBUG=/tmp/md cargo test --test it matting::the_matte_against_ground_truth
    python3 scripts/matting-trimap-study.py /tmp/md ours,truth:0,truth:2,h1:0,h2:2,ours:2,ours:4

Needs numpy, scipy, pillow and pymatting (pip; not a dependency of the app). Every figure is the
test's own edge SAD (alpha error where the truth is mixed or within 3 px of its 0.5 contour) at
output resolution, summed over plain backdrops and over all 21 composites, as a share of the
coarse mask's (the baseline). A method is KIND:R, the unknown region taken from one alpha's soft
part (0.02 < a < 0.98) grown by R px and the labels outside it from another (>= 0.5: person):

    ours   region and labels from the matte (the app's alpha)
    truth  region and labels from the truth
    h1     the truth's region, the matte's labels
    h2     the matte's region, the truth's labels
    base   region and labels from the coarse mask

"ours" alone is the matte as it is. Closed-form matting is pymatting's estimate_alpha_cf on the
rendered (pre-replacement) output.
"""
import sys

import numpy as np
import pymatting
from PIL import Image
from scipy.ndimage import binary_dilation, distance_transform_edt

PEOPLE = ["astronaut", "grace_hopper", "einstein"]
BACKGROUNDS = ["white", "blue", "grey", "coffee", "rocket", "brick", "grass"]
PLAIN = {"white", "blue", "grey"}


def load(directory, name, grey=False):
    image = Image.open(f"{directory}/{name}.png").convert("L" if grey else "RGB")
    return np.asarray(image).astype(np.float64) / 255


def edge_band(truth):
    inside = truth >= 0.5
    contour = np.maximum(distance_transform_edt(inside), distance_transform_edt(~inside))
    return ((truth >= 0.02) & (truth < 0.98)) | (contour <= 3)


def main():
    directory = sys.argv[1]
    methods = sys.argv[2].split(",") if len(sys.argv) > 2 else ["ours"]
    totals = {m: [0.0, 0.0] for m in methods + ["base"]}
    for person in PEOPLE:
        for background in BACKGROUNDS:
            key = f"{person}-{background}"
            truth = load(directory, key + "-a-truth", True)
            ours = load(directory, key + "-a-ours", True)
            base = load(directory, key + "-a-base", True)
            render = load(directory, key + "-render")
            band = edge_band(truth)
            sad = {"ours": np.abs(ours - truth)[band].sum(), "base": np.abs(base - truth)[band].sum()}
            for method in methods:
                if method == "ours":
                    continue
                kind, grow = method.split(":")
                region, labels = {
                    "truth": (truth, truth),
                    "ours": (ours, ours),
                    "h1": (truth, ours),
                    "h2": (ours, truth),
                    "base": (base, base),
                }[kind]
                unknown = (region > 0.02) & (region < 0.98)
                if int(grow) > 0:
                    unknown = binary_dilation(unknown, iterations=int(grow))
                trimap = np.where(unknown, 0.5, (labels >= 0.5).astype(np.float64))
                try:
                    alpha = np.clip(pymatting.estimate_alpha_cf(render, trimap), 0, 1)
                except Exception as e:  # a trimap without both labels
                    print(f"{key} {method}: {e}; the matte kept", file=sys.stderr)
                    alpha = ours
                sad[method] = np.abs(alpha - truth)[band].sum()
            for method, value in sad.items():
                totals[method][0 if background in PLAIN else 1] += value
            print(key, " ".join(f"{m}={v:.0f}" for m, v in sad.items()), flush=True)
    base_plain, base_busy = totals["base"]
    for method, (plain, busy) in totals.items():
        print(
            f"{method}: plain {plain:.0f} ({100 * plain / base_plain:.0f}%), "
            f"all {plain + busy:.0f} ({100 * (plain + busy) / (base_plain + base_busy):.0f}%)"
        )


if __name__ == "__main__":
    main()
