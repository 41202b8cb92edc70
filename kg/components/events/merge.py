"""One event told several times (a headline, a lead, a follow-up) is one event: drafts that
describe it are folded into the first of them, in reading order."""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Token

from kg.components.doc_data import fold
from kg.components.events.roles import TIME_UNITS
from kg.components.events.rules import GENERIC_TYPES, EventRules
from kg.components.events.state import Draft, EventState


def merge(drafts: list[Draft], same: Callable[[Draft, Draft], bool]) -> list[Draft]:
    """Fold drafts that describe one event into the first of them, in reading order."""
    merged: list[Draft] = []
    for draft in sorted(drafts, key=lambda d: (d.sentence, d.weak)):
        for kept in merged:
            if same(kept, draft):
                for role, values in draft.roles.items():
                    if (
                        role == "punishmentType"
                        and kept.first(role)
                        and (
                            fold(kept.first(role) or "") in {fold(g) for g in GENERIC_TYPES}
                            or kept.described
                            and not draft.described
                        )
                    ):
                        kept.roles[role] = values + kept.roles[role]
                        continue
                    for value in values:
                        kept.add(role, value)
                    shorter = kept.first(role)
                    if role == "reason" and shorter and _says_more(values[0], shorter):
                        # the headline's "after row", the story's "his row with the manager": the fuller one
                        kept.roles[role] = [values[0]] + [v for v in kept.roles[role] if v != values[0]]
                kept.spans += draft.spans
                for kind, words in draft.written.items():  # the fuller wording of one kind
                    if len(words) > len(kept.written.get(kind, "")):
                        kept.written[kind] = words
                kept.tokens += draft.tokens
                kept.weak = kept.weak and draft.weak
                kept.described = kept.described and draft.described
                kept.confidence = max(kept.confidence, draft.confidence)
                break
        else:
            merged.append(draft)
    return merged


def _says_more(longer: str, shorter: str) -> bool:
    """Whether `longer` holds every word of `shorter` and more."""
    words, more = fold(shorter).split(), fold(longer).split()
    return len(more) > len(words) and set(words) <= set(more)


def same_award(a: Draft, b: Draft) -> bool:
    """One medal told twice: same medal and recipient, and no two championships that tell them
    apart ("World and Commonwealth 100m champion" is two golds)."""
    if a.first("medal") != b.first("medal"):
        return False
    if a.tokens[:1] == b.tokens[:1] and a.copy != b.copy:  # "three gold medals": a count's copies
        return False
    # "double Olympic gold medallist X": the title's two copies pair one to one with the medal's
    if b.tokens and a.tokens.count(b.tokens[0]) > 1:
        return False
    if not set(a.roles.get("recipient", [])) & set(b.roles.get("recipient", [])):
        return False
    # "the 100m and 200m titles": one word, an award per discipline
    # and two disciplines are two awards wherever they are told ("double Olympic champion X ...
    # his Olympic titles over 1500m and 5,000m" pairs a copy with each distance)
    disciplines_a, disciplines_b = a.roles.get("discipline", []), b.roles.get("discipline", [])
    if disciplines_a and disciplines_b and not _same_discipline(disciplines_a, disciplines_b):
        return False
    events_a, events_b = set(a.roles.get("atEvent", [])), set(b.roles.get("atEvent", []))
    return not (events_a and events_b and not events_a & events_b)


def same_punishment(rules: EventRules, state: EventState, a: Draft, b: Draft) -> bool:
    """One sanction told twice: same status, a target in common, and the same type, the same
    length, a generic word for it ("the ban"), or types that contain one another nearby."""
    if a.first("status") != b.first("status"):
        return False
    if not set(a.roles.get("target", [])) & set(b.roles.get("target", [])):
        return False
    ta, tb = a.kind, b.kind
    if a.weak or b.weak or not ta or not tb or ta == tb:
        return True
    # "banned for 10 matches" in the headline, "suspended for 10 matches" in the lead
    length = _length(rules, state.doc[a.tokens[0]])
    if length is not None and length == _length(rules, state.doc[b.tokens[0]]):
        return True
    # "will face criminal charges" and, later, "if he is charged": one charge against them
    if rules.pending(ta) and rules.pending(tb):
        return True
    generic = {fold(g) for g in GENERIC_TYPES}
    if ta in generic or tb in generic:  # "the club itself was punished": a sanction told before
        return True
    # "the sack" and "sacked" (a dismissal), "a two-year ban" and "banned": one kind in two words
    same_kind = _kind_word(rules, ta) == _kind_word(rules, tb)
    # "banned sprinter X" describes X by the ban the article tells, wherever it tells it
    described = a.described or b.described
    return bool(
        set(ta.split()) & generic or set(tb.split()) & generic or ta in tb or tb in ta or same_kind
    ) and (abs(a.sentence - b.sentence) <= 3 or described)


