"""The roles every sanction reads the same way: its status (modality, negation, denial), its
reason ("for", "over", "after", "because of"), the outlets that report it, and the body that
announces or decides it when no syntax names an imposer."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from kg.components.doc_data import described_outlet, entities, mentions, recent_org, subjects_of, verb_lemma
from kg.components.events.rules import GENERIC_TYPES, EventRules
from kg.components.events.state import Draft, EventState
from kg.components.events.syntax import clean, is_definite_noun, prep_objects

#: "the second week in a row", "the 3rd time": an occasion's ordinal
ORDINAL = re.compile(
    r"^(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|\d+(st|nd|rd|th))$", re.I
)
TIME_UNITS = {"year", "month", "week", "day", "hour", "season", "game", "match", "race", "minute", "life"}
#: modals that, with a perfect ("would have been banned"), tell what did not happen
COUNTERFACTUAL_MODALS = {"would", "could", "might", "should"}
#: "should have been sent off", "could have been banned": an opinion or a near miss, no sanction
#: ("would have been sacked if ..." tells one called off: denied)
UNREALISED_MODALS = {"could", "might", "should"}
#: clauses with a say of their own, whose words do not set a sanction's status
OWN_CLAUSES = ("advcl", "ccomp", "relcl", "acl", "conj", "parataxis")
#: a spaced dash ends a reason: what follows is another clause or a headline's source
DASHES = ("-", "–", "—")
#: conjunctions of a clause a sanction waits on: "when the board meets", "once the panel rules"
DECISION_MARKERS = {"when", "once", "if", "after", "until", "unless"}


def common_roles(rules: EventRules, state: EventState, draft: Draft, governor: Token, span: Span) -> None:
    """Reason, reporters, the events named in the reason (or the sentence), and the sentence as evidence."""
    reason_text, reason_span = reason(rules, state, governor, span, rules.pending(draft.kind))
    if reason_text:
        draft.add("reason", reason_text)
    sentence = span.sent
    for key in reporters(rules, state, sentence) or _case_reporters(rules, state, sentence):
        draft.add("reportedBy", key)
    region = reason_span if reason_span is not None else sentence
    for t in region:
        for key in state.index.keys(t, ("SportingEvent",)):
            draft.add("relatedEvent", key)
    draft.spans.append((sentence.start, sentence.end))


def measured(rules: EventRules, token: Token) -> bool:
    """A ban's length or a fine's amount: "four years", "1.5 million euros"; not a time that
    counts occasions ("for the second week in a row") nor counted offences ("two cautions")."""
    if occasion(token) or token.lemma_.casefold() in rules.offence_count_nouns:
        return False
    return token.lemma_.casefold() in TIME_UNITS or any(c.dep_ == "nummod" for c in token.children)


def occasion(token: Token) -> bool:
    """ "the second week in a row", "the third time in his career": which time, not how long or why."""
    return token.lemma_.casefold() in TIME_UNITS | {"time", "occasion"} and any(
        c.dep_ == "amod" and ORDINAL.match(c.lower_) for c in token.children
    )


def reason(
    rules: EventRules, state: EventState, governor: Token, span: Span, charge: bool = False
) -> tuple[str | None, Span | None]:
    """'for smiling ...', 'over a positive test', 'Following X's disappointing performance ...';
    for a `charge`, also its offence ('charged with doping', 'cleared of missing a test')."""
    markers = rules.reason_markers | rules.charge_markers if charge else rules.reason_markers
    doc = state.doc
    candidates = [span.root, governor]
    if governor.dep_ == "acomp":  # "X was sin-binned after ...": the parser hangs it on "was"
        candidates.append(governor.head)
    node = governor
    # "suspended X for racist abuse and fined his club": a sanction on someone else does not
    # share the first one's reason
    while node.head != node and node.dep_ in ("conj", "xcomp", "ccomp", "advcl"):
        if node.dep_ == "conj" and any(c.dep_ == "dative" for c in node.children):
            break
        node = node.head
        candidates.append(node)
    # "banned for two seasons and fined 1.5 million euros for breaching ...": the reason of
    # one of two joined sanctions gives the other's
    if not any(c.dep_ == "dative" for c in governor.children):
        candidates += [c for c in governor.conjuncts if c.pos_ == "VERB"]
    # the parser hangs the reason on the ban's length or the fine's amount: "banned for four
    # years after a positive test", "fined 1.5 million euros for breaching ..."
    candidates += [
        o
        for head in list(candidates)
        for o in [
            *(c for c in head.children if c.dep_ == "dobj"),
            *(g for p in head.children if p.dep_ == "prep" and p.lower_ == "for" for g in p.children),
        ]
        if measured(rules, o)
    ]
    for head in candidates:
        for prep in head.children:
            marker = prep.lower_
            # "because of doping", "on suspicion of match fixing", "accused of doping": the words
            # after a reason phrase that opens the child ("for failing to ...": from "failing" on)
            phrase = rules.reason_phrases.starting_at(prep) if prep.i > head.i else []
            if phrase:
                _, start, end = phrase[0]
                links = [t.i for t in doc[start:end] if t.pos_ in ("ADP", "SCONJ", "PART")]
                start = links[-1] + 1 if links else end
                if start <= prep.right_edge.i:
                    region = _without_dangling_conjunction(doc[start : prep.right_edge.i + 1])
                    return clean(region), region
            if prep.dep_ == "prep" and marker in markers:
                objs = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
                for obj in objs:
                    if measured(rules, obj) or occasion(obj):
                        continue
                    if state.index.keys(obj, ("Person", "Athlete")) and obj.dep_ == "pobj":
                        continue
                    # "suspended for the second leg", "banned for the final": what the sanction
                    # keeps them out of, not why
                    if marker == "for" and (
                        obj.lemma_.casefold() in rules.fixture_nouns
                        or state.index.keys(obj, ("SportingEvent",))
                    ):
                        # the parser may hang the reason on the match: "for the second leg
                        # after his red card"
                        later = [
                            o
                            for p in obj.children
                            if p.dep_ == "prep" and p.lower_ in rules.reason_markers and p.lower_ != "for"
                            for o in p.children
                            if o.dep_ in ("pobj", "pcomp")
                        ]
                        if later:
                            region = doc[later[0].left_edge.i : later[0].right_edge.i + 1]
                            return clean(region), region
                        continue
                    if obj.lemma_.casefold() in rules.procedure_nouns:
                        continue  # "fined after a hearing": the procedure, not the offence
                    bare = obj.left_edge == obj.right_edge
                    if obj.pos_ == "PRON" and obj.tag_ not in ("WDT", "WP") and bare:
                        continue  # "got a red card for it": the offence is told elsewhere
                    if charge and rules.pending(obj.lemma_.casefold()):
                        # "cleared of the charges of doping": the charges' own offence
                        offences = [
                            o
                            for p in obj.children
                            if p.dep_ == "prep" and p.lower_ in markers
                            for o in p.children
                            if o.dep_ in ("pobj", "pcomp")
                        ]
                        if not offences:
                            continue
                        obj = offences[0]
                    if obj.tag_ in ("WDT", "WP"):  # "the foul for which he got a ban": the foul
                        described = _antecedent_phrase(head)
                        if described is not None:
                            return clean(described), described
                        continue
                    if obj.lemma_.casefold() == "reason":
                        after = [t for t in head.sent if t.i > obj.i and t.text == ":"]
                        if after:
                            rest = doc[after[0].i + 1 : head.sent.end]
                            return clean(rest), rest
                    region = _before_agent(head, doc[obj.left_edge.i : obj.right_edge.i + 1])
                    region = _without_dangling_conjunction(region)
                    return clean(region), region
    # "expelled after the squad failed to travel", "could be banned after he unfurled a banner"
    for head in candidates[:2]:
        for clause in head.children:
            marks = [c for c in clause.children if c.dep_ == "mark" and c.lower_ in rules.reason_markers]
            if clause.dep_ == "advcl" and marks and clause.i > head.i:
                region = _without_dangling_conjunction(doc[marks[0].i + 1 : clause.right_edge.i + 1])
                return clean(region), region
    done = _deed_before(rules, governor)
    if done is not None:
        return clean(done), done
    return None, None


def _deed_before(rules: EventRules, governor: Token) -> Span | None:
    """ "X accused Y of cheating and was fined", "X swore at the referee and was sent off": what the
    subject did in the clause joined before the passive sanction is why."""
    head = governor.head
    if governor.dep_ != "conj" or head.i >= governor.i or head.pos_ != "VERB":
        return None
    if not any(c.dep_ == "auxpass" for c in governor.children) or any(
        c.dep_ in ("nsubj", "nsubjpass") for c in governor.children
    ):
        return None
    lemma = head.lemma_.casefold()
    if any(c.dep_ == "auxpass" for c in head.children) or lemma in rules.attribution_verbs:
        return None  # "was banned and fined", "said ... and was fined"
    if lemma in rules.punishment_verbs:
        return None
    # "made his debut against Wales but has been demoted": a contrast is no cause
    if any(c.dep_ == "cc" and c.lower_ != "and" for c in head.children):
        return None
    end = min(
        (c.left_edge.i for c in head.children if c.dep_ in ("cc", "conj") and c.i > head.i), default=None
    )
    if end is None or end <= head.i + 1:
        return None
    return governor.doc[head.i : end]


def _before_agent(verb: Token, region: Span) -> Span:
    """ "cleared of missing a test by a tribunal": a passive sanction's agent the parser hangs
    on its reason is not part of it."""
    passive = any(c.dep_ == "auxpass" for c in verb.children) and not any(
        c.dep_ == "agent" for c in verb.children
    )
    cut = next((t.i for t in region if passive and t.dep_ == "prep" and t.lower_ == "by"), None)
    return region.doc[region.start : cut] if cut and cut > region.start else region


def _without_dangling_conjunction(region: Span) -> Span:
    """ "after testing positive for THG and his ban runs out": a conjunction whose conjunct the
    parser hung elsewhere does not end the reason; nor does what follows a spaced dash."""
    doc = region.doc
    # "after row with coach - L'Equipe": a spaced dash ends the reason (a headline's source follows)
    dashes = [t.i for t in region if t.text in DASHES and t.i > region.start and doc[t.i - 1].whitespace_]
    # "for false starting, including X, who ...": the people included are not the reason
    including = [
        t.i - 1
        for t in region
        if t.lower_ == "including"
        and t.i > region.start
        and doc[t.i - 1].text == ","
        and any(c.dep_ in ("pobj", "dobj") and c.pos_ == "PROPN" for c in t.children)
    ]
    end = min(dashes[:1] + including[:1], default=region.end)
    while end - 1 > region.start and (doc[end - 1].dep_ == "cc" or doc[end - 1].is_punct):
        end -= 1
    return doc[region.start : end]


def _antecedent_phrase(verb: Token) -> Span | None:
    """The phrase a relative clause holding `verb` describes, up to the clause: "X's foul on Y,
    for which he got a ban" → "X's foul on Y" (a name the parser hangs the clause on, "Y",
    stands for the noun whose phrase it ends)."""
    clause = verb
    while clause.dep_ != "relcl":
        if clause.head.i == clause.i:
            return None
        clause = clause.head
    noun = clause.head
    while noun.pos_ == "PROPN" and noun.dep_ == "pobj" and noun.head.head.pos_ == "NOUN":
        noun = noun.head.head
    if noun.pos_ != "NOUN":
        return None
    start, end = noun.left_edge.i, clause.left_edge.i
    return noun.doc[start:end] if start < end else None


def status(rules: EventRules, governor: Token, noun: Token | None) -> str:
    """ "denied" under a negation or a denial cue, "possible" under a modal or a possibility
    cue ("may face", "threatened with"), else "actual"."""
    # a clause of its own under the sanction says something else: "charged, so he can clear his name"
    own = [c for c in governor.children if c.dep_ not in OWN_CLAUSES]
    tokens = [governor, *own]
    if noun is not None:
        tokens += [c for c in noun.children if c.dep_ not in OWN_CLAUSES]
    # the verbs the sanction is the complement of ("did not want to ban X", "may be set to
    # face a ban"), not those of a clause it only sits in ("did not reach the final after the
    # team was disqualified", "under the suspension, the flag will not be used")
    node = governor
    for _ in range(2):
        if node.dep_ not in ("xcomp", "ccomp", "aux", "auxpass") or node.head.i == node.i:
            break
        # "X sacks coach, players face ...": a clause spliced on before a comma keeps its own mood
        if (
            node.dep_ == "ccomp"
            and node.i < node.head.i
            and any(t.text == "," for t in node.doc[node.i : node.head.i])
        ):
            break
        node = node.head
        tokens += [node, *node.children]
    tokens = [t for t in tokens if t.tag_ not in ("NNP", "NNPS")]  # "May 2" is a date
    if noun is None and verb_lemma(governor, rules.punishment_verb_forms):  # "results were annulled"
        tokens = [t for t in tokens if t != governor]
    words = {t.lower_ for t in tokens} | {t.lemma_.casefold() for t in tokens}
    # "if only he hadn't got himself disqualified": a regret, so it happened
    if any(t.dep_ == "mark" and t.lower_ == "if" for t in tokens) and any(
        t.dep_ == "advmod" and t.lower_ == "only" and t.nbor(-1).lower_ == "if" for t in tokens if t.i > 0
    ):
        return "actual"
    if (
        any(t.dep_ == "neg" for t in tokens)
        or words & rules.denial
        or any(rules.denial_phrases.covering(t) for t in tokens)
    ):
        # "she is confident she will not be punished": a hope, not a decision
        return "possible" if _believed(rules, governor) else "denied"
    if noun is not None and any(c.lower_ == "no" and c.dep_ == "det" for c in noun.children):
        return "denied"
    # "X escaped a ban" was not banned; "hopes to avoid a ban" may still be
    if noun is not None and noun.dep_ == "dobj" and governor.lemma_.casefold() in rules.escaping_verbs:
        return "possible" if words & rules.possibility or _conditional(governor) else "denied"
    # "had no intention of taking action", "no plans to ban him": a will that is not there
    intent = (
        governor.head.head if governor.dep_ == "pcomp" else governor.head if governor.dep_ == "acl" else None
    )
    if intent is not None and any(c.lower_ == "no" and c.dep_ == "det" for c in intent.children):
        return "denied"
    # "would have been sacked if ...", "could have been banned": it did not happen
    if _perfect_modals(governor) & COUNTERFACTUAL_MODALS:
        return "denied"
    serving = governor.lemma_.casefold() in rules.serving_verbs or rules.serving_phrases.starting_at(governor)
    if serving and words & rules.possibility <= {"will"}:
        return "actual"  # "will miss the final through suspension": the ban is in place
    if words & rules.possibility:
        return "possible"
    # "happy if he is charged", "learn whether they will face charges": a condition or a question
    if _conditional(governor):
        return "possible"
    if rules.possibility_phrases.in_span(governor.sent):
        return "possible"
    return "actual"


def unrealised(verb: Token) -> bool:
    """ "he should have been sent off", "she could have been banned for life": no sanction was given."""
    return bool(_perfect_modals(verb) & UNREALISED_MODALS)


def _perfect_modals(verb: Token) -> set[str]:
    """The auxiliaries of a past participle in a modal perfect ("would have been banned"), else none."""
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return auxes if verb.tag_ == "VBN" and "have" in auxes else set()


def _believed(rules: EventRules, governor: Token) -> bool:
    """The sanction's clause is what someone believes or hopes (cue belief_words)."""
    node = governor
    for _ in range(3):
        if node.dep_ not in ("ccomp", "xcomp", "advcl") or node.head.i == node.i:
            return False
        if node.head.lemma_.casefold() in rules.belief_words:
            return True
        node = node.head
    return False


