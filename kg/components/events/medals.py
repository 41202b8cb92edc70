"""Medal words: "won silver", "clinched the silver medal", "the gold-medal-winning team",
"his silver medal", "a gold for X"; who won the medal, at which event, in which discipline."""

from __future__ import annotations

from spacy.tokens import Token

from kg.components.doc_data import subjects_of, verb_lemma
from kg.components.events import disciplines
from kg.components.events.rules import EventRules
from kg.components.events.state import RECIPIENT_CLASSES, Draft, EventState
from kg.components.events.syntax import clean, only_possible, words_before


def medal_awards(rules: EventRules, state: EventState) -> list[Draft]:
    """An award for each medal word whose winners the syntax names."""
    drafts = []
    for token in state.doc:
        medal = rules.medal_words.get(token.lower_)
        if medal is None and token.tag_ == "NNS":  # "two bronzes"
            medal = rules.medal_words.get(token.lemma_.casefold())
        counted = token.head.lower_ if token.dep_ in ("amod", "compound") else ""
        if medal is None and counted in rules.title_multipliers:  # "X's golden double": two golds
            medal = rules.counted_medal_adjectives.get(token.lower_)
        if medal is None or token.pos_ not in ("NOUN", "ADJ", "PROPN"):
            continue
        if token.is_title and token.ent_type_ in ("GPE", "LOC", "FAC", "ORG") and token.i > token.sent.start:
            continue  # "Australia's Gold Coast": a place's name, no medal
        recipients, anchor = _recipients(rules, state, token)
        if not recipients or anchor.pos_ in ("VERB", "AUX") and only_possible(rules, anchor):
            continue  # "hopes to win gold", "could take silver": not won
        times = max(multiplier(rules, token), rules.title_multipliers.get(counted, 1))
        gapped = _gapped(rules, token)
        if gapped is not None:  # "won bronze in the 200m and silver in the relay": the relay's
            discipline = _phrase_after(gapped, token)
        else:
            discipline = disciplines.discipline(rules, state, anchor, token)
        if _medallist(anchor) and disciplines.names_discipline(rules, state, words_before(state, token)):
            times = 1  # "two-time Olympic 100m hurdles bronze medallist": one per discipline
        count = max(_count(rules, token), times)
        if len(recipients) == 1 and count > 1:  # "won three gold medals": three awards
            recipients = recipients * count
        # "A and B each took bronze", "A and B took the bronze medals": a medal apiece
        each = any(c.dep_ == "nsubj" and c.lower_ == "each" for c in anchor.children) or (
            token.head.tag_ == "NNS" and token.head.lemma_.casefold() == "medal"
        )
        each = each or len(recipients) > len(set(recipients))
        each = each or (_medallist(anchor) and anchor.lower_.endswith("s"))  # "gold medallists X and Y"
        groups = [[key] for key in recipients] if each else [recipients]
        for n, group in enumerate(groups):
            copy = groups[:n].count(group)
            draft = Draft("MedalAward", state.sentence(token), [token.i, anchor.i], 0.8, copy=copy)
            draft.add("medal", medal)
            for key in group:
                draft.add("recipient", key)
            for event in events_near(state, anchor, token):
                draft.add("atEvent", event)
            if discipline:
                draft.add("discipline", discipline)
            drafts.append(draft)
    return drafts


def _medallist(noun: Token) -> bool:
    """ "medallist", "medallists", "winners": a noun for whoever won the medal."""
    word = noun.lower_.removesuffix("s")
    return word in ("medalist", "medallist", "winner") or noun.lemma_.casefold() in ("medalist", "medallist")


#: the most awards one count makes ("won 12 golds" in a career story stays readable)
MAX_COUNT = 12


def _count(rules: EventRules, medal: Token) -> int:
    """How many medals a count before the medal word gives: "three gold medals", "two bronzes"."""
    noun = medal.head if medal.dep_ in ("compound", "amod", "nmod") and medal.head.pos_ == "NOUN" else medal
    for word in (c for c in noun.children if c.dep_ == "nummod"):
        value = rules.number_words.get(word.lower_) or (int(word.text) if word.text.isdigit() else 0)
        if 1 < value <= MAX_COUNT:
            return value
    return 1


def multiplier(rules: EventRules, word: Token) -> int:
    """How many titles the words right before a medal word or title count: "double Olympic
    champion", "a five-time Olympic gold medallist" (cue `title_multipliers`, `number_words`)."""
    doc = word.doc
    i = word.i - 1
    while i >= word.sent.start and (doc[i].pos_ in ("PROPN", "ADJ", "NUM", "NOUN") or doc[i].text == "-"):
        token = doc[i]
        value = rules.title_multipliers.get(token.lower_)
        # "five-time", "three-times": the number before a hyphenated "time"
        if token.lower_ in ("time", "times") and i >= word.sent.start + 2 and doc[i - 1].text == "-":
            value = rules.number_words.get(doc[i - 2].lower_)
        if value and 1 < value <= MAX_COUNT:
            return value
        i -= 1
    return 1


