"""drawing: a static picture of a graph view with matplotlib, for PNG and SVG.

A force layout alone piles a few hundred nodes on top of each other: hubs
pull their leaves into a blot, and the separate stories of a corpus fly to the
corners. So the layout is done per connected component, each scaled to one
edge length per link, pushed apart until no two nodes (nor their labels) sit
on each other, and the components are then packed in rows like words on a
page. The figure grows with the layout rather than the layout shrinking into a
fixed figure, so labels keep a readable size; labels that would still collide
are left out, the busiest nodes' first kept (hover in the HTML view shows all).
"""

from __future__ import annotations

import io
import math
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Literal

import networkx as nx
import numpy as np
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch
from rdflib import Graph

from kg.viz import Legend, as_view, edge_colour

#: Inches per unit of layout length (about one edge).
UNIT = 0.95
#: The largest side of a figure, in inches: past that, labels are culled rather than the figure grown.
MAX_INCHES = 48.0
#: Horizontal and vertical room a node needs, in layout units: a label is wider than it is tall.
ROOM = (1.15, 0.42)
MARKERS = {"MedalAward": "s", "Punishment": "D"}
LABEL_FONT = 7.5
EDGE_FONT = 6.0
#: Draw edge labels by default up to this many edges.
EDGE_LABEL_LIMIT = 400
#: Draw edges as arrows (one patch each) up to this many; beyond, a LineCollection without heads.
ARROW_LIMIT = 2500


def layout(view: nx.MultiDiGraph, seed: int = 7) -> dict[str, np.ndarray]:
    """Positions in layout units (about one edge long) for every node; deterministic for a seed."""
    simple = nx.Graph()
    simple.add_nodes_from(view)
    simple.add_edges_from((u, v) for u, v in view.edges() if u != v)
    components = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(c)))
    blocks = [_component_layout(simple.subgraph(c), seed) for c in components if len(c) > 1]
    singles = sorted((next(iter(c)) for c in components if len(c) == 1), key=lambda n: view.nodes[n]["label"])
    if singles:
        blocks.append(_grid(singles))
    return _pack(blocks)


def _component_layout(component: nx.Graph, seed: int) -> dict[str, np.ndarray]:
    nodes = list(component)
    if len(nodes) == 2:
        points = np.array([[0.0, 0.0], [1.0, 0.0]])
    else:
        if len(nodes) < 500:
            raw = nx.spring_layout(component, seed=seed, iterations=200)
        else:  # spring_layout switches to scipy's sparse solver from 500 nodes on
            raw = nx.forceatlas2_layout(component, seed=seed, max_iter=200)
        points = np.array([raw[n] for n in nodes], dtype=float)
        lengths = [
            np.linalg.norm(points[nodes.index(u)] - points[nodes.index(v)]) for u, v in component.edges
        ]
        scale = float(np.median(lengths)) or 1.0
        points = (points - points.mean(axis=0)) / scale
    points = _spread(points, seed)
    return dict(zip(nodes, points, strict=True))


def _spread(points: np.ndarray, seed: int, iterations: int = 1000) -> np.ndarray:
    """Push nodes apart until every pair is at least ROOM apart (an ellipse: wide, not tall)."""
    room = np.array(ROOM)
    scaled = points / room  # in these units every pair must be at least 1 apart
    rng = np.random.default_rng(seed)
    for _ in range(iterations):
        delta = scaled[:, None, :] - scaled[None, :, :]
        distance = np.linalg.norm(delta, axis=2)
        np.fill_diagonal(distance, np.inf)
        if distance.min() >= 1.0:
            break
        overlap = np.clip(1.03 - distance, 0.0, None)  # aim a little over 1, so that it settles above it
        stacked = distance < 1e-9
        if stacked.any():  # identical points have no direction to separate along: give them one
            delta[stacked] = rng.normal(size=(int(stacked.sum()), 2))
            distance[stacked] = np.linalg.norm(delta[stacked], axis=1)
        push = (delta / distance[..., None]) * (overlap[..., None] * 0.55)
        scaled = scaled + push.sum(axis=1)
    return scaled * room


