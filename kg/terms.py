"""terms: an Oxigraph term as the rdflib term of the same value.

Apart from `kg.graph` so that what only reads graph files and stores
(`kg query`, `stats`, `export`, `validate`) does not import the extraction
stages that `kg.graph` brings in with resolution (spaCy and the components:
about 0.6 s of every such command).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from rdflib import XSD, BNode, Literal, URIRef

_XSD_STRING = str(XSD.string)


@lru_cache(maxsize=65536)
def to_rdflib(node: Any) -> Any:
    """An Oxigraph term as the rdflib term of the same value."""
    if isinstance(node, ox.NamedNode):
        return URIRef(node.value)
    if isinstance(node, ox.BlankNode):
        return BNode(node.value)
    if isinstance(node, ox.Literal):
        if node.language:
            return Literal(node.value, lang=node.language)
        if node.datatype.value == _XSD_STRING:
            return Literal(node.value)
        return Literal(node.value, datatype=URIRef(node.datatype.value))
    raise TypeError(f"not an RDF term: {node!r}")