def verb_award(
    state: EventState, verb: Token, medal: str, recipients: list[str], discipline: str | None
) -> Draft:
    """A medal a verb implies, at the event named near it."""
    draft = Draft("MedalAward", state.sentence(verb), [verb.i], 0.7, implied=True)
    draft.add("medal", medal)
    for key in recipients:
        draft.add("recipient", key)
    for event in events_near(state, verb, verb):
        draft.add("atEvent", event)
    draft.add("discipline", discipline)
    return draft


def events_near(state: EventState, anchor: Token, medal: Token) -> list[str]:
    """The events after "at", "in", "during" or "from" on the award's words."""
    found: list[str] = []
    for head in (anchor, medal, medal.head):
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in ("at", "in", "during", "from"):
                for pobj in prep.children:
                    found += [k for k in state.index.phrase_keys(pobj) if k.startswith("SportingEvent:")]
    return list(dict.fromkeys(found))


def _recipients(rules: EventRules, state: EventState, medal: Token) -> tuple[list[str], Token]:
    """Who won the medal `medal` names, and the token the award hangs on."""
    index = state.index
    noun = medal.head if medal.dep_ in ("compound", "amod", "nmod") and medal.head.pos_ == "NOUN" else medal
    # "won three golds and two bronzes": the second medal word is the first's object too
    while noun.dep_ == "conj" and noun.head.pos_ == "NOUN" and noun.head.dep_ in ("dobj", "attr", "oprd"):
        noun = noun.head
    # "won bronze in the 200m and silver in the relay": the second medal hangs on the first's "in"
    gapped = _gapped(rules, medal)
    if gapped is not None:
        noun = next(c for c in gapped.children if c.dep_ == "dobj")
    # "won silver", "clinched the silver medal", "took gold"
    if noun.dep_ in ("dobj", "attr", "oprd") and (
        verb_lemma(noun.head, rules.medal_verb_forms) is not None
        or rules.medal_verb_phrases.covering(noun.head)
    ):
        verb = noun.head
        keys = state.keep(subjects_of(verb, index), RECIPIENT_CLASSES)
        if len(keys) == 1 and noun.tag_ == "NNS":  # "A and B took the bronze medals", parsed as one
            for subject in (c for c in verb.children if c.dep_ == "nsubj"):
                keys += [k for t in subject.subtree for k in index.keys(t, ("Person", "Athlete"))]
                keys = list(dict.fromkeys(keys))  # a name's every word points at its person
        return keys or _distributed_subjects(rules, state, verb), verb
    # "stripped X of the bronze (medal) she won", "X was stripped of his gold": X had won it
    if noun.dep_ == "pobj" and noun.head.lower_ == "of":
        holder = noun.head.head
        if holder.pos_ in ("NOUN", "PROPN") and holder.dep_ == "dobj":
            verb = holder.head
            keys = index.phrase_keys(holder)
        else:
            verb = holder
            keys = subjects_of(verb, index, passive=True)
        if verb.lemma_.casefold() in rules.strip_verbs:
            keys = state.keep(keys, RECIPIENT_CLASSES)
            if keys:
                return keys, noun
    # "finished behind for silver", "settled for bronze"
    if medal.dep_ == "pobj" and medal.head.lower_ == "for" and medal.head.head.pos_ == "VERB":
        verb = medal.head.head
        keys = state.keep(subjects_of(verb, index), RECIPIENT_CLASSES)
        if keys:
            return keys, verb
    # "stormed to double Olympic gold", "battled to bronze" (cue `medal_motion_verbs`)
    if noun.dep_ == "pobj" and noun.head.lower_ == "to" and noun.head.head.pos_ == "VERB":
        verb = noun.head.head
        if verb.lemma_.casefold() in rules.medal_motion_verbs and not any(
            c.dep_ == "neg" for c in verb.children
        ):
            keys = state.keep(subjects_of(verb, index), RECIPIENT_CLASSES)
            if keys:
                return keys, verb
    # "the bronze medal she won at the 2012 Olympics"
    for clause in noun.children:
        if clause.dep_ == "relcl" and (
            verb_lemma(clause, rules.medal_verb_forms) is not None
            or rules.medal_verb_phrases.covering(clause)
        ):
            keys = clause_subjects(state, clause)
            if keys:
                return keys, clause
    # "relay gold medallists X and Y" parsed as "gold" the subject of a verb "medallists"
    head = medal.head
    if medal.dep_ == "nsubj" and head.tag_.startswith("VB") and _medallist(head):
        for obj in (c for c in head.children if c.dep_ == "dobj"):
            keys = state.keep(index.phrase_keys(obj), RECIPIENT_CLASSES)
            if keys:
                return keys + conj_keys(rules, state, obj), head
    # "the gold-medal-winning team", "the bronze-medalist South Korean team", "silver medallist X"
    chain = medal
    for _ in range(3):
        if chain.head == chain:
            break
        head = chain.head
        # "gold medallists X and Y": a plural the tagger may take for a verb
        mistagged = head.tag_ == "VBZ" and head.is_lower and head.dep_ == "compound"
        if (head.pos_ in ("NOUN", "PROPN") or mistagged) and chain.dep_ in (
            "amod",
            "nmod",
            "compound",
            "npadvmod",
        ):
            keys = state.keep(index.phrase_keys(head), RECIPIENT_CLASSES)
            if _medallist(head) and all(index.cls_of(k) == "Nation" for k in keys):
                keys = []  # "Chilean Olympic gold medallist X": the nation word describes X
            if keys and head.lemma_.casefold() not in ("medal",):
                return keys + conj_keys(rules, state, head), head
            if _medallist(head):
                # "silver medallists X and Y": the names the noun stands before
                if head.dep_ == "compound" and head.head.pos_ == "PROPN":
                    keys = state.keep(index.phrase_keys(head.head), RECIPIENT_CLASSES)
                    if keys:
                        return keys + conj_keys(rules, state, head.head), head
                for child in head.children:
                    if child.dep_ in ("appos", "compound") or child.pos_ == "PROPN":
                        keys = state.keep(index.phrase_keys(child), RECIPIENT_CLASSES)
                        if keys:
                            return keys, head
        chain = head
    # "his silver medal", "X's gold": the owner won it (a stripped medal was still won)
    for child in noun.children:
        if child.dep_ == "poss":
            keys = state.keep(index.phrase_keys(child), RECIPIENT_CLASSES)
            if keys:
                return keys, noun
    # "a gold for X"
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "for":
            for pobj in prep.children:
                keys = state.keep(index.phrase_keys(pobj), RECIPIENT_CLASSES)
                if keys:
                    return keys + conj_keys(rules, state, pobj), noun
    return [], medal


