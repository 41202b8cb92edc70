"""What the kg_* components write on a Doc, and the index they read it through.

Everything stored on the Doc is plain lists and dicts of strings and numbers,
so docs survive `Doc.to_bytes` and `nlp.pipe(n_process=2)`.

- `doc._.kg_entities`: entity key → {"cls", "label", "aliases": [...], "attrs": {...}}
- `doc._.kg_mentions`: [{"start", "end", "keys": [...], "cls", "text", "kind"}], token offsets;
  one key for a name, several for a group ("the pair" → both players)
- `doc._.kg_relations`: [{"subject", "predicate", "object", "start", "end", "confidence", "component"}]
- `doc._.kg_events`: [{"type", "roles": [[role, value, is_entity]], "spans": [[start, end]],
  "confidence", "component"}]
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from kg.gazetteer import Gazetteer
from kg.records import SPECIFICITY

EXTENSIONS = ("kg_entities", "kg_mentions", "kg_relations", "kg_events")
#: `doc.user_data` key: entity keys that a match was played against ("beat Japan"), for kg_infer
OPPONENTS_KEY = "kg_opponents"


def install_extensions() -> None:
    """Add the Doc extensions once; a second import must not overwrite them."""
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def cue_words(values: Any) -> set[str]:
    """A cue list from `kg/data/cues.json` as a set of case-folded words (empty when absent)."""
    return {str(v).casefold() for v in (values or [])}


#: the cue lists of nouns that describe a person by role
ROLE_NOUN_KEYS = ("athlete_role_nouns", "coach_role_nouns", "leader_role_nouns", "member_role_nouns")


def role_nouns(cues: dict[str, Any]) -> set[str]:
    """Every person-role noun in the cues ("player", "head coach", "president", "official")."""
    return set().union(*(cue_words(cues.get(key)) for key in ROLE_NOUN_KEYS))


def verb_forms(lemmas: Iterable[str]) -> dict[str, str]:
    """Inflected form → cue lemma for one-word verbs: "fined", "fines", "fining" → "fine".

    spaCy's lemmatiser misses some sports verbs ("fined" → "fin"), so cues are
    matched on the surface form as well as on the lemma.
    """
    forms: dict[str, str] = {}
    for lemma in lemmas:
        if " " in lemma:
            continue
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        candidates = {lemma, lemma + "s", lemma + "es", stem + "ed", stem + "ing", lemma + "ed"}
        if lemma.endswith("y"):
            candidates |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
        if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou":
            candidates |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
        for form in candidates:
            forms.setdefault(form, lemma)
    for lemma in lemmas:
        forms[lemma] = lemma
    return forms


def verb_lemma(token: Token, forms: dict[str, str]) -> str | None:
    """The cue lemma `token` inflects, by its lemma first and then by its surface form."""
    return forms.get(token.lemma_.casefold()) or forms.get(token.lower_)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The matching form of a name: accents off, case folded, punctuation to spaces.
    Cached: the components fold the same names again and again (a tenth of their time)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[’']s\b", "", text.casefold())
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


#: the grammatical gender of singular pronouns: one person is not both "he" and "she"
PRONOUN_GENDER = {
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
}  # fmt: skip


def first_name_gender(gazetteer: Gazetteer, doc: Doc, key: str) -> str | None:
    """ "m" or "f" from a person's first name (given_names.csv; "u" names and surnames alone
    tell nothing)."""
    words = entities(doc).get(key, {}).get("label", "").split()
    gender = gazetteer.given_name_gender(words[0]) if len(words) > 1 else None
    return gender if gender in ("m", "f") else None


def publication_year(doc: Doc) -> int | None:
    """The year of the article's date line, if it has one."""
    date = doc.user_data.get("kg_date")
    if isinstance(date, str) and len(date) >= 4 and date[:4].isdigit():
        return int(date[:4])
    return None


def is_abbreviation(word: str) -> bool:
    """ "KNRB", "ÖSV", "ETH-NADO", "R&A": capitals, perhaps joined by hyphens or ampersands."""
    parts = re.split(r"[-&]", word)
    return len(word) >= 2 and all(p.isalpha() and p.isupper() for p in parts)