def _conditional(governor: Token) -> bool:
    """Whether the sanction sits in a clause of condition or question ("if he is charged", "learn
    whether they will face charges"), its own or one it is the complement of."""
    # "is awaiting the report before acting against X": not done yet ("was fined before being
    # sacked" tells both as done)
    after = governor.head
    if (
        governor.dep_ == "pcomp"
        and after.lower_ in ("before", "until")
        and after.head.tag_ in ("VBZ", "VBP", "VBG")
    ):
        return True
    node = governor
    for _ in range(3):
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in node.children):
            return True
        if node.dep_ not in ("xcomp", "ccomp", "acomp", "advcl", "auxpass", "aux") or node.head.i == node.i:
            return False
        node = node.head
    return False


def announcer(rules: EventRules, state: EventState, draft: Draft) -> str | None:
    """The sports body that is the subject of an attribution verb in a sentence of the draft
    (a headline merged with its lead has the lead's), or of the next sentence when that one
    announces "the sanction" ("The sanctions were announced on Wednesday by the ITIA")."""
    doc = state.doc
    own = sorted({draft.sentence} | {state.sentence(doc[i]) for i in draft.tokens})
    numbers = own + [own[-1] + 1] if own[-1] + 1 < len(state.sentences) else own
    for token in (t for n in numbers for t in state.sentences[n]):
        if token.lemma_.casefold() not in rules.attribution_verbs:
            continue
        announced = [c for c in token.children if c.dep_ == "nsubjpass" and c.lower_ in GENERIC_TYPES]
        if state.sentence(token) not in own and not any(is_definite_noun(c) for c in announced):
            continue
        # "the sanctions were announced by the ITIA"; "..., the board said" (the body named before)
        speakers = subjects_of(token, state.index) + prep_objects(rules, state, token, ("by",))
        bodies = [c for c in token.children if c.dep_ == "nsubj" and is_definite_noun(c)]
        bodies = [c for c in bodies if c.lemma_.casefold() in rules.org_reference_nouns]
        speakers += [
            org
            for c in bodies
            for org in [recent_org(doc, c.i, c.lemma_.casefold(), rules.gazetteer.is_outlet)]
            if org is not None
        ]
        for key in speakers:
            entry = entities(doc).get(key)
            if entry and entry["cls"] in ("Organization",) and not _is_outlet(rules, state, key):
                return key
    return None


