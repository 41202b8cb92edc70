"""frames: SPARQL results as pandas data frames with typed columns.

A SELECT result is a table of RDF terms; a data frame is what a notebook
wants: numbers as numbers (so a column sorts and sums), dates as datetimes, and
IRIs either as prefixed names (`kgr:person/anna-keller`), in full, or as the
entity's label. Each column gets the one dtype its values share; a column of
mixed kinds stays as text, not as a guess.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from rdflib import RDFS, Graph
from rdflib.namespace import XSD
from rdflib.term import BNode, Node, URIRef
from rdflib.term import Literal as RdfLiteral

from kg.errors import QueryError
from kg.export import shorten

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: How IRIs are shown: a prefixed name, the full IRI, or the subject's rdfs:label (else prefixed).
IriStyle = Literal["short", "full", "label"]
_IRI_STYLES = ("short", "full", "label")

_INTEGERS = {
    XSD.integer,
    XSD.int,
    XSD.long,
    XSD.short,
    XSD.byte,
    XSD.nonNegativeInteger,
    XSD.positiveInteger,
    XSD.nonPositiveInteger,
    XSD.negativeInteger,
    XSD.unsignedInt,
    XSD.unsignedLong,
    XSD.unsignedShort,
    XSD.unsignedByte,
}
_FLOATS = {XSD.decimal, XSD.double, XSD.float}


def query_df(
    graph: Graph,
    query: str | os.PathLike[str],
    *,
    iris: IriStyle | Mapping[str, IriStyle] = "short",
) -> pd.DataFrame:
    """Run a read-only SPARQL query on `graph` and return the result as a typed DataFrame.

    `query` is the query text, a .rq file, or the name of an example query
    ("punishments"), as for `kg query`. Columns are typed by the values they
    hold: xsd integers → Int64, decimals and doubles → Float64, xsd:date and
    xsd:dateTime → datetime64, booleans → boolean, the rest → str; unbound
    values are missing (<NA>/NaT). `iris` says how IRIs are shown, for all
    columns or per column name ({"athlete": "label"}): "short" prefixed names
    (the default), "full" IRIs, or "label", the rdfs:label the graph gives
    them. ASK gives one boolean column `ask`; CONSTRUCT and DESCRIBE give
    `subject`, `predicate`, `object`.
    """
    import pandas as pd

    from kg.query import read_query, run_query

    result = run_query(graph, read_query(query))
    styles = _styles(iris, result.vars)
    names = _Names(graph)
    columns: dict[str, Any] = {}
    for index, name in enumerate(result.vars):
        if result.boolean is not None:
            columns[name] = pd.Series([result.boolean], dtype="boolean")
            continue
        terms = [row[index] for row in result.terms]
        columns[name] = _column(terms, styles[name], names)
    frame = pd.DataFrame(columns, columns=list(result.vars))
    frame.attrs["query"] = result.kind
    return frame


def _styles(iris: IriStyle | Mapping[str, IriStyle], variables: tuple[str, ...]) -> dict[str, str]:
    chosen: dict[str, str]
    if isinstance(iris, str):
        chosen = dict.fromkeys(variables, iris)
    else:
        unknown = sorted(set(iris) - set(variables))
        if unknown:
            raise QueryError(f"no column {unknown[0]!r} in the result; columns: {', '.join(variables)}")
        chosen = {name: iris.get(name, "short") for name in variables}
    for style in chosen.values():
        if style not in _IRI_STYLES:
            raise QueryError(f"unknown IRI style {style!r}; choose one of: {', '.join(_IRI_STYLES)}")
    return chosen


class _Names:
    """Prefixed names and labels for IRIs, looked up once each."""

    def __init__(self, graph: Graph) -> None:
        from kg.viz import namespace_manager

        self.graph = graph
        self.manager = namespace_manager(graph)
        self._labels: dict[Node, str] = {}

    def show(self, term: URIRef | BNode, style: str) -> str:
        if isinstance(term, BNode):
            return f"_:{term}"
        if style == "full":
            return str(term)
        if style == "label":
            if term not in self._labels:
                label = self.graph.value(term, RDFS.label)
                self._labels[term] = str(label) if label is not None else shorten(term, self.manager)
            return self._labels[term]
        return shorten(term, self.manager)


def _kind(term: Node | None) -> str | None:
    """The dtype family of one value: int, float, date, datetime, bool, iri or text; None if unbound."""
    if term is None:
        return None
    if isinstance(term, URIRef | BNode):
        return "iri"
    if isinstance(term, RdfLiteral) and term.datatype is not None and not term.ill_typed:
        datatype = term.datatype
        if datatype in _INTEGERS:
            return "int"
        if datatype in _FLOATS:
            return "float"
        if datatype == XSD.date:
            return "date"
        if datatype == XSD.dateTime:
            return "datetime"
        if datatype == XSD.boolean:
            return "bool"
    return "text"


def _column(terms: list[Node | None], style: str, names: _Names) -> Any:
    import pandas as pd

    kinds = {_kind(term) for term in terms} - {None}
    if kinds <= {"int"} and kinds:
        return pd.Series([_python(t) for t in terms], dtype="Int64")
    if kinds <= {"int", "float"} and kinds:
        return pd.Series([None if t is None else float(_python(t)) for t in terms], dtype="Float64")
    if kinds <= {"date", "datetime"} and kinds:
        values = [_python(t) for t in terms]
        aware = any(isinstance(v, dt.datetime) and v.tzinfo is not None for v in values)
        return pd.to_datetime(pd.Series(values, dtype=object), utc=aware)
    if kinds == {"bool"}:
        return pd.Series([_python(t) for t in terms], dtype="boolean")
    values = [
        None if t is None else names.show(t, style) if isinstance(t, URIRef | BNode) else str(t)
        for t in terms
    ]
    return pd.Series(values, dtype="string")


def _python(term: Node | None) -> Any:
    if term is None:
        return None
    value = term.toPython() if isinstance(term, RdfLiteral) else term
    return float(value) if isinstance(value, Decimal) else value
