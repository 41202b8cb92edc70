"""spaCy components of the extraction stage, one module each, registered with @Language.factory.

Importing this package registers every factory; `pyproject.toml` also lists
them as `spacy_factories` entry points so `spacy.load` finds them by name.
"""

from kg.components import (
    coref,
    decide,
    decide_roles,
    entities,
    events,
    infer,
    line_breaks,
    lineups,
    normalize,
    relations,
    sides,
)

__all__ = [
    "coref",
    "decide",
    "decide_roles",
    "entities",
    "events",
    "infer",
    "line_breaks",
    "lineups",
    "normalize",
    "relations",
    "sides",
]
