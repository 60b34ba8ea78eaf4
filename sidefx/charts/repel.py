"""Placing the names of a scatter plot's points so that no two overlap, nor cover a point.

Work is in the plot area's pixels (origin bottom left, y up). Each name goes beside its point
(right, left, then the corners, then above or below) at the first place that is free; when none
is, a little further out, else at the nearest free place in the plot; a line leads back to the point. A name's box is estimated from its characters (0.62 em each,
a little wider than DejaVu Sans's average), so the real text is never larger than the box.

A builder places the names for the smallest plot its style expects (a name's place is kept in the
axes' units, so a larger plot only moves names apart); an export, which knows the real size once its
margins are set, places them again (``place``).
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

NAME = "point-label"  # the annotations this module places
# Right, left, the four corners, above, below: beside the point first, where its whisker does not run.
DIRECTIONS = ((1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1), (0, 1), (0, -1))
CHAR_EM = 0.62


def box_size(text: str, font: float) -> tuple[float, float]:
    """The room a one-line name takes: its characters, and plotly's 1 px border pad each side."""
    return CHAR_EM * font * len(text) + 4, 1.3 * font + 2


def _overlap(a, b) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _crowd(points, i: int, near: float) -> int:
    x, y, _ = points[i]
    return sum(1 for j, (u, v, _) in enumerate(points) if j != i and math.hypot(u - x, v - y) < near)


def _centres(x: float, y: float, r: float, tw: float, th: float, width: float, height: float):
    """Where a name's box may go, best first: beside its point, a little further out, then anywhere in the plot
    (a grid of half a line), nearest first."""
    for step in range(3):
        gap = r + 2 + step * th
        for ux, uy in DIRECTIONS:
            yield x + ux * (gap + tw / 2), y + uy * (gap + th / 2)
    half = th / 2
    grid = [
        (tw / 2 + i * half, half + j * half)
        for i in range(max(1, int((width - tw) / half) + 1))
        for j in range(max(1, int((height - th) / half) + 1))
    ]
    yield from sorted(grid, key=lambda c: math.hypot(c[0] - x, c[1] - y))


def spots(points, sizes, width: float, height: float) -> list[tuple[float, float]]:
    """For each point (x, y, radius in px) and its name's box (w, h): the box centre's offset from the point.
    The most crowded points choose first; a name goes to the first free place (else the least covered)."""
    marks = [(x - r, y - r, x + r, y + r) for x, y, r in points]
    placed: list[tuple] = []
    out: list = [None] * len(points)
    near = 4 * max((h for _, h in sizes), default=10)
    for i in sorted(range(len(points)), key=lambda i: (-_crowd(points, i, near), points[i][0])):
        (x, y, r), (tw, th) = points[i], sizes[i]
        best, best_cost = None, math.inf
        for cx, cy in _centres(x, y, r, tw, th, width, height):
            box = (cx - tw / 2, cy - th / 2, cx + tw / 2, cy + th / 2)
            outside = max(0, -box[0]) + max(0, box[2] - width) + max(0, -box[1]) + max(0, box[3] - height)
            cost = sum(_overlap(box, b) for b in placed + marks) + 1000 * outside
            if cost < best_cost:
                best, best_cost = (box, cx - x, cy - y), cost
            if cost == 0:
                break
        placed.append(best[0])
        out[i] = best[1:]
    return out


def place(fig: go.Figure, width: float, height: float) -> None:
    """Move the figure's point names (annotations named ``NAME``) for a plot area of this size in px.

    The builder leaves each point's place in ``meta.point_labels``: x and y as fractions of the plot area,
    and the marker's radius in px. A name's centre is set in the axes' units, with a line back to its point:
    in a larger plot than this the names move apart with their points, so none comes to overlap another.
    """
    meta = fig.layout.meta.get("point_labels") if isinstance(fig.layout.meta, dict) else None
    names = [a for a in fig.layout.annotations if a.name == NAME]
    if not meta or not names:
        return
    (x0, x1), (y0, y1) = fig.layout.xaxis.range, fig.layout.yaxis.range
    points = [(fx * width, fy * height, r) for fx, fy, r in zip(meta["x"], meta["y"], meta["r"])]
    sizes = [box_size(str(a.text), a.font.size) for a in names]
    for a, (dx, dy), (_, _, r) in zip(names, spots(points, sizes, width, height), points):
        a.update(
            showarrow=True,
            axref="x",
            ayref="y",
            ax=a.x + dx / width * (x1 - x0),
            ay=a.y + dy / height * (y1 - y0),
            standoff=r,
        )
