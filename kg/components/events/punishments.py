"""Sanctions: phrasal ones ("sent off"), nouns ("may face disciplinary action", "a ban was
imposed on X"), verbs ("was banned", "UEFA fined Everton"), headline verbs the tagger reads as
nouns ("FIH expels Pakistan"), and a weak "under scrutiny" that only joins a sanction told
elsewhere. Each finds its targets and imposer; `roles` adds status, reason and reporters."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from kg.components.doc_data import entities, fold, subjects_of, verb_lemma
from kg.components.events import roles, targets
from kg.components.events.rules import GENERIC_TYPES, EventRules
from kg.components.events.state import IMPOSER_CLASSES, TARGET_CLASSES, Draft, EventState
from kg.components.events.syntax import body_of, clean, is_definite_noun, prep_objects


def punishments(rules: EventRules, state: EventState) -> list[Draft]:
    """Every sanction the text tells, phrases first: a token a phrase or noun claimed is not read again."""
    doc = state.doc
    drafts = []
    seen: set[int] = set()
    for _, start, end in rules.phrase_matcher(doc):
        span = doc[start:end]
        kind = rules.phrase_types.get(span.text.casefold())
        verb = span.root if span.root.pos_ in ("VERB", "AUX") else span[0]
        if span.root.dep_ == "acomp":  # "was red-carded", read as an adjective after "was"
            # "was yellow carded": both words hang on "was"; the participle carries the reason
            verb = next((t for t in span if t.dep_ == "acomp" and t.tag_ == "VBN"), span.root)
        if (
            _stripped_of_other(rules, verb)
            or roles.unrealised(verb)
            or _outside_its_sport(rules, state, kind)
        ):
            continue
        draft = _from_verb(rules, state, verb, kind or span.text, span)
        if draft:
            drafts += [draft, *_companions(rules, state, verb, draft)]
            seen.update(range(start, end))
    for _, start, end in rules.noun_matcher(doc):
        if seen & set(range(start, end)) or _in_play(rules, doc[start:end]):
            continue
        if doc[start:end].root.dep_ == "amod":  # "made two very fine saves": an adjective
            continue
        root = doc[start:end].root
        if root.tag_ == "VBG" and any(c.dep_ == "dobj" for c in root.children):
            continue  # "citing a source": a verb with its object, not the noun "a citing"
        span = doc[start:end]
        if span.text.casefold() in rules.offence_sanction_nouns and not _names_offence(rules, span.root):
            continue
        draft = _from_noun(rules, state, span)
        if draft:
            drafts.append(draft)
            seen.update(range(start, end))
    for token in doc:
        lemma = verb_lemma(token, rules.punishment_verb_forms)
        kind = rules.punishment_verbs.get(lemma) if lemma else None
        # "X warned his side will not ...": warning as a verb of saying, not a sanction
        if kind == "warning" and _warns_of_something(token):
            continue
        # "fired his side into the last 16", "fired home": the verb moves a ball or a side
        if any(c.lower_ in rules.motion_words for c in token.children if c.dep_ in ("prep", "prt", "advmod")):
            continue
        if kind and _played(rules, state, token):
            continue
        if kind and _except(rules, token):
            continue
        if kind and (_stripped_of_other(rules, token) or roles.unrealised(token)):
            continue
        # "was cited for a high tackle"; "reports citing two sources" quote them
        if lemma in rules.passive_verbs and not any(c.dep_ == "auxpass" for c in token.children):
            continue
        if (
            not kind
            and token.pos_ == "VERB"
            and token.i not in seen
            and token.lemma_.casefold() in rules.charge_clearing_verbs
            and any(c.dep_ == "dobj" for c in token.children)
            and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)
        ):
            kind = "charge"  # "the tribunal cleared X of missing a test": X's charge, denied
        if kind and token.pos_ == "VERB" and token.i not in seen:
            draft = _from_verb(rules, state, token, kind, doc[token.i : token.i + 1])
            if draft:
                drafts += [draft, *_companions(rules, state, token, draft)]
        elif kind and token.i not in seen and token.lower_.endswith("s"):
            draft = _from_headline_noun(rules, state, token, kind)
            if draft:
                drafts.append(draft)
        elif token.pos_ == "VERB" and token.lemma_.casefold() in rules.forfeit_verbs:
            draft = _from_forfeit(rules, state, token)
            if draft:
                drafts.append(draft)
        elif token.lemma_.casefold() in rules.action_words and token.i not in seen:
            draft = _from_action(rules, state, token)
            if draft:
                drafts.append(draft)
    for _, start, end in rules.weak_matcher(doc):
        span = doc[start:end]
        verb = span.root.head if span.root.head.pos_ in ("VERB", "AUX") else span.root
        while verb.dep_ not in ("ROOT", "ccomp", "conj", "advcl", "relcl") and verb.head != verb:
            verb = verb.head
        found = state.keep(subjects_of(verb, state.index), TARGET_CLASSES)
        if found:
            draft = Draft("Punishment", state.sentence(span[0]), [span.start], 0.5, weak=True)
            for key in found:
                draft.add("target", key)
            draft.add("status", "possible")
            roles.common_roles(rules, state, draft, verb, span)
            drafts.append(draft)
    return drafts


def _from_headline_noun(rules: EventRules, state: EventState, word: Token, kind: str) -> Draft | None:
    """ "FIH expels Pakistan from Pro League", "UEFA fines Everton": in a headline the tagger
    often reads the verb as a plural noun. Between a body and a name it is the verb."""
    doc = state.doc
    sent = word.sent
    if word.tag_ != "NNS" or word.i == sent.start or word.i + 1 >= sent.end:
        return None
    imposers = state.keep(state.index.keys(doc[word.i - 1]), IMPOSER_CLASSES)
    found = state.keep(state.index.keys(doc[word.i + 1]), TARGET_CLASSES)
    if not imposers or not found or set(imposers) & set(found):
        return None
    draft = Draft("Punishment", state.sentence(word), [word.i], 0.6)
    status = roles.status(rules, word, None)
    _fill(rules, state, draft, found, imposers, kind, status, word, doc[word.i : word.i + 1])
    return draft


def _from_forfeit(rules: EventRules, state: EventState, verb: Token) -> Draft | None:
    """ "could lose all her Olympic medals", "would lose the title she won": a medal or title
    that may be taken away is a sanction that may follow (a title lost "to" a rival is sport,
    and one lost outright is told as stripped)."""
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.casefold() in rules.forfeit_objects]
    if not objects or any(c.dep_ == "prep" and c.lower_ == "to" for c in verb.children):
        return None
    status = roles.status(rules, verb, None)
    if status != "possible":
        return None
    found = state.keep(subjects_of(verb, state.index), TARGET_CLASSES)
    if not found:
        return None
    draft = Draft("Punishment", state.sentence(verb), [verb.i], 0.6)
    span = state.doc[verb.i : verb.i + 1]
    _fill(rules, state, draft, found, [], "stripped of medal", status, verb, span)
    obj = objects[0]
    words = state.doc[obj.left_edge.i : obj.i + 1]
    draft.written["stripped of medal"] = f"{verb.text} {clean(words)}"
    return draft


def _described_by_participle(state: EventState, verb: Token) -> list[str]:
    """The name a subjectless participle clause set off by a comma right after it describes:
    "X, recently sacked as manager after a poor run, ..." (the parser hangs the clause on the
    sentence's verb)."""
    if verb.dep_ not in ("advcl", "conj", "acl", "ccomp") or verb.tag_ not in ("VBN", "VBD"):
        return []
    if any(c.dep_.startswith("nsubj") or c.dep_ in ("aux", "auxpass", "dobj") for c in verb.children):
        return []
    start = min(t.i for t in verb.subtree)
    doc = verb.doc
    if start < 2 or doc[start - 1].text != "," or doc[start - 1].sent != verb.sent:
        return []
    return state.keep(state.index.keys(doc[start - 2]), TARGET_CLASSES)


def _from_action(rules: EventRules, state: EventState, word: Token) -> Draft | None:
    """ "will take action against X", "before acting against X", "X could face action": action
    by a body against someone is a sanction (cue action_words); legal action is a lawsuit."""
    if any(c.lower_ in rules.non_sanction_actions for c in word.children if c.dep_ in ("amod", "compound")):
        return None
    governor = word.head if word.dep_ == "dobj" else word
    found = state.keep(prep_objects(rules, state, word, ("against",)), TARGET_CLASSES)
    found = found or state.keep(prep_objects(rules, state, governor, ("against",)), TARGET_CLASSES)
    imposers = subjects_of(governor, state.index) if word.pos_ == "VERB" or governor is not word else []
    if not found and governor.lemma_.casefold() == "face":  # "X could face action": X
        found, imposers = state.keep(subjects_of(governor, state.index), TARGET_CLASSES), []
    if not found or governor.pos_ not in ("VERB", "AUX"):
        return None
    draft = Draft("Punishment", state.sentence(word), [word.i], 0.6)
    span = state.doc[word.i : word.i + 1]
    _fill(rules, state, draft, found, imposers, "action", roles.status(rules, governor, None), governor, span)
    draft.written["action"] = (
        clean(state.doc[governor.i : word.i + 1]) if governor.i < word.i else f"{word.text} against"
    )
    return draft


def _receivers(verb: Token, noun: Token) -> list[Token]:
    """Who a verb gives `noun` to: its indirect object ("handed him a ban", "issued a warning to
    him"), or a first object the parser did not tell from the second ("earned X a ban")."""
    found = []
    for child in verb.children:
        if child.dep_ in ("dative", "iobj") or (child.dep_ == "dobj" and child.i < noun.i):
            found += [o for o in child.children if o.dep_ == "pobj"] if child.pos_ == "ADP" else [child]
    return found


def _deed(verb: Token) -> Token | None:
    """What earned a sanction: the verb's subject ("the foul cost him a ban"), or what a relative
    clause's "which" stands for ("a tackle, which earned him a ban")."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.tag_ == "WDT" and verb.dep_ == "relcl":
        return verb.head
    return subject


def _deed_owner(state: EventState, verb: Token) -> list[str]:
    """The people whose deed earned a sanction: its owner ("X's tackle")."""
    deed = _deed(verb)
    owners = [c for c in deed.children if c.dep_ == "poss"] if deed is not None else []
    return state.keep([k for o in owners for k in state.index.phrase_keys(o)], ("Person", "Athlete"))


def _earning_cause(verb: Token) -> str | None:
    """The deed that earned a sanction, as the text words it without the relative clause that
    tells the sanction; never a name."""
    deed = _deed(verb)
    if deed is None or deed.pos_ in ("PROPN", "PRON"):
        return None
    clause = set(verb.subtree) if deed == verb.head else set()
    words = [t for t in deed.subtree if t not in clause and not (clause and t.dep_ == "punct")]
    return clean(deed.doc[words[0].i : words[-1].i + 1]) if words else None


def _names_offence(rules: EventRules, noun: Token) -> bool:
    """ "a charge of misconduct", "the charge over the brawl": the noun has a determiner and its
    offence; not "took charge of the side" nor "a late charge"."""
    return any(c.dep_ in ("det", "poss") for c in noun.children) and any(
        c.dep_ == "prep" and (c.lower_ in rules.charge_markers or c.lower_ in rules.reason_markers)
        for c in noun.children
    )


def _stripped_of_other(rules: EventRules, verb: Token) -> bool:
    """ "stripped of attacking talent": what is taken away is no medal, title or the like
    (cue forfeit_objects); "stripped of his title" and a bare "stripped" are sanctions."""
    if verb.lemma_.casefold() != "strip":
        return False
    taken = [o for p in verb.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.subtree]
    return bool(taken) and not any(t.lemma_.casefold() in rules.forfeit_objects for t in taken)


def _outside_its_sport(rules: EventRules, state: EventState, kind: str | None) -> bool:
    """A sanction in a story of a sport it is none in (cue sport_bound_sanctions): a yellow card
    in rugby is the sin-bin, in football a booking."""
    sports = rules.sport_bound.get(fold(kind or ""))
    if sports is None:
        return False
    named = {fold(e["label"]) for e in entities(state.doc).values() if e["cls"] == "Sport"}
    return not named & sports


def _warns_of_something(verb: Token) -> bool:
    """ "warned his side not to be complacent", "warned Rovers they have a week": a warning told
    as what it says is a verb of saying. The parser may hang the clause on the one warned."""
    if any(c.dep_ in ("ccomp", "xcomp") for c in verb.children):
        return True
    return any(
        clause.dep_ == "relcl" and clause.left_edge.dep_ == "nsubj" and clause.left_edge.pos_ == "PRON"
        for c in verb.children
        if c.dep_ == "dobj"
        for clause in c.children
    )


#: "6-1", "27-22": a score, which tells a match
SCORE = re.compile(r"\b\d+ ?- ?\d+\b")


def _played(rules: EventRules, state: EventState, verb: Token) -> bool:
    """A sanction verb used of play: "fired up" (cue play_particles), "fired 19 aces" (cue
    play_objects), and a player who "ousted" or "dismissed" a rival in a match, with its score
    or its match word (cue rival_beating_verbs)."""
    children = list(verb.children)
    if any(c.dep_ == "prt" and c.lower_ in rules.play_particles for c in children):
        return True
    if any(c.dep_ == "dobj" and c.lemma_.casefold() in rules.play_objects for c in children):
        return True
    if verb.lemma_.casefold() not in rules.rival_beating_verbs or any(c.dep_ == "auxpass" for c in children):
        return False
    rivals = [c for c in children if c.dep_ == "dobj"]
    if _names_staff(rules, rivals):  # "ousted coach X", "dismissed the chairman": sacked, not beaten
        return False
    doers = subjects_of(verb, state.index)
    if not doers and verb.dep_ in ("advcl", "xcomp"):  # "hit some fine forehands to oust X"
        doers = subjects_of(verb.head, state.index)
    # "ousting eighth seed X", "ousted seventh-seeded X": a rival by the draw's seeding
    seeded = any(
        t.lemma_.casefold() in rules.seeding_words or t.lower_.endswith("-seeded")
        for c in rivals
        for t in c.subtree
    )
    people = [
        {state.index.cls_of(k) for k in keys}
        for keys in (doers, [k for c in rivals for k in state.index.phrase_keys(c)])
    ]
    if seeded and people[0] and people[0] <= {"Person", "Athlete"}:
        return True
    if not all(classes and classes <= {"Person", "Athlete"} for classes in people):
        return False
    in_a_match = any(
        o.lemma_.casefold() in rules.fixture_nouns
        for c in children
        if c.dep_ == "prep"
        for o in c.children
        if o.dep_ == "pobj"
    )
    return in_a_match or bool(SCORE.search(verb.sent.text))


def _in_play(rules: EventRules, span: Span) -> bool:
    """ "a penalty corner", "saved two penalties", "a yellow card" shown in a match: the
    game's own rules at work, not a sanction (cue in_play_words)."""
    after = span.doc[span.end] if span.end < len(span.doc) else None
    if after is not None and (
        after.lower_ in rules.in_play_words or rules.in_play_phrases.starting_at(after)
    ):
        return True
    head = span.root.head
    # "earned a ban", "took a two-match suspension": only a sanction is taken so
    return (
        head.pos_ == "VERB"
        and head.lemma_.casefold() in rules.in_play_words
        and span.root.lower_ not in rules.sporting_sanctions
    )


def _undoes(rules: EventRules, verb: Token) -> bool:
    """A verb that lifts, reverses or quashes a sanction (cue denial_cues)."""
    return (
        verb.lemma_.casefold() in rules.denial
        or verb.lower_ in rules.denial
        or bool(rules.denial_phrases.covering(verb))
    )


def _lifts(rules: EventRules, verb: Token) -> bool:
    """A verb whose subject takes back a sanction it gave (cue sanction_lifting_verbs)."""
    return verb.lemma_.casefold() in rules.lifting_verbs or verb.lower_ in rules.lifting_verbs


def _from_noun(rules: EventRules, state: EventState, span: Span) -> Draft | None:
    """A sanction noun: its targets are who faces, gets or is subjected to it, or its owner;
    a draft with none is kept weak, to be merged with a sanction told elsewhere."""
    noun = span.root
    while noun.dep_ in ("compound", "amod", "nmod") and noun.head.pos_ == "NOUN":
        noun = noun.head  # "public criticism" in "a public criticism session"
    if noun != span.root:
        span = span.doc[span.start : noun.i + 1]
    governor = noun.head
    found: list[str] = []
    imposers: list[str] = []
    undone = given = False
    cause: str | None = None
    if noun.dep_ in ("dobj", "attr", "nsubjpass") and governor.pos_ in ("VERB", "AUX"):
        # "may face disciplinary action", "underwent a cleanse", "was handed a ban"
        passive = any(c.dep_ == "nsubjpass" for c in governor.children) and noun.dep_ != "nsubjpass"
        found = subjects_of(governor, state.index, passive=passive)
        if passive and governor.lemma_.casefold() in rules.giving_verbs:
            imposers = prep_objects(rules, state, governor, ("by",))  # "was handed a ban by X"
        if noun.dep_ == "nsubjpass":  # "a ban was imposed on X"
            found = prep_objects(rules, state, governor, ("on", "against"))
            # "was imposed by Y"; not "was overturned by Y" (Y undid it)
            imposers = [] if _undoes(rules, governor) else prep_objects(rules, state, governor, ("by",))
        elif not passive and noun.dep_ == "dobj" and _lifts(rules, governor):
            # "Norway lift X's suspension", "reversed a ban on X": who undoes a sanction is the
            # body that gave it, not its target (the owner, or who it was "on", below), nor
            # someone it describes ("the tribunal overturned those bans")
            imposers, found, undone = found, [], True
        elif not passive and noun.dep_ == "dobj" and governor.lemma_.casefold() in rules.earning_verbs:
            # "his tackle earned him a ban": who it earned the sanction for, and the deed is why
            receivers = _receivers(governor, noun)
            if receivers:
                found = [k for c in receivers for k in state.index.phrase_keys(c)]
                cause = _earning_cause(governor)
                # "X's tackle, which earned the Dutchman a ban": a description stands for the doer
                doer = _deed_owner(state, governor)
                if doer and not any(c.pos_ == "PROPN" for c in receivers):
                    found = doer
        elif not passive and (
            governor.lemma_.casefold() in rules.giving_verbs or rules.giving_phrases.starting_at(governor)
        ):
            imposers, given = found, True
            found = prep_objects(rules, state, governor, ("on", "to", "against")) + [
                k for c in _receivers(governor, noun) for k in state.index.phrase_keys(c)
            ]
    elif noun.dep_ == "pobj" and governor.dep_ == "prep" and governor.head.pos_ in ("VERB", "AUX"):
        # "were subjected to a criticism session", "could result in punishments"
        verb = governor.head
        passive = any(c.dep_ == "nsubjpass" for c in verb.children)
        found = subjects_of(verb, state.index, passive=passive)
        # "subjected the players to ...", "issued the squad with a warning": the object is sanctioned
        if not passive and verb.lemma_.casefold() in rules.sentencing_verbs.get(governor.lower_, ()):
            imposers = found
            found = [k for c in verb.children if c.dep_ == "dobj" for k in state.index.phrase_keys(c)]
        governor = verb
    # "he had not asked for any sanction", "rivals demanded a ban": who asks is not sanctioned
    requested = governor.lemma_.casefold() in rules.request_verbs and noun.dep_ != "nsubjpass"
    if requested:
        found, imposers = [], []
    # "(the FA took no action against him) following his sending-off", "Rovers will appeal his
    # ban": a person's or team's sanction is theirs, whoever the verb's subject is
    possessors = state.keep(
        [k for c in noun.children if c.dep_ == "poss" for k in state.index.phrase_keys(c)],
        ("Person", "Athlete", "Team"),
    )
    # "the sending-off of X", "angered by the suspension of X": the one it befell, as an owner
    befell = state.keep(
        [
            k
            for c in noun.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for o in c.children
            if o.dep_ == "pobj"
            for m in [o, *o.conjuncts]
            for k in state.index.phrase_keys(m)
        ],
        ("Person", "Athlete", "Team"),
    )
    possessors = possessors or befell
    if possessors and not requested and not cause:
        found = possessors
    for child in noun.children:
        if child.dep_ == "poss":  # "X's ban"
            found = found or state.index.phrase_keys(child)
        # "doping charges from the IAAF", "handed a ban by the FA": who brings them
        if child.dep_ == "prep" and child.lower_ in ("from", "by") and not imposers:
            imposers = [k for o in child.children if o.dep_ == "pobj" for k in state.index.phrase_keys(o)]
        # "the ban on X (was annulled)": X's ban; "issued a warning to X": to whom it was given
        owners = ("on", "against", "to") if given else ("on", "against")
        if child.dep_ == "prep" and child.lower_ in owners and not found:
            found = state.keep(
                [k for o in child.children if o.dep_ == "pobj" for k in state.index.phrase_keys(o)],
                ("Person", "Athlete", "Team", "Nation", "Organization"),
            )
        # "(overturned) the ban imposed on X by Y": X's ban, whoever governs the noun
        if child.dep_ == "acl" and (
            child.lemma_.casefold() in rules.giving_verbs or rules.giving_phrases.starting_at(child)
        ):
            imposed_on = state.keep(
                prep_objects(rules, state, child, ("on", "to", "against")), TARGET_CLASSES
            )
            if imposed_on:
                found = imposed_on
                imposers = prep_objects(rules, state, child, ("by",))
    # "called the sanction disproportionate": a sanction told before, not a new one; so is the
    # sanction a sentence is "under" ("under the suspension, the flag will not be used")
    weak = noun.lower_ in GENERIC_TYPES and (not found or is_definite_noun(noun))
    weak = weak or (noun.dep_ == "pobj" and noun.head.lower_ == "under" and is_definite_noun(noun))
    found = state.keep(found, TARGET_CLASSES)
    if governor.pos_ in ("VERB", "AUX") and governor != noun and not undone:
        found = targets.described_instead(
            rules, state, found, [c for c in governor.children if c.dep_ in ("nsubj", "nsubjpass")]
        )
    # "the committee could impose a points deduction": who imposes it is not the one sanctioned
    if (
        not found
        and governor.pos_ in ("VERB", "AUX")
        and governor != noun
        and not (requested or undone or given)
    ):
        # "players were subjected to ...", "the coach faces ...": people named by description
        subjects = [
            c
            for c in governor.children
            if c.dep_ in ("nsubj", "nsubjpass") and c.i not in range(span.start, span.end)
        ]
        found = targets.referent_targets(rules, state, subjects[0], governor) if subjects else []
    draft = Draft("Punishment", state.sentence(noun), [noun.i], 0.8 if found else 0.4, weak=weak or not found)
    # "took no action following his sending-off": a sanction given as a reason happened, whatever
    # the clause says of what follows it
    reason_given = noun.dep_ == "pobj" and noun.head.lower_ in rules.reason_markers and bool(possessors)
    _fill(
        rules,
        state,
        draft,
        found,
        imposers,
        type_text(span),
        roles.status(rules, noun, None) if reason_given else roles.status(rules, governor, noun),
        noun if reason_given else governor,
        span,
    )
    if undone:  # "reversed a ban on X after she apologised": why it was lifted, not why it was given
        draft.roles.pop("reason", None)
    if cause and not draft.roles.get("reason"):
        draft.add("reason", cause)
    # "X, who have all denied the charges": the accused deny them, so they still stand
    if (
        draft.first("status") == "denied"
        and governor.lemma_.casefold() in rules.plea_verbs
        and set(subjects_of(governor, state.index)) & set(draft.roles.get("target", []))
    ):
        draft.roles["status"] = ["possible" if rules.pending(draft.kind) else "actual"]
    return draft


def _from_verb(rules: EventRules, state: EventState, verb: Token, kind: str, span: Span) -> Draft | None:
    """A sanction verb: the passive subject or active object is the target, the agent or active
    subject the imposer; none when no one sanctioned can be found."""
    passive = (
        any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        # "athletes banned for ...", "the suspended X": a participle describing its noun
        or verb.tag_ == "VBN"
        and verb.dep_ in ("acl", "amod")
        or _headline_passive(verb)
        or _shares_passive(verb)
    )
    # "X was sin-binned": the parser reads the participle as an adjective of "was"
    adjectival = verb.dep_ == "acomp" and verb.tag_ in ("VBN", "JJ") and verb.head.lemma_ == "be"
    giver = _giver_of_misread_verb(verb)
    if giver is not None:
        # "Rovers sacked manager X", "The FA banned midfielder X": the verb read as an adjective
        # of the role noun before the name; the one before the verb gave the sanction
        role_noun = verb.head
        while role_noun.dep_ == "compound" and role_noun.head.i > role_noun.i:
            role_noun = role_noun.head
        found = [
            k
            for t in [role_noun, *(c for c in role_noun.children if c.dep_ == "appos")]
            for k in state.keep(state.index.phrase_keys(t), TARGET_CLASSES)
        ]
        imposers = state.keep(state.index.phrase_keys(giver), IMPOSER_CLASSES) or body_of(rules, state, giver)
        passive = False
    elif adjectival:
        found = subjects_of(verb.head, state.index)
        if not found and verb.head.lower_ == "being" and verb.head.i > 0:
            found = state.index.phrase_keys(verb.doc[verb.head.i - 1])  # "led to X being sin-binned"
        imposers = prep_objects(rules, state, verb, ("by",))
        passive = True
    elif (getter := _got_oneself(verb)) is not None:
        # "X got himself sent off": the reflexive stands for the one who got it
        found = subjects_of(getter, state.index)
        imposers = prep_objects(rules, state, verb, ("by",))
        passive = True
    elif described := _described_by_participle(state, verb):
        # "X, recently sacked as manager, ...": a participle set off after a name describes it
        found = described
        imposers = prep_objects(rules, state, verb, ("by",))
        passive = True
    elif passive:
        found = subjects_of(verb, state.index, passive=not _headline_passive(verb))
        being = next((c for c in verb.children if c.dep_ == "auxpass" and c.lower_ == "being"), None)
        if not found and being is not None and being.i > 0:
            # "led to X being sin-binned": the parser hangs X on the preposition before it
            found = state.index.phrase_keys(verb.doc[being.i - 1])
        imposers = prep_objects(rules, state, verb, ("by",))
        if not imposers and kind == "dismissal":  # "sacked at Rovers": the club that employed him
            imposers = state.keep(prep_objects(rules, state, verb, ("at",)), ("Team", "Organization"))
    if not passive and giver is None:
        # "fined his club 50,000 euros": the one fined is the indirect object
        found = [
            k
            for c in verb.children
            if c.dep_ in ("dobj", "dative")
            for m in [c, *c.conjuncts]
            for k in state.index.phrase_keys(m)
        ]
        imposers = subjects_of(verb, state.index) or [
            key for c in verb.children if c.dep_ == "nsubj" for key in body_of(rules, state, c)
        ]
        if _requested_of(rules, verb):
            # "called on the league to punish X": the body asked would impose it, if it does
            asker = verb.head
            imposers = prep_objects(rules, state, asker, ("on", "upon")) + [
                k for c in asker.children if c.dep_ == "dobj" for k in state.index.phrase_keys(c)
            ]
    found = targets.descriptors_dropped(state, state.keep(found, TARGET_CLASSES))
    object_deps = ("nsubjpass", "dative", "dobj", *(("nsubj",) if _headline_passive(verb) else ()))
    found = targets.described_instead(
        rules, state, found, [c for c in verb.children if c.dep_ in object_deps]
    )
    if not found:
        objects = sorted(
            (c for c in verb.children if c.dep_ in object_deps), key=lambda c: object_deps.index(c.dep_)
        )
        if _shares_passive(verb):  # "the club was fined ... and docked nine points": the club
            objects = [c for c in verb.head.children if c.dep_ == "nsubjpass"] + objects
        found = targets.owner_targets(rules, state, objects[0]) if objects else []
        if not found and objects:
            found = targets.referent_targets(rules, state, objects[0], verb)
    if not found or kind == "dismissal" and _left_out(rules, state, verb, imposers):
        return None
    # "demoted from the squad to face France": left out; "demoted for disciplinary reasons": punished
    if (
        kind == "demotion"
        and _left_out(rules, state, verb, imposers)
        and not roles.reason(rules, state, verb, span)[0]
    ):
        return None
    draft = Draft("Punishment", state.sentence(verb), [verb.i], 0.8, described=verb.dep_ == "amod")
    status = "possible" if not passive and _requested_of(rules, verb) else roles.status(rules, verb, None)
    _fill(rules, state, draft, found, imposers, kind, status, verb, span)
    draft.written[kind] = written_type(rules, verb, span)
    return draft


#: words a sanction's own phrase may take after its verb, at most
WRITTEN_WORDS = 8


def _except(rules: EventRules, token: Token) -> bool:
    """ "All the players bar X are fit", "Bar X, everyone is fit": a preposition meaning "except"
    (cue `except_words`), a bare form with no subject, auxiliary or passive of its own."""
    if token.lower_ not in rules.except_words:
        return False
    opening = token.i == token.sent.start and not any(
        c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in token.children
    )
    # "All the players bar X are fit": the sentence's own verb hung on "bar" after its object
    return opening or any(c.dep_ == "ccomp" and c.lemma_ == "be" and c.i > token.i for c in token.children)


#: reflexive pronouns: "got himself sent off"
REFLEXIVES = {"himself", "herself", "themselves", "itself", "myself", "yourself", "ourselves"}


def _got_oneself(verb: Token) -> Token | None:
    """The "get" of "X got himself sent off", "if only he hadn't got himself disqualified": a
    participle whose subject is a reflexive under "get" is passive, and "get"'s subject its target."""
    head = verb.head
    if verb.tag_ != "VBN" or head.lemma_.casefold() != "get" or head.i >= verb.i:
        return None
    if not any(c.dep_ in ("nsubj", "dobj") and c.lower_ in REFLEXIVES for c in verb.children) and not any(
        c.dep_ == "dobj" and c.lower_ in REFLEXIVES for c in head.children
    ):
        return None
    return head


def _left_out(rules: EventRules, state: EventState, verb: Token, imposers: list[str]) -> bool:
    """ "recently axed by England", "axed from the squad": a player left out by a national side
    or from a team (cue lineup_nouns) was not selected, which is no sanction."""
    sanctioned = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")] + (
        [verb.head] if verb.dep_ in ("acl", "amod", "appos") else []
    )
    if _names_staff(rules, sanctioned):  # "dismissed the head coach": sacked, whoever sacks them
        return False
    table = entities(state.doc)
    national = any(
        state.index.cls_of(k) == "Nation"
        or table.get(k, {}).get("cls") == "Team"
        and table[k]["attrs"].get("nation")
        and table[k]["attrs"].get("kind") != "club"
        for k in imposers
    )
    return national or any(
        o.lemma_.casefold() in rules.lineup_nouns
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ == "from"
        for o in c.children
        if o.dep_ == "pobj"
    )


