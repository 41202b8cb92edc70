"""Entity typing and linking on real-news style, on invented texts: what each mention is and which
entity it names. None of these texts comes from a gold set.
"""

from __future__ import annotations

import kg
from kg.records import Document, Extraction


def extract(text: str) -> Extraction:
    """Undated, as many archived stories are: nothing but the text gives an event's edition."""
    return next(kg.extract_documents([Document("probe", text)], rules_only=True))


def entity_set(extraction: Extraction) -> set[tuple[str, str]]:
    return {(entity.cls, entity.label) for entity in extraction.entities}


def test_a_name_many_series_share_is_the_series_of_the_story_sport() -> None:
    found = entity_set(
        extract("Arsenal beat Fulham on Saturday and now face Bayern Munich in the Champions League.")
    )
    assert ("SportingEvent", "UEFA Champions League") in found


def test_a_one_word_series_name_modifying_a_noun_is_no_event() -> None:
    found = entity_set(extract("Arsenal and Chelsea make Euro history as Fulham lose again."))
    assert not {label for cls, label in found if cls == "SportingEvent"}
