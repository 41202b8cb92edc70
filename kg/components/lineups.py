"""kg_lineups: the team sheets at the foot of a match report, and squads named for a championship.

A match report ends with each side's line-up: a list of names, sometimes led by
the side's name ("Rovers: Smith, Jones (Brown 70), ... Subs not used: Green"),
sometimes not (then the home side comes first, as in the title "Rovers 2-1
City" or "Rovers v City", else in the order the report names the two sides).
Every name there is a player of that side; those who started or came on took
part in the match, those on the bench unused did not; "(capt)" leads the side.

The parser and NER make little of such lists ("Smith, Jones" as one
organisation, a surname as a place), so this component reads them by shape
from the text, replaces what earlier components made of them with one mention
per player, and links a surname to the full name the report gave earlier.

A squad named for a championship is listed the same way over short paragraphs,
each name with its club in brackets, sometimes after an event's label ("60m: T
Ray (Fjordby AC), J Lake (Tromso AC)."): its athletes are the national side's,
selected but not yet seen to compete.

The report's last line may name the referee with his county ("G Dale (Kent).",
"Att: 38,153 Ref: G Dale (Kent)."): a person, linked to the name the report gave,
whose county is no one.

What it finds, per player: `memberOf` the side, `leaderOf` for a captain, and
the `lineup` attribute (`started`, `came on` or `unused`) that kg_infer reads to
give participation in the story's competition to those who played only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from kg.components.doc_data import (
    add_entity,
    add_mention,
    entities,
    fold,
    install_extensions,
    is_sport,
    mentions,
    merge_into,
    national_teams,
    retype,
    set_class,
)
from kg.gazetteer import Gazetteer, load_gazetteer

#: a line-up lists at least this many names
MIN_PLAYERS = 8
#: a name in a team sheet: capitalised words, particles and initials, at most five words
#: the lowercase particles of surnames ("van Aalst", "del Rivo", "dos Ramos")
_PARTICLES = "van|von|de|der|den|da|dos|das|do|di|del|dal|della|dello|delle|dei|du|le|la|el|al|ten|ter"
_WORD = rf"(?:[A-Z][\w'’.-]*|{_PARTICLES}|O'[A-Z][\w'-]*)"
_NAME = rf"{_WORD}(?:[ -]{_WORD}){{0,4}}"
_NAME_RE = re.compile(rf"^{_NAME}$")
#: a club's name in brackets after a player's: "Bergen", "Wessex and Bath", "City of Leeds AC"
_CLUB_RE = re.compile(rf"^{_WORD}(?:(?:[ -]|, )(?:{_WORD}|and|with|of|on|upon|the|&)){{0,7}}$")
#: "(Moe 82)", "(Tom van Strand 83)", "(Dahl 45+2)": the player who came on
_SUB_RE = re.compile(rf"\(\s*({_NAME})\s+\d{{1,3}}(?:\+\d+)?\s*\)")
_BRACKET_RE = re.compile(r"\(([^()]*)\)?")
_CAPTAIN_RE = re.compile(r"\(\s*(?:capt|c|captain)\.?\s*\)|,\s*(?:capt|c|captain)\.?\s*(?=\))", re.IGNORECASE)
#: "Rovers:", "Subs Not Used:" — a label that opens a segment of a team sheet
_LABEL_RE = re.compile(r"(?:^|(?<=[.\s]))([A-Z][\w'’&]*(?: [A-Za-z][\w'’&]*){0,4})(?: \([a-z]+\))?:\s+")
#: a sheet's initials before a surname: "T", "CA", "J-P", "T."
#: an event's label before names in a squad list, "60m: ", "4x400m relay: "
_EVENT_LABEL_RE = re.compile(r"(?:^|(?<=[.,;]\s))\d[\w.]*(?: [a-z]+)?:\s+")
_INITIALS_RE = re.compile(r"^[A-Z]{1,3}\.?$|^[A-Z]\.?-[A-Z]\.?$")
#: the title's "A 2-1 B", "A v B", "A vs B"
#: what splits a list into items, and the brackets that keep a comma inside one
_ITEM_MARKS_RE = re.compile(r"[(),;]")
#: the official's line at a sheet's foot: "G Dale (Kent).", "Ref: T Moe (W Yorkshire)"
_OFFICIAL_RE = re.compile(
    r"^\s*((?:[A-Z]{1,2}\.? ){1,2}[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?) \(([A-Z][^()]*)\)\.?\s*$"
)
_FIXTURE_RE = re.compile(r"^\s*(.+?)\s+(?:\d{1,3}\s*-\s*\d{1,3}|v|vs\.?)\s+(.+?)\s*(?:\([^()]*\))?\s*$")


def _items(text: str) -> list[tuple[int, str]]:
    """(start, item) pieces of `text` split at commas and semicolons outside brackets."""
    items, depth, start = [], 0, 0
    for mark in _ITEM_MARKS_RE.finditer(text):  # the only characters that matter, not every one
        ch = mark.group()
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth <= 0:
            items.append((start, text[start : mark.start()]))
            start, depth = mark.end(), 0
    items.append((start, text[start:]))
    return items


@dataclass
class Player:
    name: str
    start: int  # character offsets in the doc text
    end: int
    status: str  # "started", "came on", "unused" or "squad" (a bench whose use the sheet does not say)
    captain: bool = False
    clubs: list[tuple[str, int]] = field(default_factory=list)  # bracketed after the name, with offsets


@dataclass
class TeamSheet:
    label: str | None  # the side's name as the sheet gives it, if it does
    start: int
    players: list[Player] = field(default_factory=list)
    selection: bool = False  # a squad named for a championship, over short paragraphs

    @property
    def span(self) -> tuple[int, int]:
        """Character offsets from the sheet's start to its last name."""
        return self.start, max(p.end for p in self.players)

    @property
    def parts(self) -> list[tuple[int, int]]:
        """What the sheet covers: all of it, or a squad's names and their bracketed clubs, not the
        text between its paragraphs and events ("Pole vault: ")."""
        if not self.selection:
            return [self.span]
        return [(p.start, max((at + len(c) for c, at in p.clubs), default=p.end)) for p in self.players]