def _names_staff(rules: EventRules, phrases: list[Token]) -> bool:
    """Whether the phrases headed by `phrases` describe staff: a coach, a chairman (cues
    coach_role_nouns, leader_role_nouns)."""
    return any(t.lemma_.casefold() in rules.staff_nouns for head in phrases for t in head.subtree)


def _giver_of_misread_verb(verb: Token) -> Token | None:
    """The one who gave a sanction told by a verb the parser took for an adjective of the role
    noun after it ("Rovers sacked manager X", "The FA banned midfielder X"): the noun right
    before the verb and hung on it. None for a true adjective ("the suspended midfielder")."""
    if verb.dep_ != "amod" or verb.head.i != verb.i + 1 or verb.i == 0:
        return None
    before = verb.doc[verb.i - 1]
    if before.head != verb or before.dep_ not in ("nsubj", "npadvmod", "compound"):
        return None
    return before if before.pos_ in ("NOUN", "PROPN") else None


def written_type(rules: EventRules, verb: Token, span: Span) -> str:
    """The words that name a sanction told by a verb, as the article has them: "banned for four
    years", "fined 1.5 million euros", "docked nine points", "banned from all cricket", "sent off"."""
    doc = verb.doc
    picked = {*range(span.start, span.end), verb.i}

    def take(start: int, end: int) -> None:  # a phrase that stops at its head noun
        if end - start <= WRITTEN_WORDS:
            picked.update(range(start, end + 1))

    def objects(prep: Token) -> list[Token]:
        return [o for o in prep.children if o.dep_ == "pobj"]

    for child in verb.children:
        if child.dep_ == "prt":
            picked.add(child.i)
        elif child.dep_ in ("dobj", "npadvmod") and child.pos_ == "NOUN":
            # "fined 1.5 million euros", "docked nine points", "fined his entire match fee"
            amount = child.ent_type_ == "MONEY" or any(c.dep_ == "nummod" for c in child.children)
            if amount or child.lemma_.casefold() in rules.sanction_amount_nouns:
                take(child.left_edge.i, child.i)
        elif child.dep_ == "prep" and child.lower_ == "for":
            for obj in objects(child):
                if roles.measured(rules, obj):  # "banned for two years", "suspended for 10 matches"
                    take(child.i, obj.i)
        elif child.dep_ == "prep" and child.lower_ in ("from", "of") and child.i > verb.i:
            for obj in objects(child):  # "banned from all cricket", "stripped of the title"
                take(child.i, obj.i)
    last = doc[span.end - 1]
    if last.dep_ == "prep":  # a phrase ending in its preposition: "stripped of", "banned from"
        for obj in objects(last):
            take(last.i, obj.i)
    runs: list[list[Token]] = []
    for i in sorted(picked):
        if runs and runs[-1][-1].i == i - 1:
            runs[-1].append(doc[i])
        else:
            runs.append([doc[i]])
    return " ".join(clean(doc[run[0].i : run[-1].i + 1]) for run in runs)