def deciding_body(rules: EventRules, state: EventState, draft: Draft) -> str | None:
    """The sports body whose meeting or ruling a sanction waits on: the subject of a "when",
    "once" or "if" clause of the sanction's verb ("when the board of X meets next month")."""
    doc = state.doc
    for i in draft.tokens:
        verb = doc[i] if doc[i].pos_ in ("VERB", "AUX") else doc[i].head
        for clause in (c for c in verb.children if c.dep_ == "advcl"):
            if not any(
                c.dep_ in ("mark", "advmod") and c.lower_ in DECISION_MARKERS for c in clause.children
            ):
                continue
            for subject in (c for c in clause.children if c.dep_ == "nsubj"):
                for token in subject.subtree:
                    for key in state.index.keys(token, ("Organization",)):
                        if not _is_outlet(rules, state, key):
                            return key
    return None


def reporters(rules: EventRules, state: EventState, sentence: Span) -> list[str]:
    """The outlets a sentence that attributes ("according to", "reported") names or refers to."""
    doc = state.doc
    text = sentence.text.casefold()
    cued = any(p in text for p in rules.attribution_phrases if " " not in p)
    cued = (
        cued
        or bool(rules.attribution_matcher.in_span(sentence))
        or any(t.lemma_.casefold() in rules.attribution_verbs or t.lower_ == "reportedly" for t in sentence)
    )
    if not cued:
        return []
    found: list[str] = []
    for token in sentence:
        keys = state.index.keys(token, ("Organization",))
        outlet = token.lemma_.casefold() in rules.outlet_nouns or rules.outlet_phrases.ending_at(token)
        # "..., the outlet reported"; not "the state news agency Kabar", which names its own
        named = token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN"
        if not keys and outlet and is_definite_noun(token) and not named:
            keys = _outlet_before(rules, state, token.i)
        for key in keys:
            if _is_outlet(rules, state, key) and key not in found:
                found.append(key)
    return found


