"""interactive: a pan-and-zoom view of a graph, in Jupyter or as one self-contained HTML file.

Rendered by gravis (its d3.js force layout): its pages carry d3 and
require.js inline, so the HTML file opens with no network at all, and its
notebook output is plain HTML, which needs no widget extension or running
kernel to show. pyvis loads Bootstrap from a CDN even in its inline mode,
and ipysigma's HTML export loads the Jupyter widget manager from a CDN, so
neither gives a file that works offline.

gravis reads its templates through `pkg_resources`, which setuptools 81
removed; where it is missing, a stand-in serving the same files through
importlib.resources is put in place for the moment gravis is imported.
"""

from __future__ import annotations

import html
import importlib
import os
import re
import sys
import types
import warnings
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph

from kg.export import check_target, write_atomically
from kg.viz import Legend, as_view, class_colour, edge_colour

#: Shapes gravis draws, by class: events are squares, as in the static drawing.
SHAPES = {"MedalAward": "rectangle", "Punishment": "rectangle"}
#: Provenance items shown per node or edge; the rest are counted.
SHOWN_EVIDENCE = 4


def _gravis() -> Any:
    """Import gravis, lending it a `pkg_resources.resource_string` when setuptools has none."""
    try:
        return importlib.import_module("gravis")
    except ModuleNotFoundError as error:
        if error.name != "pkg_resources":
            raise
    shim = types.ModuleType("pkg_resources")

    def resource_string(module: str, path: str) -> bytes:
        """A file beside `module` (a module, not only a package, as pkg_resources allows)."""
        return Path(importlib.import_module(module).__file__ or "").parent.joinpath(path).read_bytes()

    shim.resource_string = resource_string  # type: ignore[attr-defined]
    missing = object()
    before = sys.modules.get("pkg_resources", missing)
    sys.modules["pkg_resources"] = shim
    try:
        for name in [m for m in sys.modules if m == "gravis" or m.startswith("gravis.")]:
            del sys.modules[name]  # drop the half-imported package before trying again
        return importlib.import_module("gravis")
    finally:
        # gravis keeps its reference; nobody else should find the stand-in
        if before is missing:
            del sys.modules["pkg_resources"]
        else:
            sys.modules["pkg_resources"] = before  # type: ignore[assignment]


def _import_gravis() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "pkg_resources is deprecated", from setuptools 67 to 80
        return _gravis()


class InteractiveView:
    """A gravis figure with a legend: `_repr_html_` for Jupyter, `to_html()` and `save()` for a file."""

    def __init__(self, figure: Any, legend: str, title: str | None, nodes: int, edges: int) -> None:
        self.figure = figure
        self.legend = legend
        self.title = title
        self.nodes = nodes
        self.edges = edges

    def __repr__(self) -> str:
        return f"<InteractiveView: {self.nodes} nodes, {self.edges} edges>"

    def _repr_html_(self) -> str:
        return self.legend + self.figure.to_html_partial()

    def to_html(self) -> str:
        """A whole HTML page with every script inline: it opens from a file with no network."""
        page = self.figure.to_html_standalone()
        title = html.escape(self.title or "kg-news graph")
        page = page.replace("<head>", f"<head>\n  <title>{title}</title>", 1)
        return page.replace('<body style="margin:0;">', '<body style="margin:0;">\n' + self.legend, 1)

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the page to `path` atomically."""
        target = check_target(path)
        content = self.to_html().encode("utf-8")
        write_atomically(target, lambda handle: handle.write(content))
        return target


def interactive(
    data: Graph | nx.MultiDiGraph,
    *,
    title: str | None = None,
    height: int = 600,
    edge_labels: bool | None = None,
    **options: Any,
) -> InteractiveView:
    """An interactive view of `data` (a view, or an rdflib Graph with `to_networkx` options).

    Drag to pan, scroll to zoom, drag a node to move it; hovering a node or an
    edge shows its label, class and the evidence behind it (document, date,
    sentence, confidence, component), and clicking shows the same in the
    details pane. Colours follow the class colours of the static drawing.
    """
    gravis = _import_gravis()
    view = as_view(data, **options)
    show_edge_labels = edge_labels if edge_labels is not None else view.number_of_edges() <= 150
    figure = gravis.d3(
        _gjgf(view),
        graph_height=height,
        details_height=140,
        show_details=False,
        node_label_data_source="label",
        edge_label_data_source="label",
        show_edge_label=show_edge_labels,
        edge_label_size_factor=0.8,
        node_hover_neighborhood=True,
        edge_curvature=0.25 if view.number_of_edges() <= 150 else 0.1,
        # start zoomed out in step with the graph's size, so a few hundred nodes start in view
        zoom_factor=max(0.15, min(0.75, 0.75 * (60 / max(len(view), 1)) ** 0.5)),
        many_body_force_strength=-220.0,
        links_force_distance=70.0,
        use_collision_force=True,
        collision_force_radius=22.0,
        large_graph_threshold=2000,
    )
    return InteractiveView(figure, _legend_html(view, title), title, len(view), view.number_of_edges())


_SCRIPT_BREAK = re.compile(r"<(?=/script|!--)", re.IGNORECASE)


def _script_safe(text: str) -> str:
    """Text that cannot end the <script> element gravis embeds its data in (json.dumps leaves "</" alone).

    Hover texts are escaped HTML already; a label is plain text, so a word joiner after its "<" is
    invisible where it is shown.
    """
    return _SCRIPT_BREAK.sub("<\u2060", text)


def _text(value: Any) -> str:
    """A value as HTML text: escaped, and with "$" as an entity, since gravis expands "$label" in hovers."""
    return html.escape(str(value)).replace("$", "&#36;")


def _evidence_html(provenance: list[dict[str, Any]]) -> str:
    rows = []
    for item in provenance[:SHOWN_EVIDENCE]:
        where = _text(item.get("document") or "?")
        if item.get("date"):
            where += f" ({_text(item['date'])})"
        facts = []
        if item.get("confidence") is not None:
            facts.append(f"confidence {item['confidence']:.2f}")
        if item.get("component"):
            facts.append(_text(item["component"]))
        sentence = f"<br><i>“{_text(item['sentence'])}”</i>" if item.get("sentence") else ""
        rows.append(f"<b>{where}</b>: {', '.join(facts)}{sentence}")
    if len(provenance) > SHOWN_EVIDENCE:
        rows.append(f"… and {len(provenance) - SHOWN_EVIDENCE} more")
    return "<br>".join(rows)


def _node_evidence(view: nx.MultiDiGraph, key: str) -> list[dict[str, Any]]:
    """An event's own evidence; for an entity, that of its links, the most confident first."""
    data = view.nodes[key]
    if data.get("provenance"):
        return list(data["provenance"])
    items: dict[tuple[Any, Any], dict[str, Any]] = {}
    for _, _, edge in (*view.in_edges(key, data=True), *view.out_edges(key, data=True)):
        for item in edge.get("provenance", []):
            seen = items.get((item["document"], item["sentence"]))
            if seen is None or (item["confidence"] or 0) > (seen["confidence"] or 0):
                items[(item["document"], item["sentence"])] = item
    return sorted(
        items.values(), key=lambda i: (-(i["confidence"] or 0), i["document"] or "", i["sentence"] or "")
    )