def _companions(rules: EventRules, state: EventState, verb: Token, draft: Draft) -> list[Draft]:
    """ "X was suspended alongside Y and Z", "X was sin-binned with Y": the others are sanctioned
    the same way, each for their own doing, so theirs is a sanction of its own (with no reason)."""
    if not any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) and verb.dep_ != "acomp":
        return []
    others = prep_objects(rules, state, verb, ("alongside",)) + state.keep(
        prep_objects(rules, state, verb, ("with",)), ("Person", "Athlete")
    )
    others = [k for k in state.keep(others, TARGET_CLASSES) if k not in draft.roles.get("target", [])]
    if not others:
        return []
    companion = Draft("Punishment", draft.sentence, list(draft.tokens), 0.7, spans=list(draft.spans))
    for key in others:
        companion.add("target", key)
    for role in ("punishmentType", "status", "imposedBy"):
        for value in draft.roles.get(role, []):
            companion.add(role, value)
    companion.written = dict(draft.written)
    return [companion]


def _requested_of(rules: EventRules, verb: Token) -> bool:
    """ "urged the league to ban X", "called on the FA to punish X": a sanction asked for."""
    return verb.dep_ in ("xcomp", "ccomp", "advcl") and verb.head.lemma_.casefold() in rules.request_verbs