def _case_reporters(rules: EventRules, state: EventState, sentence: Span) -> list[str]:
    """The outlet of the next sentence when it reports "the case" or "the ban" itself: "The
    case had first been reported by the newspaper X"."""
    n = state.sentence(sentence.root)
    if n + 1 >= len(state.sentences):
        return []
    following = state.sentences[n + 1]
    subject = next((t for t in following if t.dep_ in ("nsubj", "nsubjpass")), None)
    if not (
        subject is not None and is_definite_noun(subject) and subject.lemma_.casefold() in rules.case_nouns
    ):
        return []
    return reporters(rules, state, following)


def _outlet_before(rules: EventRules, state: EventState, i: int) -> list[str]:
    """The outlet named last before token `i`: what "the newspaper" refers to."""
    named = [
        (m["start"], key)
        for m in mentions(state.doc)
        if m["start"] < i
        for key in m["keys"]
        if _is_outlet(rules, state, key)
    ]
    return [max(named)[1]] if named else []


def _is_outlet(rules: EventRules, state: EventState, key: str) -> bool:
    """A news outlet by the gazetteer, or by what the text calls it ("state newspaper X")."""
    entry = entities(state.doc).get(key, {})
    return entry.get("label") in rules.gazetteer.outlets or described_outlet(entry)
