"""Verbs: "competed at E", "won silver at E", "represented N", "played for T", "joined T",
"captained T" give their subjects a part in an event, a nation, or a team."""

from __future__ import annotations

from spacy.tokens import Token

from kg.components.doc_data import names_after, set_class, subjects_of, verb_lemma
from kg.components.relations.clubs import club_key
from kg.components.relations.rules import RelationRules
from kg.components.relations.state import ORGS, PERSON, RelationState
from kg.components.relations.syntax import listed, nounish, prep_objects

EVENT_PREPS = {"at", "in", "during", "for", "to", "of"}  # "of": "reached the final of X"
#: modals of what is still to come ("will play", "could race"); "would" also tells a past habit
PLAN_MODALS = {"will", "'ll", "shall", "may", "might", "could", "should"}
#: verbs by which one competes for a nation: "represented N", "swims for N"
NATION_VERBS = ("represent", "compete", "play", "race", "swim", "run")


def read_verb(rules: RelationRules, state: RelationState, verb: Token) -> None:
    """A participation, medal or membership verb, its subjects, and the events, nations and
    teams among its objects."""
    lemma = verb_lemma(verb, rules.verb_forms) or verb.lemma_.casefold()
    participates = lemma in rules.participation_verbs or lemma in rules.medal_verbs
    # "took part in", "crashed out of", "was awarded": a verb phrase the verb opens or closes
    participates = participates or any(
        m.starting_at(verb) or m.ending_at(verb) for m in (rules.participation_phrases, rules.medal_phrases)
    )
    # "edged into the fourth round of X", "cruised through to the final": moving on to a stage
    stages = _stages(rules, verb) if lemma in rules.progress_verbs or participates else []
    participates = participates or bool(stages)
    joins = lemma in rules.membership_verbs or bool(
        rules.membership_phrases.starting_at(verb) or rules.membership_phrases.ending_at(verb)
    )
    if joins and lemma in rules.departure_verbs and not _left_by_name(verb):
        joins = False
    if not (participates or joins):
        return
    # "never played in the World Cup", "did not compete at the Games": the verb is denied
    if any(c.dep_ == "neg" for c in verb.children):
        return
    subjects = _subjects(state, verb)
    if not subjects:
        return
    # "would like to compete in", "will play in next month's": a plan, not a part taken
    participates = participates and not _planned(rules, verb)
    objects = [c for c in verb.children if c.dep_ in ("dobj", "attr")]
    preps = [c for c in verb.children if c.dep_ == "prep"]
    for obj in objects:
        preps += [c for c in obj.children if c.dep_ == "prep"]
    # "plays as a defender for Stoke City": the club hangs on the position
    for prep in [p for p in preps if p.lower_ == "as"]:
        preps += [c for o in prep.children if o.dep_ == "pobj" for c in o.children if c.dep_ == "prep"]
    targets = [(tok, prep.lower_) for prep in preps for tok in prep_objects(prep)]
    # the event a stage is of: "the fourth round of the Australian Open"
    targets += [
        (tok, "of")
        for stage in stages
        for prep in stage.children
        if prep.dep_ == "prep" and prep.lower_ in ("of", "at", "in")
        for tok in prep_objects(prep)
    ]
    for obj in objects:
        targets += [(tok, "") for tok in listed(obj)]
    # "played for English sides Jarrow and Whitley Bay": the names after the club noun
    targets += [(name, marker) for tok, marker in targets if nounish(tok) for name in names_after(tok)]
    club_markers = rules.club_verbs.get(lemma, ())
    for tok, marker in targets:
        if marker in club_markers and tok.pos_ == "PROPN":
            club = club_key(rules, state, tok)
            if club is not None:
                for subject in subjects:
                    if state.index.cls_of(subject) in PERSON + ("Referent",):
                        state.add(subject, "memberOf", club, [verb, tok], 0.75)
                        if participates and state.index.cls_of(subject) == "Person":
                            set_class(state.doc, subject, "Athlete")  # "scored for", "played for"
                continue
        for target in state.index.phrase_keys(tok):
            cls = state.index.cls_of(target)
            for subject in subjects:
                if cls == "SportingEvent" and participates and marker in EVENT_PREPS | {""}:
                    state.add(subject, "participatedIn", target, [verb, tok], 0.8)
                elif cls == "Nation" and lemma in NATION_VERBS:
                    if marker in ("for", ""):
                        state.add(subject, "nationality", target, [verb, tok], 0.75)
                elif cls in ORGS and joins and marker in ("for", "with", "", "to", "at"):
                    state.add(subject, "memberOf", target, [verb, tok], 0.75)
                    if (
                        lemma in ("captain", "lead", "manage", "coach")
                        and marker == ""
                        and (lemma == "captain" or cls == "Team")
                    ):
                        state.add(subject, "leaderOf", target, [verb, tok], 0.6)
                if participates and state.index.cls_of(subject) == "Person" and cls == "SportingEvent":
                    set_class(state.doc, subject, "Athlete")