def _fill(
    rules: EventRules,
    state: EventState,
    draft: Draft,
    found: list[str],
    imposers: list[str],
    kind: str,
    status: str,
    governor: Token,
    span: Span,
) -> None:
    """Targets, imposers (those of a class that can impose), type and status, then the roles
    every sanction reads the same way."""
    for key in found:
        draft.add("target", key)
    for key in _bodies_for_nations(state, state.keep(imposers, IMPOSER_CLASSES)):
        draft.add("imposedBy", key)
    draft.add("punishmentType", kind)
    draft.add("status", status)
    roles.common_roles(rules, state, draft, governor, span)


def _bodies_for_nations(state: EventState, imposers: list[str]) -> list[str]:
    """ "Athletics Kenya had suspended X", "Kenya lift X's suspension": a nation named as the
    one sanctioning stands for the one body the story names after it."""
    table = state.index.table
    out: list[str] = []
    for key in imposers:
        if table.get(key, {}).get("cls") == "Nation":
            nation = fold(table[key]["label"]).split()
            bodies = [
                k
                for k, e in table.items()
                if e["cls"] == "Organization" and _contains(fold(e["label"]).split(), nation)
            ]
            if len(bodies) == 1:
                key = bodies[0]
        if key not in out:
            out.append(key)
    return out


