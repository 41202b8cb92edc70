"""Encyclopedic text: the life of one person told in the style of a reference work.

"X (born ...) is a Canadian swimmer who competed at ...", club careers listed
in one sentence, a name that holds a nation word. Every name and sentence is
invented.
"""

from __future__ import annotations

import kg
from kg.records import Document, Extraction


def extract(text: str) -> Extraction:
    return next(kg.extract_documents([Document("probe", text)], rules_only=True))


def relation_set(extraction: Extraction) -> set[tuple[str, str, str]]:
    names = {entity.key: entity.label for entity in extraction.entities}
    return {(names[r.subject], r.predicate, names[r.object]) for r in extraction.relations}


BIOGRAPHY = (
    "Tove Ardal (born 12 March 1971) is a Norwegian biathlete. "
    "She competed at the 1994 Winter Olympics and at the 1995 World Championships, "
    "where she won a bronze medal."
)

STORY = (
    "Norwegian biathlete Tove Ardal competed at the 1994 Winter Olympics on Tuesday and won a bronze medal."
)


def test_a_biography_makes_its_subject_an_entrant_and_not_her_nation() -> None:
    found = relation_set(extract(BIOGRAPHY))
    assert ("Tove Ardal", "nationality", "Norway") in found
    assert ("Tove Ardal", "participatedIn", "1994 Winter Olympics") in found
    assert not any(s == "Norway" and p == "participatedIn" for s, p, _ in found)


def test_a_news_story_still_makes_the_athlete_s_nation_an_entrant() -> None:
    found = relation_set(extract(STORY))
    assert ("Tove Ardal", "participatedIn", "1994 Winter Olympics") in found
    assert ("Norway", "participatedIn", "1994 Winter Olympics") in found


def test_clubs_listed_as_appositions_of_the_first_are_each_the_player_s() -> None:
    # the parser makes "Kestrel" an apposition of "Sporting Harlo", the others its conjuncts
    text = (
        "Piet Marsk is a Dutch footballer. "
        "Piet Marsk has played for Sporting Harlo, Kestrel, AFC Dunmore and Ostwald."
    )
    clubs = {o for s, p, o in relation_set(extract(text)) if s == "Piet Marsk" and p == "memberOf"}
    assert {"Sporting Harlo", "Kestrel", "AFC Dunmore", "Ostwald"} <= clubs


def test_a_nation_word_inside_a_name_gives_no_nationality() -> None:
    found = relation_set(
        extract("Tom Scot Ardley (born 4 May 1980) is a former American football linebacker.")
    )
    nations = {o for s, p, o in found if s == "Tom Scot Ardley" and p == "nationality"}
    assert nations == {"United States"}


def test_time_spent_at_a_club_makes_its_owner_a_member() -> None:
    text = (
        "Lars Fenwick (born 2 June 1985) is a Danish footballer. "
        "He began his career with Brevik Athletic, also spending a season on loan at Kestrel Vale. "
        "After a loan spell with Harlo FC, Fenwick signed for Ostwald."
    )
    clubs = {o for s, p, o in relation_set(extract(text)) if s == "Lars Fenwick" and p == "memberOf"}
    assert {"Brevik Athletic", "Kestrel Vale", "Harlo FC", "Ostwald"} <= clubs


def test_a_capitalised_title_after_the_copula_gives_its_nation_words() -> None:
    text = "Lena Orvik (4 May 1931 – 2 June 1990) was a Soviet Armenian Grandmaster and a chess writer."
    nations = {o for s, p, o in relation_set(extract(text)) if s == "Lena Orvik" and p == "nationality"}
    assert {"Soviet Union", "Armenia"} <= nations


def test_a_competitor_named_in_a_sentence_of_several_events_entered_the_nearest() -> None:
    text = (
        "Norwegian skiers Kari Holm and Siri Dahl were in form that winter. "
        "Their coach saw the 2006 Winter Olympics bring a silver for Kari Holm, "
        "and a year on a bronze for Siri Dahl at the 2007 World Championships."
    )
    found = relation_set(extract(text))
    assert ("Kari Holm", "participatedIn", "2006 Winter Olympics") in found
    assert ("Kari Holm", "participatedIn", "2007 World Championships") not in found
    assert ("Siri Dahl", "participatedIn", "2007 World Championships") in found


def test_a_biography_s_other_athletes_are_not_put_in_its_events() -> None:
    text = (
        "Tove Ardal (born 12 March 1971) is a Norwegian biathlete. "
        "She won a bronze medal at the 1994 Winter Olympics. "
        "Her cousin, the Swedish skier Mari Lind, also took up biathlon."
    )
    found = relation_set(extract(text))
    assert ("Tove Ardal", "participatedIn", "1994 Winter Olympics") in found
    assert ("Mari Lind", "nationality", "Sweden") in found
    assert not any(s == "Mari Lind" and p == "participatedIn" for s, p, _ in found)


def test_a_body_merged_into_a_longer_name_leaves_the_others_to_be_read() -> None:
    # "the Evening Chronicle" is merged into "the Northam Evening Chronicle" before the council
    # (named later) is compared with the bodies: the merged one is gone by then
    text = (
        "Lena Orvik told the Northam Evening Chronicle she was happy. "
        "The Evening Chronicle said the Harlow Sports Council had agreed."
    )
    labels = {entity.label for entity in extract(text).entities}
    assert "Harlow Sports Council" in labels
    assert "Evening Chronicle" not in labels