class LineupReader:
    def __init__(self, gazetteer: Gazetteer, name: str) -> None:
        install_extensions()
        self.name = name
        cues = gazetteer.cues
        self.unused_labels = {fold(w) for w in cues.get("lineup_unused_labels", [])}
        self.bench_labels = {fold(w) for w in cues.get("lineup_bench_labels", [])}
        self.other_labels = {fold(w) for w in cues.get("lineup_other_labels", [])}
        self.group_labels = {fold(w) for w in cues.get("lineup_group_labels", [])}
        self.official_labels = {fold(w) for w in cues.get("lineup_official_labels", [])}
        self.away_cues = [fold(w) for w in cues.get("away_side_cues", [])]
        self.home_cues = [fold(w) for w in cues.get("home_side_cues", [])]
        self.gazetteer = gazetteer

    def __call__(self, doc: Doc) -> Doc:
        if doc._.kg_mentions is None:
            return doc
        if doc._.kg_relations is None:
            doc._.kg_relations = []
        sheets = self.team_sheets(doc.text)
        if len(sheets) < 1:
            return doc
        teams = self._teams(doc, sheets)
        spans = [part for s in sheets for part in s.parts]
        self._clear(doc, spans)
        for sheet, team in zip(sheets, teams, strict=True):
            if sheet.label and team is not None:  # "Rovers: ..." names the side it lists
                at = doc.text.rfind(sheet.label, 0, sheet.start)
                span = doc.char_span(at, at + len(sheet.label), alignment_mode="expand") if at >= 0 else None
                if span is not None:
                    add_mention(doc, span.start, span.end, [team], entities(doc)[team]["cls"])
            for player in sheet.players:
                self._add_player(doc, player, team)
        # "Att: 47,111 Ref: ...": the labels after the sheets are no names
        self._clear(doc, self.other_label_spans(doc.text, sheets[0].start))
        for start, end in self.officials(doc.text, sheets[-1]):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            self._clear(doc, [(start, doc.text.find(")", end) + 1)])
            key = self._person(doc, span.text, "Person")  # "referee Tom Moe" in the report
            entities(doc)[key]["attrs"].setdefault("role", "official")
            add_mention(doc, span.start, span.end, [key], entities(doc)[key]["cls"])
        return doc

    def other_label_spans(self, text: str, after: int) -> list[tuple[int, int]]:
        """Where the labels of what is no team sheet ("Att:", "Ref:", "Booked:") are, from `after` on."""
        found: list[tuple[int, int]] = []
        labels = self.other_labels | self.official_labels
        offset = 0
        for paragraph in text.split("\n"):
            if offset + len(paragraph) > after:
                for match in _LABEL_RE.finditer(paragraph):
                    if fold(match.group(1)) in labels:
                        found.append((offset + match.start(1), offset + match.end(1)))
            offset += len(paragraph) + 1
        return found

    def officials(self, text: str, last: TeamSheet) -> list[tuple[int, int]]:
        """Where the referee's name is at the foot of a match report: its last paragraph, after
        the last sheet, when that is one name with a county or country in brackets ("G Dale
        (Kent).") or has it after a label such as "Ref:" (cue `lineup_official_labels`). A squad
        listed one athlete a paragraph ("K Vik (Bergen AC).") has none."""
        paragraph = text.rstrip()
        start = paragraph.rfind("\n") + 1
        paragraph = paragraph[start:]
        if last.selection or start + len(paragraph) <= last.start:
            return []
        pieces = [("", 0, paragraph)] + [
            p for p in self._segments(paragraph) if fold(p[0]) in self.official_labels
        ]
        return [
            (start + at + match.start(1), start + at + match.end(1))
            for _, at, body in pieces
            if (match := _OFFICIAL_RE.match(body))
        ]

    # reading the sheets from the text

    def team_sheets(self, text: str) -> list[TeamSheet]:
        """Every team sheet in `text`, in order, with its players."""
        sheets: list[TeamSheet] = []
        offset = 0
        after_sheet = False  # the last paragraph with text was a sheet or its bench
        selection: TeamSheet | None = None  # a squad listed over consecutive paragraphs
        for paragraph in text.split("\n"):
            found = self._paragraph_sheets(paragraph, offset, sheets)
            if found:
                sheets += found
                after_sheet, selection = True, None
            elif paragraph.strip():
                bench = self._bench(paragraph, offset) if after_sheet and sheets else []
                if bench:
                    sheets[-1].players.extend(bench)
                after_sheet = bool(bench)
                selected = [] if bench else self._selected(paragraph, offset)
                if selected and selection is None:
                    selection = TeamSheet(None, selected[0].start, selection=True)
                    sheets.append(selection)
                if selected and selection is not None:
                    selection.players += selected
                else:
                    selection = None
            offset += len(paragraph) + 1
        return [s for s in sheets if sum(p.status != "unused" for p in s.players) >= MIN_PLAYERS]

    def _bench(self, paragraph: str, offset: int) -> list[Player]:
        """An unlabelled list of names right after a sheet: its replacements ("R Moss, T Dahl,
        ..."), whose use the list does not say, each with a club in brackets or none. Only names,
        three or more: a referee's line ("A Smith (Norway)") or a sentence is no bench."""
        items = [item for _, item in _items(paragraph.rstrip().rstrip("."))]
        players = self._players(paragraph.rstrip().rstrip("."), offset)
        clubbed = sum(bool(p.clubs) for p in players)
        if len(players) < 3 or len(players) != len(items) or 0 < clubbed < len(players):
            return []
        return [replace(p, status="squad", captain=False) for p in players]

    def _selected(self, paragraph: str, offset: int) -> list[Player]:
        """A paragraph of a squad named for a championship: only names, each with a club in
        brackets, perhaps after an event's label ("60m: T Ray (Fjordby AC), J Lake (Tromso AC).",
        "Pole vault: N Vik (Bergen AC)."). Its runners are selected, not yet seen to compete."""
        body = _EVENT_LABEL_RE.sub(lambda m: " " * len(m.group(0)), paragraph.rstrip())
        body = re.sub(r"\)\.(?= [A-Z])", "),", body)  # "A (X AC). B (Y AC).": one list
        found: list[Player] = []
        for label, start, segment in self._segments(body):
            if label and self.gazetteer.sport(label) is None:
                return []  # a side's name, or prose: not a squad's event
            segment = segment.rstrip().rstrip(".,")  # "A (X AC), Pole vault: B (Y AC)" ends one at ","
            items = [item for _, item in _items(segment)]
            players = self._players(segment, offset + start)
            if not players or len(players) != len(items) or not all(p.clubs for p in players):
                return []
            found += [replace(p, status="squad", captain=False) for p in players]
        return found

    def _paragraph_sheets(self, paragraph: str, offset: int, before: list[TeamSheet]) -> list[TeamSheet]:
        found: list[TeamSheet] = []
        for label, start, body in self._segments(paragraph):
            kind = fold(label) if label else ""
            players = self._players(body, offset + start)
            if kind in self.other_labels:
                continue
            if kind in self.group_labels:
                # "Backs: A (X), B (Y) Forwards: C (Z)": one side's squad in position groups, named
                # for a match to come or a training camp: selected, not yet seen to play
                chosen = [replace(p, status="squad") for p in players]
                if found and found[-1].selection and found[-1].label is None:
                    found[-1].players += chosen
                elif chosen:
                    found.append(TeamSheet(None, offset + start, chosen, selection=True))
                continue
            if kind in self.unused_labels or kind in self.bench_labels:
                current = (found or before)[-1] if (found or before) else None
                if current is not None:
                    status = "unused" if kind in self.unused_labels else "squad"
                    current.players += [replace(p, status=status, captain=False) for p in players]
                continue
            if len(players) >= MIN_PLAYERS and sum(p.status == "started" for p in players) >= MIN_PLAYERS - 2:
                found.append(TeamSheet(label or None, offset + start, players))
        return found

    def _segments(self, paragraph: str) -> list[tuple[str, int, str]]:
        """(label, start, body) pieces of a paragraph: the text before any label, then each
        "Label: body" run up to the next label."""
        labels = list(_LABEL_RE.finditer(paragraph))
        ends = [m.start() for m in labels[1:]] + [len(paragraph)] * bool(labels)
        pieces = [("", 0, paragraph[: labels[0].start() if labels else len(paragraph)])]
        pieces += [
            (m.group(1), m.end(), paragraph[m.end() : end]) for m, end in zip(labels, ends, strict=True)
        ]
        return [p for p in pieces if p[2].strip()]

    def _players(self, body: str, offset: int) -> list[Player]:
        """The names of one segment, ", " or "; " separated: "(capt)", "(Sub 70)" and a club or
        country in brackets after a name ("T Strand (Bergen)", "P Dahl (Norway, capt)") read."""
        players: list[Player] = []
        items = _items(body.rstrip().rstrip("."))
        misfits = 0  # items that are no name: a typo or two in a sheet, but prose is no sheet
        for start, item in items:
            for sub in _SUB_RE.finditer(item):
                at = offset + start
                players.append(Player(sub.group(1), at + sub.start(1), at + sub.end(1), "came on"))
            captain = bool(_CAPTAIN_RE.search(item))
            head = _SUB_RE.sub("", _CAPTAIN_RE.sub("", item))
            clubs = []
            for bracket in _BRACKET_RE.finditer(head):
                # "(Bergen, capt)" lists; "(Oslo, Baerum and Asker Harriers)" is one club's name
                inner = bracket.group(1)
                for part in [inner] if " and " in inner else inner.split(","):
                    part = part.strip()
                    if part and _CLUB_RE.match(part):
                        at = offset + start + bracket.start(1) + bracket.group(1).index(part)
                        clubs.append((part, at))
            head = _BRACKET_RE.sub("", head).strip(" )")  # "J Lunde Tromso)": a bracket half-typed
            for part in head.split("/"):  # "W Smith/B Jones": a replacement for either
                part = part.strip()
                if not part or not _NAME_RE.match(part) or self.gazetteer.nation(part) is not None:
                    if part and not _NAME_RE.match(part):
                        misfits += 1
                        if misfits > max(1, len(items) // 5):
                            return players if len(players) >= MIN_PLAYERS else []
                    continue
                at = offset + start + item.index(part)
                players.append(Player(part, at, at + len(part), "started", captain, clubs))
        return players

    # which side each sheet is

    def _names(self, doc: Doc) -> dict[str, str]:
        """Folded name → key of every team, organisation and nation the doc knows."""
        table = entities(doc)
        by_name: dict[str, str] = {}
        for key, entry in table.items():
            if entry["cls"] in ("Team", "Organization", "Nation"):
                for name in (entry["label"], *entry["aliases"]):
                    by_name.setdefault(fold(name), key)
        return by_name

    def _teams(self, doc: Doc, sheets: list[TeamSheet]) -> list[str | None]:
        by_name = self._names(doc)
        chosen: list[str | None] = []
        for sheet in sheets:
            chosen.append(self._side(doc, sheet.label, by_name) if sheet.label else None)
        unlabelled = [i for i, key in enumerate(chosen) if key is None]
        if unlabelled:
            # a club in a player's brackets is their own club, not a side the sheets list
            clubs = {by_name.get(fold(c)) for i in unlabelled for p in sheets[i].players for c, _ in p.clubs}
            order = [k for k in self._fixture(doc, by_name, sheets, clubs) if k not in chosen]
            titled = _FIXTURE_RE.match(doc.text.split("\n", 1)[0]) is not None
            if len(unlabelled) == 2 and len(order) == 2 and not titled:
                venue = self._home_first(doc, order)
                order = venue or self._by_players(doc, [sheets[i] for i in unlabelled], order)
            squad = not titled and all(any(p.clubs for p in sheets[i].players) for i in unlabelled)
            if squad and len(order) == 1:
                order *= len(unlabelled)  # a squad listed in several paragraphs, every player a club's
            for i, key in zip(unlabelled, order, strict=False):
                chosen[i] = key
        return chosen

    def _home_first(self, doc: Doc, order: list[str]) -> list[str] | None:
        """The two sides home first when the report says where one played: "Wales secured their
        first away win" (cue `away_side_cues`: the subject side was away), "a home win" (the
        subject was at home). None when it does not say."""
        teams = national_teams(doc)  # "Wales" in the report names the side "Wales team" too
        for mention in mentions(doc):
            keys = [t for k in mention["keys"] for t in [k, *teams.get(k, [])]]
            side = next((k for k in keys if k in order), None)
            head = doc[mention["end"] - 1]
            if side is None or not head.dep_.startswith("nsubj"):
                continue
            clause = fold(doc[head.i : head.sent.end].text)
            other = order[1] if side == order[0] else order[0]
            if any(f" {cue}" in f" {clause}" for cue in self.away_cues):
                return [other, side]
            if any(f" {cue}" in f" {clause}" for cue in self.home_cues):
                return [side, other]
        return None

    def _by_players(self, doc: Doc, pair: list[TeamSheet], order: list[str]) -> list[str]:
        """The two sides the other way round when the report ties more of the sheets' players to
        them that way ("Rovers keeper Smith" puts Smith's sheet with Rovers): the order the report
        names the sides in is only a guess at which is at home."""
        spans = [s.span for s in pair]
        surnames = [{fold(p.name).split()[-1] for p in sheet.players} for sheet in pair]
        votes = [[0, 0], [0, 0]]  # votes[sheet][side]
        teams = national_teams(doc)  # "Wales" in the report names the side "Wales team" too
        for mention in mentions(doc):
            keys = [t for k in mention["keys"] for t in [k, *teams.get(k, [])]]
            sides = [order.index(k) for k in keys if k in order]
            start = doc[mention["start"]].idx
            if not sides or any(a <= start < b for a, b in spans):
                continue
            # "Rovers keeper Smith": a name right after the side; "A, B and C scored for Rovers":
            # the subjects of the verb "for" the side hangs on
            near = []
            for token in doc[mention["end"] : mention["end"] + 4]:
                if token.is_punct or token.is_sent_start:
                    break
                if token.is_title:
                    near.append(token)
            if mention["start"] > 0 and doc[mention["start"] - 1].lower_ == "for":
                verb = doc[mention["start"] - 1].head
                near += [t for c in verb.children if c.dep_ == "nsubj" for t in c.subtree if t.is_title]
            words = {fold(t.text) for t in near}
            for n, names in enumerate(surnames):
                votes[n][sides[0]] += len(words & names)
        # "Exeter had chances of their own, Devine twice volleying wide": a sentence that names
        # one side only ties the sheets' players it names to that side
        named: dict[int, set[int]] = {}  # sentence start → the sides it names
        for mention in mentions(doc):
            keys = [t for k in mention["keys"] for t in [k, *teams.get(k, [])]]
            start = doc[mention["start"]].sent.start
            named.setdefault(start, set()).update(order.index(k) for k in keys if k in order)
        for sentence in doc.sents:
            only = named.get(sentence.start, set())
            if len(only) != 1 or any(a <= sentence.start_char < b for a, b in spans):
                continue
            words = {fold(t.text) for t in sentence if t.is_title}
            for n, names in enumerate(surnames):
                votes[n][next(iter(only))] += len(words & names)
        as_is, swapped = votes[0][0] + votes[1][1], votes[0][1] + votes[1][0]
        return order[::-1] if swapped >= as_is + 2 else order

    def _side(self, doc: Doc, label: str, by_name: dict[str, str]) -> str:
        """The team a sheet's label or a fixture's side names; a nation there is its national side."""
        key = by_name.get(fold(label))
        table = entities(doc)
        nation = self.gazetteer.nation(label)
        if key is not None and table[key]["cls"] != "Nation":
            if table[key]["cls"] == "Organization" and table[key]["attrs"].get("kind", "club") == "club":
                retype(doc, key, "Team")  # a side on a team sheet or in a fixture plays
            return key
        if nation is None:
            name = self.gazetteer.organization(label) or label
            return add_entity(doc, f"Team:{fold(name)}", "Team", name, alias=label)
        teams = national_teams(doc).get(f"Nation:{nation.iso3}")
        if teams:
            return teams[0]
        sports = [e["label"] for e in table.values() if is_sport(e)]
        name = f"{nation.label} {sports[0]} team" if len(sports) == 1 else f"{nation.label} team"
        attrs = {"nation": nation.iso3, **({"sport": sports[0]} if len(sports) == 1 else {})}
        return add_entity(doc, f"Team:{fold(name)}", "Team", name, attrs=attrs)

    def _fixture(
        self, doc: Doc, by_name: dict[str, str], sheets: list[TeamSheet], clubs: set[str | None]
    ) -> list[str]:
        """The two sides, home first: from a title "A 2-1 B" / "A v B", else the two sides the
        report names most (outside the sheets, whose bracketed clubs are the players' own, and
        none of those `clubs`), in the order it first names them; a nation counts as its national
        side."""
        title = doc.text.split("\n", 1)[0]
        match = _FIXTURE_RE.match(title)
        if match is not None and fold(match.group(1)) != fold(match.group(2)):
            # a fixture's two sides are teams, whatever NER made of them
            sides = []
            for group in (1, 2):
                side = self._side(doc, match.group(group), by_name)
                span = doc.char_span(match.start(group), match.end(group), alignment_mode="expand")
                if span is not None and not any(
                    side in m["keys"] for m in mentions(doc) if m["start"] == span.start
                ):
                    add_mention(doc, span.start, span.end, [side], entities(doc)[side]["cls"])
                sides.append(side)
            return sides
        table = entities(doc)
        spans = [s.span for s in sheets]
        first: dict[str, int] = {}
        counts: dict[str, int] = {}
        for mention in mentions(doc):
            start_char = doc[mention["start"]].idx
            if any(a <= start_char < b for a, b in spans):
                continue
            for key in mention["keys"][:1]:
                entry = table.get(key, {})
                if key in clubs:
                    continue
                if entry.get("cls") == "Team" or (entry.get("cls") == "Nation" and mention["kind"] == "name"):
                    counts[key] = counts.get(key, 0) + 1
                    if start_char >= len(title):
                        first.setdefault(key, start_char)
        two = sorted(counts, key=lambda k: -counts[k])[:2]
        ordered = sorted((k for k in two if k in first), key=lambda k: first[k])
        return [k if table[k]["cls"] != "Nation" else self._side(doc, table[k]["label"], {}) for k in ordered]

    # writing

    def _clear(self, doc: Doc, spans: list[tuple[int, int]]) -> None:
        """Drop what earlier components read into the sheets; entities left with no mention go too."""

        def inside(mention: dict[str, Any]) -> bool:
            start = doc[mention["start"]].idx
            return any(a <= start < b for a, b in spans)

        kept = [m for m in mentions(doc) if not inside(m)]
        gone = [m for m in mentions(doc) if inside(m)]
        doc._.kg_mentions = kept
        still = {k for m in kept for k in m["keys"]}
        table = entities(doc)
        for mention in gone:
            for key in mention["keys"]:
                # a club NER or a gazetteer found in a bracket ("Kell" of "Kell Harriers") goes too
                if (
                    key not in still
                    and key in table
                    and table[key]["cls"] in ("Person", "Organization", "Nation", "Team")
                    and not table[key]["attrs"].get("nation")
                ):
                    del table[key]

    def _add_player(self, doc: Doc, player: Player, team: str | None) -> None:
        key = self._person(doc, player.name)
        set_class(doc, key, "Athlete")
        entry = entities(doc)[key]
        rank = {"unused": 0, "squad": 1, "came on": 2, "started": 3}
        if (
            rank[player.status] > rank.get(entry["attrs"].get("lineup", "unused"), -1)
            or "lineup" not in entry["attrs"]
        ):
            entry["attrs"]["lineup"] = player.status
        span = doc.char_span(player.start, player.end, alignment_mode="expand")
        if span is not None:
            add_mention(doc, span.start, span.end, [key], "Athlete")
        for club, at in player.clubs:
            side = self._side(doc, club, self._names(doc))
            span = doc.char_span(at, at + len(club), alignment_mode="expand")
            if span is not None:
                add_mention(doc, span.start, span.end, [side], entities(doc)[side]["cls"])
            self._relation(doc, key, "memberOf", side, player, 0.85)
        if team is None:
            return
        if player.status in ("started", "came on"):
            entities(doc)[team]["attrs"]["lineup"] = "played"
        self._relation(doc, key, "memberOf", team, player, 0.9)
        if player.captain:
            self._relation(doc, key, "leaderOf", team, player, 0.85)

    def _person(self, doc: Doc, name: str, cls: str = "Athlete") -> str:
        """The person a team-sheet name stands for: the full name given earlier, or a new one."""
        table = entities(doc)
        words = fold(name).split()
        people = [k for k, e in table.items() if e["cls"] in ("Person", "Athlete")]
        exact = [k for k in people if fold(table[k]["label"]) == " ".join(words)]
        if exact:
            return exact[0]
        ending = [
            k
            for k in people
            if fold(table[k]["label"]).split()[-len(words) :] == words
            or any(fold(a).split() == words for a in table[k]["aliases"])
        ]
        if not ending and _INITIALS_RE.match(name.split()[0]) and len(words) > 1:
            # "T Strand" on the sheet, "Tom Strand" in the report: the surname and the initial agree
            surname, initial = words[1:], fold(name.split()[0])[0]
            ending = [
                k
                for k in people
                if len(label := fold(table[k]["label"]).split()) > len(surname)
                and label[-len(surname) :] == surname
                and label[0].startswith(initial)
                and not _INITIALS_RE.match(table[k]["label"].split()[0])
            ]
        if len(ending) == 1:
            add_entity(doc, ending[0], table[ending[0]]["cls"], table[ending[0]]["label"], alias=name)
            return ending[0]
        key = add_entity(doc, f"Person:{' '.join(words)}", cls, name)
        # the same name NER had made an organisation or a place in the report ("Smith" as ORG)
        for other, entry in list(table.items()):
            if (
                other != key
                and entry["cls"] in ("Organization", "Nation")
                and not entry["attrs"]
                and fold(entry["label"]) == " ".join(words)
            ):
                merge_into(doc, other, key)
        return key

    def _relation(
        self, doc: Doc, subject: str, predicate: str, obj: str, player: Player, confidence: float
    ) -> None:
        doc._.kg_relations.append(
            {
                "subject": subject,
                "predicate": predicate,
                "object": obj,
                "start": player.start,
                "end": player.end,
                "confidence": confidence,
                "component": self.name,
            }
        )


@Language.factory(
    "kg_lineups",
    requires=["doc._.kg_entities", "doc._.kg_mentions"],
    assigns=["doc._.kg_entities", "doc._.kg_mentions", "doc._.kg_relations"],
)
def make_lineup_reader(nlp: Language, name: str) -> LineupReader:
    return LineupReader(load_gazetteer(), name)