def _gapped(rules: EventRules, medal: Token) -> Token | None:
    """The medal verb of a second medal word the parser joined to the first one's "in" phrase:
    "won bronze in the 200m and silver in the 4x100m relay" (the verb left out before "silver")."""
    pobj = medal.head
    if medal.dep_ != "conj" or pobj.dep_ != "pobj" or pobj.head.dep_ != "prep":
        return None
    verb = pobj.head.head
    if verb.pos_ != "VERB" or verb_lemma(verb, rules.medal_verb_forms) is None:
        return None
    if not any(c.dep_ == "dobj" and rules.medal_words.get(c.lower_) for c in verb.children):
        return None
    return verb


def _phrase_after(verb: Token, medal: Token) -> str | None:
    """The "in" phrase of `verb` right after a gapped medal word: its discipline."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "in" and prep.i == medal.i + 1:
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    return clean(medal.doc[pobj.left_edge.i : pobj.i + 1])
    return None


def _distributed_subjects(rules: EventRules, state: EventState, verb: Token) -> list[str]:
    """ "A and B, the beaten semi-finalists, each took bronze": the names the subject "each"
    or "both" stands for, the first subject named before it and the names joined to it."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ not in ("each", "both", "all"):
        return []
    for token in verb.sent:
        if token.i >= subject.i:
            break
        if token.dep_ == "nsubj":
            keys = state.keep(state.index.phrase_keys(token), RECIPIENT_CLASSES)
            if keys:
                return keys + conj_keys(rules, state, token)
    return []


def clause_subjects(state: EventState, clause: Token) -> list[str]:
    """Recipients named as a relative clause's own subject: "the medal *she* won"."""
    return state.keep(
        [
            k
            for c in clause.children
            if c.dep_ == "nsubj" and c.tag_ not in ("WP", "WDT")
            for k in state.index.phrase_keys(c)
        ],
        RECIPIENT_CLASSES,
    )


def conj_keys(rules: EventRules, state: EventState, token: Token) -> list[str]:
    """Recipients coordinated with `token`, except those with a medal of their own.

    In "the gold-medal-winning Chinese team and the bronze-medalist South
    Korean team" each team gets its own award.
    """
    keys: list[str] = []
    for other in token.conjuncts:
        own = other.doc[other.left_edge.i : other.i]
        if any(rules.medal_of(t) for t in own):
            continue
        keys += state.keep(state.index.phrase_keys(other), RECIPIENT_CLASSES)
    return keys