def abbreviation_after(doc: Doc, i: int) -> Span | None:
    """The abbreviation in parentheses opening at token `i`: "(KNRB)", "(ETH-NADO)"."""
    if i + 2 >= len(doc) or doc[i].text != "(":
        return None
    close = next((j for j in range(i + 2, min(i + 6, len(doc))) if doc[j].text == ")"), None)
    if close is None or not is_abbreviation(doc[i + 1 : close].text):
        return None
    return doc[i + 1 : close]


def after_outlet_noun(span: Span, outlet_nouns: set[str]) -> bool:
    """ "state newspaper X", "the news agency X": one of the (case-folded) `outlet_nouns` right
    before; "..., a broadcaster, X" is no such case (the comma closes the apposition)."""
    doc = span.doc
    return span.start > 0 and any(
        doc[max(span.start - n, 0) : span.start].text.casefold() in outlet_nouns for n in (1, 2)
    )


def is_sport(entry: dict[str, Any] | None) -> bool:
    """A sport of the story's kind ("athletics"), not a race by distance ("60m hurdles") within one."""
    return bool(entry) and entry["cls"] == "Sport" and entry["attrs"].get("kind") != "discipline"  # type: ignore[index]


def entities(doc: Doc) -> dict[str, dict[str, Any]]:
    extensions = doc._  # a new object at each `doc._`: made once here
    table: dict[str, dict[str, Any]] | None = extensions.kg_entities
    if table is None:
        table = extensions.kg_entities = {}
    return table


def mentions(doc: Doc) -> list[dict[str, Any]]:
    extensions = doc._
    found: list[dict[str, Any]] | None = extensions.kg_mentions
    if found is None:
        found = extensions.kg_mentions = []
    return found


def add_entity(
    doc: Doc,
    key: str,
    cls: str,
    label: str,
    alias: str | None = None,
    attrs: dict[str, str] | None = None,
) -> str:
    """Register an entity on the doc (or refine it) and return its key.

    A more specific class wins (Athlete over Person, Team over Organization),
    so a later component can promote an entity it learns more about.
    """
    table = entities(doc)
    entry = table.get(key)
    if entry is None:
        entry = {"cls": cls, "label": label, "aliases": [], "attrs": {}}
        table[key] = entry
    elif SPECIFICITY.get(cls, 0) > SPECIFICITY.get(entry["cls"], 0):
        entry["cls"] = cls
    if alias and alias != entry["label"] and alias not in entry["aliases"]:
        entry["aliases"].append(alias)
    if attrs:
        entry["attrs"].update(attrs)
    return key


def set_class(doc: Doc, key: str, cls: str) -> None:
    entry = entities(doc).get(key)
    if entry is not None and SPECIFICITY.get(cls, 0) > SPECIFICITY.get(entry["cls"], 0):
        entry["cls"] = cls


def merge_into(doc: Doc, key: str, target: str) -> None:
    """Fold entity `key` into `target`: its names become aliases, its mentions point at `target`."""
    table = entities(doc)
    entry, kept = table.pop(key), table[target]
    for name in (entry["label"], *entry["aliases"]):
        if name != kept["label"] and name not in kept["aliases"]:
            kept["aliases"].append(name)
    for mention in mentions(doc):
        mention["keys"] = list(dict.fromkeys(target if k == key else k for k in mention["keys"]))


def contains_words(longer: list[str], shorter: list[str]) -> bool:
    """True when every word of a shorter name appears, in order, in a longer one."""
    if len(shorter) >= len(longer):
        return False
    it = iter(longer)
    return all(word in it for word in shorter)


def retype(doc: Doc, key: str, cls: str) -> None:
    """Change an entity's class outright, when the syntax shows the guess was wrong.

    `set_class` only refines; this is for a NER guess that a later rule
    contradicts ("plays for Everton": Everton is a team, not a person).
    """
    entry = entities(doc).get(key)
    if entry is None:
        return
    entry["cls"] = cls
    for mention in mentions(doc):
        if key in mention["keys"] and len(mention["keys"]) == 1:
            mention["cls"] = cls


