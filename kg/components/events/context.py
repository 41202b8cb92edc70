"""Roles only the story supplies, at a lower confidence: the discipline of the award told just
before, the event of the sentence or of the article, a reason or imposer the same case has
elsewhere, and, for a sanction nobody is named for, the targets' state."""

from __future__ import annotations

from collections import Counter

from kg.components.doc_data import entities, publication_year
from kg.components.events import roles
from kg.components.events.rules import EventRules
from kg.components.events.state import Draft, EventState
from kg.components.events.titles import YEAR, awards_medals, championship_just_before

#: (status of a sanction with a reason, status of one without) that can be one case
SAME_CASE = {("actual", "actual"), ("possible", "possible"), ("denied", "denied"), ("actual", "possible")}


def fill(
    rules: EventRules,
    state: EventState,
    draft: Draft,
    salient: str | None,
    results_at: str | None,
    drafts: list[Draft],
) -> None:
    """Fill the roles `draft` lacks from its sentence, the other drafts and the article
    (`salient`: its most-mentioned event; `results_at`: the event its results are told at)."""
    near = rules.context_confidence + 0.2
    # (a count's copies, "double Olympic champion", are in disciplines the story need not give)
    counted = any(o is not draft and o.tokens == draft.tokens and o.copy != draft.copy for o in drafts)
    if draft.type == "MedalAward" and not draft.roles.get("discipline") and not counted:
        discipline = _race_discipline(state, draft, drafts)
        if discipline:
            draft.add("discipline", discipline)
            draft.confidence = min(draft.confidence, near)
    role = "atEvent" if draft.type == "MedalAward" else "relatedEvent"
    if not draft.roles.get(role):
        told = [salient, _participated_event(state, draft)]
        if draft.implied:
            # "X won the 60m at the Grand Prix ... Y took second": the event the story's results are
            # told at, not the championships it looks ahead to
            told = [results_at, *told]
        if draft.type == "MedalAward" and not draft.implied:
            # "relay gold medallists X and Y will race" in a story about a meeting: the medals
            # were won at a championship, not at the story's event (an implied medal keeps its
            # event, which then tells whether it is one); the story may say it awards them
            # ("won World Cup gold")
            awarded = {e for d in drafts if d.type == "MedalAward" for e in d.roles.get("atEvent", [])}
            told = [e for e in told if e and (e in awarded or awards_medals(rules, state, e))]
        if draft.type == "Punishment" and _told_as_past(state, draft):
            told = []  # "Last June X was banned", "six years earlier": not at the story's event
        event = _sentence_event(state, draft) or next((e for e in told if e), None)
        if event is None and draft.type == "MedalAward" and not draft.implied:
            event = championship_just_before(rules, state, draft.sentence)
        if event:
            draft.add(role, event)
            draft.confidence = min(draft.confidence, near)
    if draft.type != "Punishment":
        return
    in_match = draft.kind in rules.in_match_sanctions
    if not draft.roles.get("reason") and not in_match:
        # a provisional suspension, a ban and annulled results of one case share its reason, and
        # so does what may follow a sanction in place; a sanction served does not take the reason
        # of one only threatened (told as separate cases), and a red card is for its own foul
        targets = set(draft.roles.get("target", []))
        reason = next(
            (
                other.roles["reason"][0]
                for other in drafts
                if other is not draft
                and other.type == "Punishment"
                and other.roles.get("reason")
                # the same case: a sanction in place and what may follow it ("provisionally
                # suspended after a positive test; faces a ban of up to four years")
                and (other.first("status"), draft.first("status")) in SAME_CASE
                and targets & set(other.roles.get("target", []))
                and other.kind not in rules.in_match_sanctions
            ),
            None,
        )
        if not reason and set(draft.kind.split()) & rules.sporting_sanctions:
            reason = _red_card_behind(rules, draft, drafts)
        if reason:
            draft.add("reason", reason)
    if not draft.roles.get("imposedBy"):
        _fill_imposer(rules, state, draft, drafts)