def _contains(words: list[str], part: list[str]) -> bool:
    return any(words[i : i + len(part)] == part for i in range(len(words) - len(part) + 1))


def _headline_passive(verb: Token) -> bool:
    """ "Sri Lanka captain X banned for a year over ball tampering": a headline drops the "is",
    and the parser reads a participle with a subject and no object."""
    # "X banned for 10 matches, club fined": the parser hangs the first clause on the second
    children = {c.dep_ for c in verb.children if not (c.dep_ == "ccomp" and c.i < verb.i)}
    first_clause = verb.dep_ == "ccomp" and verb.i < verb.head.i and _headline_passive(verb.head)
    # a headline has no full stop: "X then fired in a cross." is told in the active
    ending = [t.text for t in verb.sent[-2:]]
    return (
        "." not in ending
        and (verb.dep_ == "ROOT" or first_clause)
        and verb.tag_ in ("VBN", "VBD")
        and verb.lower_.endswith(("ed", "en", "pt"))
        and "nsubj" in children
        and not children & {"dobj", "aux", "auxpass", "ccomp", "xcomp"}
    )


def _shares_passive(verb: Token) -> bool:
    """ "X have been banned for two seasons and fined 1.5 million euros": a conjoined verb with no
    subject of its own is passive when the verb it joins is (an object it has is an amount), or
    is a participle describing a noun."""
    return (
        verb.dep_ == "conj"
        and verb.tag_ in ("VBN", "VBD")  # "was fined and docked nine points": tagged as a past tense
        and not any(c.dep_.startswith("nsubj") for c in verb.children)
        and all(
            c.like_num or any(n.dep_ == "nummod" for n in c.children)
            for c in verb.children
            if c.dep_ == "dobj"
        )
        and (
            any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.head.children)
            # "X, sacked by Rovers and banned for seven months, ...": a participle describing X
            or verb.head.dep_ == "acl"
            and verb.head.tag_ == "VBN"
        )
    )


def type_text(span: Span) -> str:
    """The sanction with its modifiers: 'six-hour public criticism session', 'month-long cleanse'."""
    root = span.root
    start = span.start
    for child in root.lefts:
        if child.dep_ in ("amod", "compound", "nummod", "nmod", "npadvmod", "punct") and child.lower_ not in (
            "severe",
        ):
            start = min(start, child.left_edge.i)
    return clean(span.doc[start : span.end])