def _left_by_name(verb: Token) -> bool:
    """ "wants to leave Manchester City", "quit Chelsea for Arsenal": a name as the object and no
    state it is left in ("left the defence standing", "left X on the ground")."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    complement = any(
        c.dep_ in ("xcomp", "ccomp", "oprd", "acomp") or c.dep_ == "prep" and c.lower_ in ("on", "in", "out")
        for c in [*verb.children, *(g for o in objects for g in o.children)]
    )
    return bool(objects) and all(o.pos_ == "PROPN" for o in objects) and not complement


def _stages(rules: RelationRules, verb: Token) -> list[Token]:
    """The stages of a competition a verb moves its subject on to (cue stage_nouns): "into the
    fourth round", "through to the final", "to the semi-finals"."""
    preps = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("into", "through", "to")]
    # "through to the final": "to" may hang on "through"
    preps += [g for p in list(preps) for g in p.children if g.dep_ == "prep" and g.lower_ == "to"]
    preps += [
        g
        for c in verb.children
        if c.dep_ in ("advmod", "prt") and c.lower_ == "through"
        for g in c.children
        if g.dep_ == "prep" and g.lower_ == "to"
    ]
    return [
        o
        for p in preps
        for o in prep_objects(p)
        if o.lower_ in rules.stage_nouns
        or o.lemma_.casefold() in rules.stage_nouns
        or rules.stage_phrases.ending_at(o)
    ]


def read_record(rules: RelationRules, state: RelationState, verb: Token) -> None:
    """ "set another world pole vault record", "broke the 100m record": whoever sets or breaks a
    record competes, in the sport or discipline the record's words name."""
    lemma = verb.lemma_.casefold()
    if lemma not in rules.record_verbs or any(c.dep_ == "neg" for c in verb.children):
        return
    records = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.casefold() in rules.record_nouns]
    subjects = (
        [s for s in _subjects(state, verb) if state.index.cls_of(s) in ("Person", "Athlete")]
        if records
        else []
    )
    for subject in subjects:
        set_class(state.doc, subject, "Athlete")
        for record in records:
            for tok in record.subtree:
                for sport in state.index.keys(tok, ("Sport",)):
                    state.add(subject, "playsSport", sport, [verb, tok], 0.75)


def _planned(rules: RelationRules, verb: Token) -> bool:
    """ "hopes to compete at", "is set to play in", "his bid to run in", "will race at": the verb
    tells what someone means or is due to do (cue `intention_words`, future modals)."""
    if any(c.dep_ == "aux" and c.lower_ in PLAN_MODALS for c in verb.children):
        return True
    node = verb
    # "is undecided about competing in": through the preposition to the word it completes
    while node.dep_ in ("xcomp", "acl", "conj", "ccomp", "pcomp", "prep") and node.head != node:
        node = node.head
        if node.lemma_.casefold() in rules.intention_words or node.lower_ in rules.intention_words:
            return True
        if any(c.dep_ == "aux" and c.lower_ in PLAN_MODALS for c in node.children):
            return True
    return False


def _subjects(state: RelationState, verb: Token) -> list[str]:
    found = subjects_of(verb, state.index)
    if not found and verb.tag_ == "VBG" and verb.dep_ in ("pcomp", "advcl"):
        # "X put in a display before edging into the fourth round": the clause it completes
        # has the subject
        head = verb.head.head if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" else verb.head
        found = subjects_of(head, state.index)
    return [k for k in found if state.index.cls_of(k) in PERSON + ("Team", "Nation", "Referent")]
