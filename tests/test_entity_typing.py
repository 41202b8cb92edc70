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


SQUAD = """Fjordby name indoor squad

Jon Ardell heads the squad for the European Indoor Championships in athletics.

60m: J Ardell (Fjordby AC), T Moe (Kell Harriers), P Dahl (Ashby, Kell and District AC).

400m: K Berg (Kell Harriers), L Holm (Brand AC).

800m: M Vik (Brand AC), N Lie (Kell Harriers).

B Strand (Kell with Ashby Ladies). Pole vault: R Lunde (City of Brand AC).
"""


def test_a_squad_list_reads_every_pick_and_club_and_nothing_else() -> None:
    extraction = extract(SQUAD)
    found = entity_set(extraction)
    assert {label for cls, label in found if cls == "Team"} >= {
        "Fjordby AC",
        "Kell Harriers",
        "Ashby, Kell and District AC",
        "Brand AC",
        "City of Brand AC",
        "Kell with Ashby Ladies",
    }
    # a pick after an event's label in mid-paragraph, and the label's sport
    assert {"B Strand", "R Lunde"} <= {label for cls, label in found if cls in ("Person", "Athlete")}
    assert ("Sport", "pole vault") in found
    # no club, nor a word of one, read as a person or a body
    assert not {label for cls, label in found if cls == "Organization"}
    assert not {label for cls, label in found if cls in ("Person", "Athlete") and "AC" in label.split()}
    names = {entity.key: entity.label for entity in extraction.entities}
    members = {(names[r.subject], names[r.object]) for r in extraction.relations if r.predicate == "memberOf"}
    assert ("R Lunde", "City of Brand AC") in members


def test_replacements_listed_with_their_clubs_after_a_sheet_are_its_bench() -> None:
    text = (
        "Norway name unchanged side\n\n"
        "Norway coach Lars Ekren has kept faith with the side that beat Italy last week.\n\n"
        "P Dahl (Bergen, capt); K Moe (Oslo Lions), T Strand (Bergen), H Vik (Tromso), S Berg (Oslo Lions); "
        "A Lie (Bergen), D Fosse (Oslo Lions); G Holm (Bergen), M Aas (Tromso), A Rud (Bergen).\n\n"
        "R Eide (Bergen), J Lunde (Tromso), K Brekke (Oslo Lions)."
    )
    extraction = extract(text)
    names = {entity.key: entity.label for entity in extraction.entities}
    members = {(names[r.subject], names[r.object]) for r in extraction.relations if r.predicate == "memberOf"}
    assert ("K Brekke", "Oslo Lions") in members
    assert any(s == "K Brekke" and "Norway" in o for s, o in members)