def _node_hover(data: dict[str, Any], evidence: list[dict[str, Any]]) -> str:
    lines = [f"<b>{_text(data['label'])}</b> ({_text(data['class'])})", f"<code>{_text(data['iri'])}</code>"]
    for name in ("medal", "discipline", "punishmentType", "status", "reason", "isoCode"):
        if data.get(name):
            lines.append(f"{name}: {_text(data[name])}")
    if data.get("aliases"):
        lines.append("also: " + _text(", ".join(data["aliases"][:6])))
    if data.get("confidence") is not None:
        lines.append(f"confidence: {data['confidence']:.2f}")
    if evidence:
        lines.append(_evidence_html(evidence))
    elif data.get("documents"):
        lines.append("mentioned in: " + _text(", ".join(data["documents"])))
    return _script_safe("<br>".join(lines))


def _edge_hover(view: nx.MultiDiGraph, u: str, v: str, data: dict[str, Any]) -> str:
    head = (
        f"<b>{_text(view.nodes[u]['label'])}</b> — {_text(data.get('label') or data['predicate'])} → "
        f"<b>{_text(view.nodes[v]['label'])}</b>"
    )
    lines = [head, f"<code>{_text(data['predicate'])}</code>"]
    for name in ("discipline", "status", "reason", "atEvent", "relatedEvent", "reportedBy", "event_label"):
        if data.get(name):
            lines.append(f"{name}: {_text(data[name])}")
    if data.get("confidence") is not None:
        lines.append(f"confidence: {data['confidence']:.2f}")
    if data.get("provenance"):
        lines.append(_evidence_html(data["provenance"]))
    return _script_safe("<br>".join(lines))


def _gjgf(view: nx.MultiDiGraph) -> dict[str, Any]:
    """The view in gravis's JSON graph format, with colours, sizes, shapes and hover texts."""
    nodes = {}
    for key, data in view.nodes(data=True):
        hover = _node_hover(data, _node_evidence(view, key))
        nodes[key] = {
            "label": _script_safe(data["label"]),
            "metadata": {
                "color": class_colour(data["class"]),
                "size": min(10 + 3 * view.degree(key) ** 0.5 * 3, 40),
                "shape": SHAPES.get(data["class"], "circle"),
                "border_color": "#111111" if data.get("focus") else "#FFFFFF",
                "border_size": 3 if data.get("focus") else 1,
                "hover": hover,
                "click": hover,
            },
        }
    edges = []
    for u, v, data in view.edges(data=True):
        hover = _edge_hover(view, u, v, data)
        edges.append(
            {
                "source": u,
                "target": v,
                "label": _script_safe(str(data.get("label") or data["predicate"])),
                "metadata": {
                    "color": edge_colour(data),
                    "size": 2.5 if data.get("event") else 1.2,
                    "hover": hover,
                    "click": hover,
                },
            }
        )
    return {"graph": {"directed": True, "metadata": {"arrow_size": 6}, "nodes": nodes, "edges": edges}}


def _legend_html(view: nx.MultiDiGraph, title: str | None) -> str:
    """A line above the graph: the title, a dot per class in its colour with the count, how to use it."""
    items = "".join(
        f'<span style="margin-right:12px;white-space:nowrap">'
        f'<span style="display:inline-block;width:11px;height:11px;border-radius:50%;'
        f'background:{colour};margin-right:4px;vertical-align:-1px"></span>{_text(cls)} ({count})</span>'
        for cls, colour, count in Legend.of(view)
    )
    heading = (
        f'<div style="font-weight:bold;font-size:15px;margin-bottom:4px">{_text(title)}</div>'
        if title
        else ""
    )
    hint = (
        f'<div style="color:#666;margin-top:3px">{len(view)} nodes, {view.number_of_edges()} edges. '
        "Drag to pan, scroll to zoom; hover or click a node or an edge for its evidence.</div>"
    )
    style = "font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:13px;padding:6px 8px"
    return f'<div class="kg-legend" style="{style}">{heading}<div>{items}</div>{hint}</div>'