def add_mention(
    doc: Doc, start: int, end: int, keys: list[str], cls: str, kind: str = "name"
) -> dict[str, Any]:
    mention = {
        "start": start,
        "end": end,
        "keys": list(keys),
        "cls": cls,
        "text": doc[start:end].text,
        "kind": kind,
    }
    mentions(doc).append(mention)
    return mention


class MentionIndex:
    """Token → the entity keys it stands for, through names, aliases and coreference."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.table = entities(doc)  # read once: a Doc extension lookup is slow, and the dict is shared
        self.by_token: dict[int, list[dict[str, Any]]] = {}
        for mention in mentions(doc):
            for i in range(mention["start"], mention["end"]):
                self.by_token.setdefault(i, []).append(mention)

    def at(self, token: Token) -> list[dict[str, Any]]:
        return self.by_token.get(token.i, [])

    def keys(self, token: Token, cls: Iterable[str] | None = None) -> list[str]:
        """Keys of the mentions covering `token`, narrowest mention first, filtered by class."""
        covering = self.by_token.get(token.i)
        if not covering:
            return []
        wanted = set(cls) if cls is not None else None
        found: list[str] = []
        for mention in sorted(covering, key=lambda m: m["end"] - m["start"]):
            if wanted is not None and not wanted & {self.cls_of(k) for k in mention["keys"]}:
                continue
            for key in mention["keys"]:
                if key not in found and (wanted is None or self.cls_of(key) in wanted):
                    found.append(key)
            if found:
                break
        return found

    def cls_of(self, key: str) -> str:
        entry = self.table.get(key)
        return entry["cls"] if entry else ""

    def phrase_keys(self, head: Token, cls: Iterable[str] | None = None) -> list[str]:
        """Keys for the noun phrase headed by `head`: the head itself, else its name parts."""
        keys = self.keys(head, cls)
        if keys and head.pos_ == "NOUN" and all(k.startswith("Sport:") for k in keys):
            # "the sprinter X": the practitioner's noun names the sport, its apposition the person
            named = [
                k for c in head.children if c.dep_ == "appos" and c.i > head.i for k in self.keys(c, cls)
            ]
            keys = named or keys
        if keys:
            return keys
        # "a third player, the goalkeeper X": a description named by apposition; before its
        # modifiers, which name something else ("former Wimbledon champion, X")
        if head.pos_ == "NOUN":
            for child in head.children:
                if child.dep_ == "appos" and child.i > head.i:
                    keys = [k for k in self.phrase_keys(child, cls) if not k.startswith("Sport:")]
                    if not keys and child.pos_ == "NOUN":  # "the goalkeeper X": one level further
                        keys = [
                            k
                            for grandchild in child.children
                            if grandchild.dep_ == "appos"
                            for k in self.phrase_keys(grandchild, cls)
                        ]
                    if keys:
                        return keys
        for child in head.children:
            if child.dep_ in ("compound", "flat", "appos", "nmod") and child.i < head.i:
                keys = self.keys(child, cls)
                if keys:
                    return keys
        return []


def apposed_name(noun: Token) -> Token:
    """The name a singular appositive describes: the one just before its comma. After a list
    ("A, B and C, the world bronze medallist") that is the last name however the parser hangs it;
    "A, the Olympic champion, and B" describes A."""
    named = noun.head
    if noun.dep_ != "appos" or noun.tag_ != "NN" or noun.left_edge.i < 2:
        return named
    before = noun.doc[noun.left_edge.i - 1]
    if before.text == ",":
        before = noun.doc[before.i - 1]
    return before if before.pos_ == "PROPN" and before.i > named.i and before in set(named.subtree) else named


def subjects_of(verb: Token, index: MentionIndex, passive: bool = False) -> list[str]:
    """Entity keys of a verb's subjects, through relative pronouns, conjoined verbs and coreference.

    "X and Y, who won silver": the relative clause's subject is its antecedent;
    "X won and then retired": a conjoined verb without a subject shares the first one's.
    With `passive`, the passive subject is wanted ("X was banned").
    """
    deps = ("nsubjpass",) if passive else ("nsubj",)
    found: list[str] = []
    heads = [verb]
    node = verb
    while node.dep_ == "conj" and not any(c.dep_.startswith("nsubj") for c in node.children):
        node = node.head
        heads.append(node)
    for n, head in enumerate(heads):
        # a subject shared from an earlier conjunct keeps its referent whatever the voice:
        # "X was cleared and will not face a ban"
        wanted = deps if n == 0 else ("nsubj", "nsubjpass")
        for child in head.children:
            if child.dep_ in wanted:
                tok = child
                if child.tag_ in ("WP", "WDT") and head.dep_ == "relcl":
                    tok = antecedent(head.head, personal=child.lower_ in ("who", "whom"))
                for member in [tok, *tok.conjuncts]:
                    found += [k for k in index.phrase_keys(member) if k not in found]
        if not passive and head.dep_ in ("acl", "relcl") and head.tag_ in ("VBG",):
            found += [k for k in index.phrase_keys(head.head) if k not in found]
        # "athletes banned for ...", "the suspended X"
        if passive and head.dep_ in ("acl", "amod") and head.tag_ == "VBN":
            described = head.head
            while described.dep_ == "compound":  # "banned American sprinter X"
                described = described.head
            found += [k for k in index.phrase_keys(described) if k not in found]
        # "the second player to be sent off", "the first woman to win it": an infinitive
        # clause with no subject of its own is about the noun it describes
        if (
            head.dep_ in ("acl", "relcl")
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children)
            and not any(c.dep_.startswith("nsubj") for c in head.children)
        ):
            found += [k for k in index.phrase_keys(head.head) if k not in found]
    # "X won gold, two days after taking bronze": a subjectless adverbial or
    # complement clause shares its governing verb's subject
    top = heads[-1]
    if (
        not found
        and not passive
        and top.dep_ in ("advcl", "xcomp", "pcomp")
        # "having played for X, he ..." is a perfect participle clause
        and (top.tag_ in ("VBG", "VB") or any(c.lower_ == "having" for c in top.children))
        and not any(c.dep_.startswith("nsubj") for c in top.children)
    ):
        governor = top.head.head if top.dep_ == "pcomp" else top.head
        if governor.dep_ == "acomp":  # "X is eager to compete": the clause's subject is X
            governor = governor.head
        if governor.pos_ in ("VERB", "AUX"):
            found = subjects_of(governor, index)
        elif governor.pos_ in ("NOUN", "PROPN") and top.dep_ == "pcomp":
            # "X, a national hero after winning gold" (or the parse hangs "after" on X): the one
            # the noun names or the apposition describes
            found = index.phrase_keys(governor.head if governor.dep_ == "appos" else governor)
    # "X has been out of the game since being sacked", "after being banned, X ...": a subjectless
    # passive gerund clause is about its governing clause's subject
    if (
        not found
        and passive
        and top.dep_ in ("advcl", "pcomp")
        and any(c.dep_ == "auxpass" and c.lower_ == "being" for c in top.children)
        and not any(c.dep_.startswith("nsubj") for c in top.children)
    ):
        governor = top.head.head if top.dep_ == "pcomp" else top.head
        if governor.pos_ in ("VERB", "AUX"):
            found = subjects_of(governor, index) or subjects_of(governor, index, passive=True)
    return found


#: NER labels of places, which a personal "who" cannot stand for
PLACE_TYPES = ("GPE", "LOC", "NORP", "FAC")


def antecedent(noun: Token, personal: bool = False) -> Token:
    """What a relative clause's noun stands for: "X is a footballer who plays ..." → X.

    A predicate noun ("is a footballer") or an apposition ("X, a footballer who
    ...") names nobody itself; the clause is about the copula's subject or the
    apposition's head. A "who" the parser hangs on a place ("a footballer from
    Argentina who played ...") is about the person that place is said of.
    """
    if personal and noun.dep_ == "pobj" and noun.ent_type_ in PLACE_TYPES and noun.head.dep_ == "prep":
        holder = noun.head.head
        if holder.pos_ in ("NOUN", "PROPN"):
            return antecedent(holder)
        if holder.lemma_ in ("be", "become", "remain"):
            subjects = [c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects:
                return subjects[0]
    if noun.dep_ in ("attr", "oprd") and noun.head.lemma_ in ("be", "become", "remain"):
        subjects = [c for c in noun.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return subjects[0]
    if noun.dep_ == "appos" and noun.pos_ == "NOUN":
        return noun.head
    return noun


def national_teams(doc: Doc) -> dict[str, list[str]]:
    """Nation key → the keys of the teams of that nation the article names (its age-group sides,
    such as "England under-21 football team", aside)."""
    found: dict[str, list[str]] = {}
    for key, entry in entities(doc).items():
        nation = entry.get("attrs", {}).get("nation")
        if entry.get("cls") == "Team" and nation and not entry["attrs"].get("age"):
            found.setdefault(f"Nation:{nation}", []).append(key)
    return found


#: kind words that any team answers to
TEAM_WORDS = ("club", "team", "side", "squad")
#: kind words that any federation answers to when no name holds them ("Sri Lanka Cricket ... the board")
BODY_WORDS = ("board", "federation", "association", "union", "organisation", "organization")


def described_outlet(entry: dict[str, Any]) -> bool:
    """An organisation the text itself calls a newspaper, broadcaster or news agency."""
    return bool(entry.get("attrs", {}).get("kind") == "outlet")


def recent_org(doc: Doc, before: int, kind: str | None, is_outlet: Any = None) -> str | None:
    """The organisation mentioned last before token `before` (else first after it), of a kind.

    "its president", "the federation", "the club": a kind word matches an
    organisation whose name contains it; "club", "team", "side" and "squad"
    also match any team, and "board" or "federation" any federation when no
    name holds the word. News outlets (by `is_outlet`) never match.
    """
    found: list[tuple[int, str]] = []
    teams: list[tuple[int, str]] = []
    bodies: list[tuple[int, str]] = []
    for mention in mentions(doc):
        for key in mention["keys"]:
            entry = entities(doc).get(key)
            if entry is None or entry["cls"] not in ("Organization", "Team"):
                continue
            if is_outlet is not None and (is_outlet(entry["label"]) or described_outlet(entry)):
                continue
            if kind in TEAM_WORDS and entry["cls"] == "Team":
                teams.append((mention["start"], key))
            elif kind is None or kind in entry["label"].casefold():
                found.append((mention["start"], key))
            elif kind in BODY_WORDS and entry.get("attrs", {}).get("kind") == "federation":
                bodies.append((mention["start"], key))
    # "the club" is a team before it is a body named with the word ("Club Financial Control Body")
    found = teams or found or bodies
    earlier = [f for f in found if f[0] < before]
    if earlier:
        return max(earlier)[1]
    later = [f for f in found if f[0] > before]
    return min(later)[1] if later else None


def club_word(token: Token) -> bool:
    """A word of a club's name: "Newcastle", "ŠK", "1904" (in "FK DAC 1904")."""
    return token.tag_ in ("NNP", "NNPS", "CD") and (token.is_title or token.is_upper or token.is_digit)


def names_after(noun: Token) -> list[Token]:
    """Heads of the names right after a noun and listed with them: "sides Jarrow and Whitley Bay"."""
    doc = noun.doc
    if noun.i + 1 >= len(doc) or not club_word(doc[noun.i + 1]):
        return []
    head = doc[noun.i + 1]
    while head.head.i > head.i and club_word(head.head):
        head = head.head
    return [head, *head.conjuncts]


def name_run(token: Token) -> Span:
    """The name around a token: its NER entity, or the run of name words it sits in."""
    doc = token.doc
    start = end = token.i
    while start > token.sent.start and club_word(doc[start - 1]):
        start -= 1
    while end + 1 < token.sent.end and club_word(doc[end + 1]):
        end += 1
    if token.ent_type_:
        ent = next(e for e in doc.ents if e.start <= token.i < e.end)
        start, end = min(start, ent.start), max(end, ent.end - 1)
    return doc[start : end + 1]


def conjuncts(token: Token) -> list[Token]:
    """The token and every token coordinated with it ("X and Y", "X, Y and Z")."""
    return [token, *token.conjuncts]


def span_of(tokens: Iterable[Token]) -> tuple[int, int]:
    items = list(tokens)
    return min(t.i for t in items), max(t.i for t in items) + 1


def sentence_tokens(span: Span) -> Iterator[Token]:
    return iter(span)