def _grid(nodes: list[str]) -> dict[str, np.ndarray]:
    columns = max(1, math.ceil(math.sqrt(len(nodes) * ROOM[1] / ROOM[0]) * 1.4))
    return {
        node: np.array([(i % columns) * ROOM[0] * 1.2, -(i // columns) * ROOM[1] * 2.0])
        for i, node in enumerate(nodes)
    }


def _pack(blocks: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Place blocks in rows, largest first, in a region about 4:3; every block keeps its shape.

    The gaps between blocks are at least the room a node needs, so that two
    components never crowd each other where they meet.
    """
    gap_x, gap_y = ROOM[0] * 1.3, ROOM[1] * 2.6
    boxes = []
    for block in blocks:
        points = np.array(list(block.values()))
        low, high = points.min(axis=0), points.max(axis=0)
        boxes.append((block, low, high - low))
    area = sum((size[0] + gap_x) * (size[1] + gap_y) for _, _, size in boxes)
    width = max([math.sqrt(area * 4 / 3)] + [size[0] for _, _, size in boxes])
    placed: dict[str, np.ndarray] = {}
    x = y = row_height = 0.0
    for block, low, size in boxes:
        if x > 0 and x + size[0] > width:
            x, y, row_height = 0.0, y - row_height - gap_y, 0.0
        offset = np.array([x, y - size[1]]) - low
        for node, point in block.items():
            placed[node] = point + offset
        x += size[0] + gap_x
        row_height = max(row_height, size[1])
    return placed


def draw(
    data: Graph | nx.MultiDiGraph,
    *,
    title: str | None = None,
    labels: bool = True,
    edge_labels: bool | None = None,
    seed: int = 7,
    dpi: int = 100,
    **options: Any,
) -> Figure:
    """A Figure of the view: nodes coloured by class with a legend, arrows, labels that do not collide.

    `data` is a view from `kg.viz.to_networkx`, or an rdflib Graph with its
    options (`focus=`, `hops=`, `collapse=`, `classes=`, `min_confidence=`,
    `query=`). `edge_labels` defaults to on for up to 400 edges. The figure
    is not attached to pyplot, so drawing many never piles up open figures.
    """
    view = as_view(data, **options)
    pos = layout(view, seed) if len(view) else {}
    points = np.array(list(pos.values())) if pos else np.zeros((1, 2))
    low, high = points.min(axis=0) - [0.9, 0.6], points.max(axis=0) + [0.9, 0.6]
    span = high - low
    scale = min(UNIT, MAX_INCHES / span[0], MAX_INCHES / span[1])  # inches per unit
    graph_w, graph_h = max(span[0] * scale, 4.0), max(span[1] * scale, 3.0)
    legend_w, title_h = 2.3, (0.5 if title else 0.15)
    if title:  # a title wider than a small graph widens the figure rather than run into the legend
        graph_w = max(graph_w, len(title) * 13 * 0.62 / 72 + 0.3 - legend_w)
    fig = Figure(figsize=(graph_w + legend_w, graph_h + title_h), dpi=dpi)
    fig.patch.set_facecolor("white")
    width, height = graph_w + legend_w, graph_h + title_h
    ax = fig.add_axes((0.0, 0.0, graph_w / width, graph_h / height))
    ax.set_axis_off()
    # equal scale on both axes without set_aspect, so that transData is final before drawing
    centre = (low + high) / 2
    half = np.array([graph_w, graph_h]) / scale / 2
    ax.set_xlim(centre[0] - half[0], centre[0] + half[0])
    ax.set_ylim(centre[1] - half[1], centre[1] + half[1])
    if title:
        fig.text(0.01, 1 - 0.3 / height, title, fontsize=13, weight="bold", va="center")

    sizes = {n: _node_size(view, n) for n in view}
    _draw_edges(ax, view, pos, sizes)
    for cls, colour, _ in Legend.of(view):
        nodes = [n for n in view if view.nodes[n]["class"] == cls]
        ax.scatter(
            [pos[n][0] for n in nodes],
            [pos[n][1] for n in nodes],
            s=[sizes[n] for n in nodes],
            c=colour,
            marker=MARKERS.get(cls, "o"),
            edgecolors=["#111111" if view.nodes[n].get("focus") else "white" for n in nodes],
            linewidths=[2.2 if view.nodes[n].get("focus") else 0.8 for n in nodes],
            zorder=3,
        )
    taken = _node_boxes(ax, pos, sizes)
    if labels:
        _draw_node_labels(ax, view, pos, sizes, taken)
    if edge_labels if edge_labels is not None else view.number_of_edges() <= EDGE_LABEL_LIMIT:
        _draw_edge_labels(ax, view, pos, taken)
    _draw_legend(fig, view, (graph_w / width, 1 - title_h / height))
    return fig


def _node_size(view: nx.MultiDiGraph, node: str) -> float:
    """Marker area in points²: grows with the square root of the degree, so hubs stand out, not blot."""
    return min(90.0 + 55.0 * math.sqrt(view.degree(node)), 650.0)


def _curvatures(view: nx.MultiDiGraph) -> dict[tuple[str, str, Any], float]:
    """An arc3 curvature per edge: 0 for a lone edge, fanned out for parallel ones (either direction)."""
    pairs: dict[tuple[str, str], list[tuple[str, str, Any]]] = defaultdict(list)
    for u, v, k in view.edges(keys=True):
        pairs[(min(u, v), max(u, v))].append((u, v, k))
    rads = {}
    for (first, _), edges in pairs.items():
        for i, (u, v, k) in enumerate(edges):
            rad = 0.0 if len(edges) == 1 else (i - (len(edges) - 1) / 2) * 0.3
            rads[(u, v, k)] = rad if u == first else -rad  # arc3 bends relative to the direction
    return rads


LineStyle = Literal["-", "--", ":"]


def _line_style(data: dict[str, Any]) -> LineStyle:
    """Solid for facts and carried-out punishments, dashed for possible ones, dotted for denied ones."""
    if not data.get("event"):
        return "-"
    styles: dict[str, LineStyle] = {"possible": "--", "denied": ":"}
    return styles.get(str(data.get("status")), "-")


def _draw_edges(ax: Any, view: nx.MultiDiGraph, pos: dict[str, np.ndarray], sizes: dict[str, float]) -> None:
    if view.number_of_edges() > ARROW_LIMIT:
        from matplotlib.collections import LineCollection

        segments = [(pos[u], pos[v]) for u, v in view.edges()]
        colours = [edge_colour(d) for _, _, d in view.edges(data=True)]
        ax.add_collection(LineCollection(segments, colors=colours, linewidths=0.6, alpha=0.7, zorder=1))
        return
    rads = _curvatures(view)
    for u, v, k, data in view.edges(keys=True, data=True):
        collapsed = bool(data.get("event"))
        patch = FancyArrowPatch(
            tuple(pos[u]),
            tuple(pos[v]),
            arrowstyle="-|>",
            mutation_scale=9,
            connectionstyle=f"arc3,rad={rads[(u, v, k)]}",
            shrinkA=math.sqrt(sizes[u]) / 2 + 1,
            shrinkB=math.sqrt(sizes[v]) / 2 + 1,
            color=edge_colour(data),
            linestyle=_line_style(data),
            linewidth=1.8 if collapsed else 0.9,
            alpha=0.85,
            zorder=2 if collapsed else 1,
        )
        ax.add_patch(patch)


def _shorten(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


Box = tuple[float, float, float, float]

#: Where a node's label may go, in order of preference: (dx, dy) in units of the node's radius, ha, va.
_LABEL_PLACES = (
    ((0, -1), "center", "top"),
    ((0, 1), "center", "bottom"),
    ((1, 0), "left", "center"),
    ((-1, 0), "right", "center"),
)
#: A white, slightly transparent backing keeps a label readable over edges (and, unlike a path
#: effect, it stays a rectangle and a text element in SVG, not a pile of glyph outlines).
_BACKING = {"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none", "alpha": 0.78}


def _text_box(
    ax: Any, xy: np.ndarray, text: str, size: float, offset: tuple[float, float], ha: str, va: str
) -> Box:
    """The pixel box `text` takes at `offset` points from `xy` (an estimate: no renderer needed)."""
    px, py = ax.transData.transform(xy)
    per_point = ax.figure.dpi / 72
    width = len(text) * size * 0.56 * per_point
    height = size * 1.3 * per_point
    x = px + offset[0] * per_point
    y = py + offset[1] * per_point
    left = {"center": x - width / 2, "left": x, "right": x - width}[ha]
    bottom = {"center": y - height / 2, "bottom": y, "top": y - height}[va]
    return (left, bottom, left + width, bottom + height)


def _free(box: Box, taken: Iterable[Box]) -> bool:
    return all(box[2] <= b[0] or box[0] >= b[2] or box[3] <= b[1] or box[1] >= b[3] for b in taken)


def _node_boxes(ax: Any, pos: dict[str, np.ndarray], sizes: dict[str, float]) -> list[Box]:
    per_point = ax.figure.dpi / 72
    boxes = []
    for node, xy in pos.items():
        px, py = ax.transData.transform(xy)
        r = math.sqrt(sizes[node]) / 2 * per_point
        boxes.append((px - r, py - r, px + r, py + r))
    return boxes


def _draw_node_labels(
    ax: Any, view: nx.MultiDiGraph, pos: dict[str, np.ndarray], sizes: dict[str, float], taken: list[Box]
) -> None:
    """Labels beside their nodes, the focus and busiest nodes first, under, over, right or left of
    the node, whichever is free first; a label with no free place is left out rather than smudged."""
    order = sorted(
        view, key=lambda n: (not view.nodes[n].get("focus"), -view.degree(n), view.nodes[n]["label"])
    )
    for node in order:
        text = _shorten(view.nodes[node]["label"])
        radius = math.sqrt(sizes[node]) / 2 + 1.5
        for (dx, dy), ha, va in _LABEL_PLACES:
            offset = (dx * radius, dy * radius)
            box = _text_box(ax, pos[node], text, LABEL_FONT, offset, ha, va)
            if _free(box, taken):
                break
        else:
            continue
        taken.append(box)
        ax.annotate(
            text,
            xy=tuple(pos[node]),
            xytext=offset,
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=LABEL_FONT,
            weight="bold" if view.nodes[node].get("focus") else "normal",
            color="#1B1B1B",
            bbox=_BACKING,
            zorder=4,
        )


def _draw_edge_labels(ax: Any, view: nx.MultiDiGraph, pos: dict[str, np.ndarray], taken: list[Box]) -> None:
    """Labels at the middle of their edges, a collapsed event's (a medal, a sanction) first."""
    rads = _curvatures(view)
    edges = sorted(view.edges(keys=True, data=True), key=lambda e: not e[3].get("event"))
    for u, v, k, data in edges:
        start, end = pos[u], pos[v]
        delta = end - start
        normal = np.array([delta[1], -delta[0]])
        middle = (start + end) / 2 + normal * rads[(u, v, k)] / 2  # the midpoint of the arc3 curve
        text = _shorten(str(data.get("label") or data.get("predicate", "")), 28)
        box = _text_box(ax, middle, text, EDGE_FONT, (0, 0), "center", "center")
        if not text or not _free(box, taken):
            continue
        taken.append(box)
        ax.text(
            *middle,
            text,
            ha="center",
            va="center",
            fontsize=EDGE_FONT,
            color="#3A3F47" if not data.get("event") else edge_colour(data),
            style="italic",
            bbox=_BACKING,
            zorder=4,
        )


def _draw_legend(fig: Figure, view: nx.MultiDiGraph, corner: tuple[float, float]) -> None:
    """The classes and edge kinds, to the right of the graph and under the title (`corner`)."""
    handles = [
        Line2D(
            [],
            [],
            marker=MARKERS.get(cls, "o"),
            linestyle="",
            markersize=8,
            markerfacecolor=colour,
            markeredgecolor="white",
            label=f"{cls} ({count})",
        )
        for cls, colour, count in Legend.of(view)
    ]
    kinds = {_edge_kind(d): (edge_colour(d), _line_style(d)) for _, _, d in view.edges(data=True)}
    for kind in sorted(kinds, key=_EDGE_KINDS.index):
        colour, style = kinds[kind]
        handles.append(Line2D([], [], color=colour, linestyle=style, linewidth=1.8, label=kind))
    if handles:
        fig.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(corner[0] + 0.005, corner[1] - 0.005),
            fontsize=8,
            frameon=False,
            title=f"{len(view)} nodes, {view.number_of_edges()} edges",
            title_fontsize=8,
            alignment="left",
        )


_EDGE_KINDS = [
    "relation or role",
    "gold medal",
    "silver medal",
    "bronze medal",
    "medal",
    "punishment",
    "possible punishment",
    "denied punishment",
]


def _edge_kind(data: dict[str, Any]) -> str:
    """What an edge is, for the legend: a plain link, a medal by metal, a punishment by status."""
    if data.get("predicate") == "kg:MedalAward":
        medal = f"{data.get('medal')} medal"
        return medal if medal in _EDGE_KINDS else "medal"
    if data.get("predicate") == "kg:Punishment":
        status = str(data.get("status"))
        return f"{status} punishment" if status in ("possible", "denied") else "punishment"
    return "relation or role"


def figure_bytes(fig: Figure, kind: str) -> bytes:
    """The figure as PNG or SVG bytes; SVG keeps text as text (searchable, smaller) and has no date."""
    buffer = io.BytesIO()
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "kg-news"}):
        metadata = {"Date": None} if kind == "svg" else {}
        fig.savefig(buffer, format=kind, metadata=metadata, facecolor="white")
    return buffer.getvalue()