def _red_card_behind(rules: EventRules, draft: Draft, drafts: list[Draft]) -> str | None:
    """ "X was sent off ... He will miss the final through suspension": the sanction given in play
    to the same player (cue in_match_sanctions) is why the ban or suspension follows."""
    targets = set(draft.roles.get("target", []))
    return next(
        (
            other.roles["punishmentType"][0]
            for other in drafts
            if other.type == "Punishment"
            and other.kind in rules.in_match_sanctions
            and other.first("status") == "actual"
            and targets & set(other.roles.get("target", []))
        ),
        None,
    )


def _fill_imposer(rules: EventRules, state: EventState, draft: Draft, drafts: list[Draft]) -> None:
    """The first of: the announcing or deciding body, the imposer of the same targets elsewhere,
    the article's sanctioning body, the targets' one nation."""
    near = rules.context_confidence + 0.2
    # "X has been banned for four years, the federation said": the body announcing it;
    # "could be dismissed when the board of the federation meets": the body deciding it
    announcer = roles.announcer(rules, state, draft) or roles.deciding_body(rules, state, draft)
    if announcer is not None:
        draft.add("imposedBy", announcer)
        draft.confidence = min(draft.confidence, near)
        return
    # a red card is the referee's, a criminal trial a court's: never a body the article names
    # for another sanction
    kind = draft.kind
    if kind in rules.in_match_sanctions or set(kind.split()) & rules.criminal_words:
        return
    # else the body that sanctioned the same people elsewhere in the article
    targets = set(draft.roles.get("target", []))
    for other in drafts:
        if (
            other is not draft
            and other.type == "Punishment"
            and other.roles.get("imposedBy")
            and targets & set(other.roles.get("target", []))
        ):
            draft.add("imposedBy", other.roles["imposedBy"][0])
            draft.confidence = min(draft.confidence, near)
            return
    # else the body that imposes sanctions elsewhere in the article ("UEFA bans ...")
    bodies = Counter(
        value
        for other in drafts
        if other.type == "Punishment"
        for value in other.roles.get("imposedBy", [])
        if state.index.cls_of(value) in ("Organization", "Team")
    )
    if bodies:
        draft.add("imposedBy", bodies.most_common(1)[0][0])
        draft.confidence = min(draft.confidence, rules.context_confidence + 0.1)
        return
    # else the state of the targets, in an article that names no sports body that could
    # have imposed it ("North Korea's athletes may face punishment")
    sporting = kind in rules.sporting_sanctions or set(kind.split()) & rules.sporting_sanctions
    # a ban, a fine or a red card comes from a sport's bodies and officials, never from a state;
    # a charge from a prosecutor or a body the article names, if it names one
    bodies_only = sporting or rules.pending(kind) or _sports_body_named(state)
    nations = _target_nations(state, draft) if not bodies_only else []
    if len(nations) == 1:
        draft.add("imposedBy", nations[0])
        draft.confidence = min(draft.confidence, near)


def _race_discipline(state: EventState, draft: Draft, drafts: list[Draft]) -> str | None:
    """The discipline of the award told just before: "X won the men's 200m butterfly title. ...
    holding off Y, with Z taking bronze" (same race, same event)."""
    own = {state.sentence(state.doc[i]) for i in draft.tokens}
    best: tuple[int, str] | None = None
    for other in drafts:
        if other is draft or other.type != "MedalAward" or not other.roles.get("discipline"):
            continue
        events = set(other.roles.get("atEvent", []))
        if events and draft.roles.get("atEvent") and not events & set(draft.roles["atEvent"]):
            continue
        for sentence in {state.sentence(state.doc[i]) for i in other.tokens}:
            gap = min(s - sentence for s in own)
            if 0 <= gap <= 1 and (best is None or gap < best[0]):
                best = (gap, other.roles["discipline"][0])
    return best[1] if best else None


def _sports_body_named(state: EventState) -> bool:
    """Does the article name a federation, committee, league, court or agency (a body that
    imposes sporting sanctions)?"""
    return any(
        entry["cls"] == "Organization"
        and entry.get("attrs", {}).get("kind")
        in ("federation", "olympic_committee", "league", "court", "agency")
        for entry in entities(state.doc).values()
    )