def _kind_word(rules: EventRules, kind: str) -> str:
    """A sanction's kind by its head word, a verb's noun for it where there is one ("sack" →
    "dismissal", "suspensions" → "suspension")."""
    words = kind.split()
    word = words[-1] if words else ""
    return (
        rules.punishment_verbs.get(word)
        or rules.punishment_verbs.get(word.removesuffix("s"))
        or (word.removesuffix("s"))
    )


def _length(rules: EventRules, trigger: Token) -> tuple[float, str] | None:
    """How long a sanction runs, in months or in its own unit: "banned for a year" and
    "a 12-month ban" → (12, "month"), "suspended for 10 matches" → (10, "match")."""
    phrases = [o for p in trigger.children if p.dep_ == "prep" and p.lower_ == "for" for o in p.children] + [
        c for c in trigger.children if c.dep_ in ("amod", "compound", "nmod")
    ]
    for phrase in phrases:
        words = [t.lower_ for t in phrase.subtree if not t.is_punct]
        for n, word in enumerate(words):
            unit = word.removesuffix("es") if word.endswith("ches") else word.removesuffix("s")
            if unit not in TIME_UNITS or n == 0:
                continue
            count: float | None = rules.number_words.get(words[n - 1]) or (
                1 if words[n - 1] in ("a", "an", "one") else None
            )
            if count is None and words[n - 1].replace(".", "", 1).isdigit():
                count = float(words[n - 1])
            if count is not None:
                return (count * 12, "month") if unit == "year" else (float(count), unit)
    return None


#: determiners that point back to a sanction told before: "those bans", "the suspension"
BACK_POINTING = {"the", "that", "this", "those", "these"}


def undone_told_before(rules: EventRules, state: EventState, drafts: list[Draft]) -> None:
    """ "X and Y were banned. The tribunal overturned those bans": a sanction lifted, named by a
    noun that points back and with no target of its own, is the last one told of its kind, which
    the text now denies (the contract's status for a sanction overturned)."""
    for draft in drafts:
        if not (draft.weak and draft.type == "Punishment" and draft.first("status") == "denied"):
            continue
        noun = state.doc[draft.tokens[0]]
        if draft.roles.get("target") or not any(
            c.dep_ == "det" and c.lower_ in BACK_POINTING for c in noun.children
        ):
            continue
        # lifted, overturned, quashed: not merely a sentence with a "not" in it
        verb = noun.head
        if not {verb.lemma_.casefold(), verb.lower_} & (rules.lifting_verbs | rules.denial):
            continue
        kind = noun.lemma_.casefold()
        told = [
            d
            for d in drafts
            if d is not draft and not d.weak and d.roles.get("target") and d.tokens[0] < draft.tokens[0]
        ]
        # of its kind ("those bans" after "was banned"), or else the sanction told just before
        # in other words ("were suspended. ... overturned those bans")
        earlier = [d for d in told if kind in d.kind + " " + fold(" ".join(d.written.values()))] or [
            d for d in told if draft.sentence - d.sentence <= 1 and d.first("status") == "actual"
        ]
        if earlier:
            earlier[-1].roles["status"] = ["denied"]
            earlier[-1].spans += draft.spans


def shared_in_sentence(drafts: list[Draft]) -> None:
    """ "A fine has been imposed on X, and a 12-month ban has been handed down": a sanction of
    its own kind told with no target, in a sentence whose other sanction names one, is theirs."""
    for draft in drafts:
        if draft.type != "Punishment" or not draft.weak or draft.roles.get("target"):
            continue
        kind = draft.kind
        if not kind or kind in {fold(g) for g in GENERIC_TYPES}:
            continue
        told = [d for d in drafts if d is not draft and not d.weak and d.sentence == draft.sentence]
        targeted = [d for d in told if d.type == "Punishment" and d.roles.get("target")]
        if len(targeted) == 1:
            for key in targeted[0].roles["target"]:
                draft.add("target", key)
            for key in targeted[0].roles.get("imposedBy", []):
                draft.add("imposedBy", key)
            draft.weak = False


def _same_discipline(a: list[str], b: list[str]) -> bool:
    """Whether two awards' disciplines may be one: a phrase's words within the other's ("800m" and
    "women's 800m"), the same distance however written ("1,500 metres", "1500m")."""

    def words(text: str) -> set[str]:
        text = fold(re.sub(r"(\d),(\d)", r"\1\2", text))
        text = re.sub(r"(\d+) ?(?:m|metres|meters|metre|meter)\b", r"\1m", text)
        return set(text.split())

    return any(words(x) <= words(y) or words(y) <= words(x) for x in a for y in b)
