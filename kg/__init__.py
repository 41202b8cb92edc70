"""kg: news text → a traceable RDF knowledge graph of athletes, nations, events, medals, punishments.

The public API is imported lazily so that `import kg.read` stays cheap and a
command such as `kg query` never loads spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["build_graph", "extract_documents", "load_pipeline", "query_df", "read_documents", "to_networkx"]

_LAZY = {
    "build_graph": "kg.build",
    "extract_documents": "kg.build",
    "load_pipeline": "kg.pipeline",
    "query_df": "kg.frames",
    "read_documents": "kg.read",
    "to_networkx": "kg.viz",
}

if TYPE_CHECKING:  # pragma: no cover
    from kg.build import build_graph, extract_documents
    from kg.frames import query_df
    from kg.pipeline import load_pipeline
    from kg.read import read_documents
    from kg.viz import to_networkx


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