def _sentence_event(state: EventState, draft: Draft) -> str | None:
    """The one event named in the draft's own sentence."""
    sentence = state.sentences[draft.sentence]
    # "X, who will join Y at the Championships next month, finished third": a relative clause
    # the event's words do not sit in tells of another occasion
    aside = {
        t.i
        for clause in sentence
        if clause.dep_ == "relcl"
        and not any(i in range(clause.left_edge.i, clause.right_edge.i + 1) for i in draft.tokens)
        for t in clause.subtree
    }
    found = {k for t in sentence if t.i not in aside for k in state.index.keys(t, ("SportingEvent",))}
    return found.pop() if len(found) == 1 else None


#: words in a date that place it before the story: "last June", "six years earlier", "a decade ago"
PAST_DATE_WORDS = {"last", "ago", "earlier", "previous", "previously", "before"}


#: verbs that tell a result: "won the 60m at ...", "finished third in ..."
RESULT_VERBS = {"win", "finish", "take", "claim", "come", "beat", "run", "clock", "triumph", "place"}


def results_event(state: EventState) -> str | None:
    """The first event a result is told at in the past tense: "X won the 60m at the Grand Prix"."""
    for token in state.doc:
        if token.tag_ != "VBD" or token.lemma_.casefold() not in RESULT_VERBS:
            continue
        for head in [token, *(c for c in token.children if c.dep_ == "dobj")]:
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ in ("at", "in"):
                    for pobj in prep.children:
                        events = [k for k in state.index.phrase_keys(pobj) if k.startswith("SportingEvent:")]
                        if events:
                            return events[0]
    return None


def _told_as_past(state: EventState, draft: Draft) -> bool:
    """A sanction its sentence dates before the story: a date with "last", "ago" or "earlier", or
    one in a year before the story's ("sacked in September 2003" in a story of 2005)."""
    sentence = state.sentences[draft.sentence]
    year = publication_year(state.doc)
    return any(
        ent.label_ == "DATE"
        and any(
            t.lower_ in PAST_DATE_WORDS or year is not None and YEAR.fullmatch(t.text) and int(t.text) < year
            for t in ent
        )
        for ent in sentence.ents
    )


def _participated_event(state: EventState, draft: Draft) -> str | None:
    """An event kg_relations says a recipient or target took part in."""
    members = set(draft.roles.get("target", []) + draft.roles.get("recipient", []))
    for relation in state.doc._.kg_relations or []:
        if relation["predicate"] == "participatedIn" and relation["subject"] in members:
            return str(relation["object"])
    return None


def _target_nations(state: EventState, draft: Draft) -> list[str]:
    """The nations of a punishment's targets: who imposes a sanction nobody is named for."""
    nations: list[str] = []
    for target in draft.roles.get("target", []):
        if target.startswith("Nation:"):
            nations.append(target)
        for relation in state.doc._.kg_relations or []:
            if relation["subject"] == target and relation["predicate"] == "nationality":
                nations.append(str(relation["object"]))
        nation = entities(state.doc).get(target, {}).get("attrs", {}).get("nation")
        if nation:
            nations.append(f"Nation:{nation}")
    if not nations:
        # a descriptive target ("players") in a sentence about one nation
        start, end = draft.spans[0] if draft.spans else (0, 0)
        for t in state.doc[start:end]:
            nations += state.index.keys(t, ("Nation",))
    return list(dict.fromkeys(nations))


def salient_event(state: EventState) -> str | None:
    """The event the article is about: the most mentioned, a mention in the first two
    sentences counting double; a tie goes to the one named first."""
    sentences = state.sentences
    lead_end = sentences[min(1, len(sentences) - 1)].end if sentences else 0
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for mention in state.doc._.kg_mentions:
        for key in mention["keys"]:
            if key.startswith("SportingEvent:"):
                counts[key] += 2 if mention["start"] < lead_end else 1
                first.setdefault(key, mention["start"])
    if not counts:
        return None
    ranked = sorted(counts, key=lambda k: (-counts[k], first[k]))
    return ranked[0]
