"""kg_infer: relations that the contract's conventions derive from others.

- a medal's recipients took part in the event it was won at;
- the nation an athlete or a national team competed for took part too
  ("participatedIn: athletes and teams that competed at an event, and the
  nation they competed for"), except in a biography (`opens_biography`): an
  encyclopedic life of one person tells what that person entered, and names
  the nation as the person's, not as an entrant;
- a member of a national team has that nation's nationality.

And from the story as a whole, at a lower confidence (`context_discount`):

- the story's sport: when one sport dominates the article, its athletes and
  teams that have no sport of their own play it;
- the story's events: an athlete or national team named in a sentence that
  names an event took part in it (in the one named nearest, when the sentence
  names several), unless the sentence says otherwise ("would
  miss", "ahead of") or the event is still to come ("next month's X"); one
  left with no event took part in the story's main one, unless the text names
  more than `MAX_STORY_EVENTS` events or is a biography (a career, not a story);
- national teams: an athlete, captain or head coach of nation N belongs to the
  article's national team of N, and a captain or head coach leads it;
- the story's team: a player or coach of no stated nation and no team belongs
  to the team the article names most;
- team-mates: "X's team-mate Y" plays in the teams X plays in;
- team medals: a team's medal also goes to the players the article puts in it.

Each derived statement keeps the evidence of the statement it came from and a
lower confidence, and names this component, so it can be told apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.components.doc_data import (
    OPPONENTS_KEY,
    add_entity,
    cue_words,
    entities,
    fold,
    install_extensions,
    is_sport,
    mentions,
    national_teams,
)
from kg.gazetteer import load_gazetteer

#: a text naming more events than this is a career, not a story of one event: no "main" event
MAX_STORY_EVENTS = 4
#: roles (set by kg_relations' descriptions) of people who do not compete
NON_COMPETING = {"coach", "head coach", "leader", "official"}
#: team-sheet places (kg_lineups) of players who took part; "unused" and "squad" did not, or may not have
PLAYED = {"started", "came on", "played"}
#: auxiliaries of a fixture verb still to come: "to face", "will meet"
FUTURE_AUXILIARIES = {"to", "will", "'ll", "shall"}


class RelationInference:
    def __init__(self, name: str, discount: float, context_discount: float) -> None:
        install_extensions()
        self.name = name
        self.discount = discount
        self.context_discount = context_discount
        self.gazetteer = load_gazetteer()
        self.non_participation = cue_words(self.gazetteer.cues.get("non_participation_cues"))
        self.ambiguous_practitioners = cue_words(self.gazetteer.cues.get("ambiguous_practitioner_nouns"))
        self.club_competitions = {fold(c) for c in self.gazetteer.cues.get("club_competitions", [])}
        self.national_competitions = {fold(c) for c in self.gazetteer.cues.get("national_competitions", [])}
        self.upcoming_words = {fold(c) for c in self.gazetteer.cues.get("upcoming_event_words", [])}
        self.fixture_verbs = cue_words(self.gazetteer.cues.get("future_opponent_words"))
        self.selection_verbs = cue_words(self.gazetteer.cues.get("selection_verbs"))
        self.fixture_nouns = cue_words(self.gazetteer.cues.get("fixture_nouns"))
        #: "the team for Saturday's clash", "the line-up for their match": a side picked for a match
        self.selection_nouns = cue_words(self.gazetteer.cues.get("team_nouns")) | cue_words(
            self.gazetteer.cues.get("lineup_nouns")
        )

    def __call__(self, doc: Doc) -> Doc:
        if doc._.kg_relations is None or doc._.kg_mentions is None:
            return doc
        table = entities(doc)
        relations: list[dict[str, Any]] = doc._.kg_relations
        derived: list[dict[str, Any]] = []
        for event in doc._.kg_events or []:
            if event["type"] != "MedalAward":
                continue
            recipients = [v for r, v, _ in event["roles"] if r == "recipient"]
            places = [v for r, v, _ in event["roles"] if r == "atEvent"]
            start, end = event["spans"][0]
            for recipient in recipients:
                for place in places:
                    derived.append(
                        self._relation(recipient, "participatedIn", place, start, end, event["confidence"])
                    )
        biography = opens_biography(doc)
        derived += self._story(doc, relations, biography)
        known = relations + derived
        nationality: dict[str, list[dict[str, Any]]] = {}
        for rel in known:
            if rel["predicate"] == "nationality":
                nationality.setdefault(rel["subject"], []).append(rel)
        for rel in list(known):
            # a national team's players are its nation's; a coach of a stated nation ("Dutch head
            # coach X" of Pakistan's team) keeps that one
            role = table.get(rel["subject"], {}).get("attrs", {}).get("role")
            foreign = role in ("coach", "head coach") and rel["subject"] in nationality
            if rel["predicate"] == "memberOf" and not foreign:
                nation = table.get(rel["object"], {}).get("attrs", {}).get("nation")
                if nation and table.get(rel["object"], {}).get("cls") == "Team":
                    derived.append(self._from(rel, rel["subject"], "nationality", f"Nation:{nation}"))
        for rel in list(known):
            if rel["predicate"] != "participatedIn":
                continue
            subject = rel["subject"]
            nations = [n["object"] for n in nationality.get(subject, [])]
            nation = table.get(subject, {}).get("attrs", {}).get("nation")
            if nation and table[subject]["cls"] == "Team":
                nations.append(f"Nation:{nation}")
            if biography or not self._entered_by_nation(table.get(rel["object"], {})):
                continue  # a player's club match or open tournament does not enter his nation
            for n in dict.fromkeys(nations):
                derived.append(self._from(rel, n, "participatedIn", rel["object"]))
        seen = {(r["subject"], r["predicate"], r["object"]) for r in relations}
        for rel in derived:
            triple = (rel["subject"], rel["predicate"], rel["object"])
            if triple not in seen and rel["subject"] in table and rel["object"] in table:
                seen.add(triple)
                relations.append(rel)
        self._team_medals(doc, relations)
        return doc

    def _team_medals(self, doc: Doc, relations: list[dict[str, Any]]) -> None:
        """A team's medal is its players' too: "Argentina won gold" with "Argentina captain X" and
        "X scored twice for Las Leonas" makes X a recipient (coaches and officials are not). At a
        named event, only the members the article has taking part in it."""
        table = entities(doc)
        national = national_teams(doc)
        members: dict[str, list[str]] = {}
        for rel in relations:
            person = table.get(rel["subject"], {})
            if (
                rel["predicate"] == "memberOf"
                and person.get("cls") in ("Athlete", "Person")
                and person.get("attrs", {}).get("role") not in NON_COMPETING
            ):
                members.setdefault(rel["object"], []).append(rel["subject"])
        entered = {(r["subject"], r["object"]) for r in relations if r["predicate"] == "participatedIn"}
        for event in doc._.kg_events or []:
            if event["type"] != "MedalAward":
                continue
            recipients = [v for r, v, _ in event["roles"] if r == "recipient"]
            places = {v for r, v, _ in event["roles"] if r == "atEvent"}
            teams = [k for k in recipients if table.get(k, {}).get("cls") == "Team"]
            teams += [t for k in recipients if len(national.get(k, [])) == 1 for t in national[k]]
            for team in dict.fromkeys(teams):
                for member in members.get(team, []):
                    if places and not any((member, place) in entered for place in places):
                        continue  # "In her absence, the team won bronze": members who took part
                    if member not in recipients:
                        recipients.append(member)
                        event["roles"].append(["recipient", member, True])

    def _to_be_played(self, token: Token) -> bool:
        """Under a fixture verb still to come: "to face X in the opener", "will meet X at the Games";
        or what someone qualified or was picked for ("to qualify for the European Indoors")."""
        while token.dep_ in ("compound", "amod", "nmod", "det", "poss") and token.head != token:
            token = token.head  # the name's head noun: "the European Indoor Championships"
        head = token.head if token.dep_ == "pobj" else None
        if head is not None and head.lower_ == "for" and head.head.lemma_.casefold() in self.selection_verbs:
            return True
        return any(
            verb.lemma_.casefold() in self.fixture_verbs
            and any(c.dep_ == "aux" and c.lower_ in FUTURE_AUXILIARIES for c in verb.children)
            for verb in token.ancestors
            if verb.pos_ in ("VERB", "AUX")
        )

    def _picked_for(self, doc: Doc, start: int, end: int) -> bool:
        """ "Ruled out of the team for Saturday's Six Nations clash", "named in the line-up for
        their Six Nations match": the match a side is picked for, read from the words alone (the
        parser often makes a verb of "clash")."""
        if end >= len(doc) or doc[end].lemma_.casefold() not in self.fixture_nouns:
            return False
        before = list(_words_before(doc, start, 4))
        at = next((n for n in range(len(before) - 1, -1, -1) if before[n].lower_ == "for"), None)
        if at is None or before[at].i == 0:
            return False
        picked = doc[before[at].i - 1]
        # the whole word before "for", hyphens and all ("line-up")
        word = re.search(r"[\w-]+$", doc.text[: picked.idx + len(picked.text)])
        words = {picked.lemma_.casefold(), word.group(0).casefold() if word else ""}
        return bool(words & self.selection_nouns)

    def _story(self, doc: Doc, relations: list[dict[str, Any]], biography: bool) -> list[dict[str, Any]]:
        """Relations the article as a whole implies (see the module docstring); a biography's
        nations and national sides are not made entrants of the events its sentences name."""
        table = entities(doc)
        sentences = list(doc.sents)
        sent_of = {t.i: n for n, sent in enumerate(sentences) for t in sent}
        in_sentence: dict[int, list[str]] = {}
        counts: dict[str, int] = {}
        first: dict[str, int] = {}
        named_in: dict[str, set[int]] = {}  # key → where it is named (pronouns aside)
        at: dict[tuple[int, str], list[int]] = {}  # (sentence, key) → where its mentions start there
        for mention in mentions(doc):
            n = sent_of.get(mention["start"], 0)
            for key in mention["keys"]:
                in_sentence.setdefault(n, []).append(key)
                at.setdefault((n, key), []).append(mention["start"])
                counts[key] = counts.get(key, 0) + 1
                first.setdefault(key, mention["start"])
                if mention["kind"] != "pronoun":  # "their" does not make a team the story's
                    named_in.setdefault(key, set()).add(mention["start"])
        by_count = sorted(counts, key=lambda k: (-counts[k], first[k]))
        # "next month's European Indoors": an event still to come, where no one has competed yet
        # "named in the team to face Wales in the Six Nations opener": a match still to be played
        upcoming = {
            key
            for mention in mentions(doc)
            for key in mention["keys"]
            if table.get(key, {}).get("cls") == "SportingEvent"
            and (
                any(t.lower_ in self.upcoming_words for t in _words_before(doc, mention["start"], 3))
                or self._to_be_played(doc[mention["start"]])
                or self._picked_for(doc, mention["start"], mention["end"])
            )
        }
        sports = [k for k in by_count if is_sport(table.get(k))]
        events = [k for k in by_count if table.get(k, {}).get("cls") == "SportingEvent"]
        story_sport = None
        if sports and (len(sports) == 1 or counts[sports[0]] >= 2 * counts[sports[1]]):
            story_sport = sports[0]
        discipline_sport = None  # "a shot put story": its competitors put the shot, in athletics
        if story_sport is None:
            within = {
                k: table[k]["attrs"].get("within") for k in by_count if table.get(k, {}).get("cls") == "Sport"
            }
            disciplines = [k for k, parent in within.items() if parent]
            if len(disciplines) == 1:
                discipline_sport = disciplines[0]
                parent = within[discipline_sport]
                story_sport = add_entity(doc, f"Sport:{fold(parent)}", "Sport", parent)
        if not sports and story_sport is None:
            story_sport = self._implied_sport(doc, table, counts)
        has = {(r["subject"], r["predicate"]) for r in relations}
        known = {(r["subject"], r["predicate"], r["object"]) for r in relations}
        out: list[dict[str, Any]] = []
        factor = self.context_discount
        club_sheets = any(
            e.get("cls") == "Team" and e["attrs"].get("lineup") and not e["attrs"].get("nation")
            for e in table.values()
        )

        def add(subject: str, predicate: str, obj: str, sentence: int, confidence: float) -> None:
            if (subject, predicate, obj) in known:
                return
            national = table.get(subject, {}).get("cls") == "Nation" or (
                table.get(subject, {}).get("cls") == "Team" and table[subject]["attrs"].get("nation")
            )
            if (
                predicate == "participatedIn"
                and national
                and (biography or self._club_competition(table.get(obj, {})))
            ):
                return
            nation = table.get(subject, {}).get("cls") == "Nation"
            if predicate == "participatedIn" and nation and not self._entered_by_nation(table.get(obj, {})):
                return
            if predicate == "participatedIn" and obj in upcoming:
                return
            # "Newcastle 27-27 Gloucester" in a story that mentions the Six Nations: clubs and the
            # players on their sheets did not play in it
            national_only = self._series_in(table.get(obj, {}), self.national_competitions)
            if predicate == "participatedIn" and national_only:
                entry = table.get(subject, {})
                club = entry.get("cls") == "Team" and not entry.get("attrs", {}).get("nation")
                if club or (entry.get("attrs", {}).get("lineup") and club_sheets):
                    return
            known.add((subject, predicate, obj))
            sent = sentences[sentence]
            out.append(
                self._relation(subject, predicate, obj, sent.start_char, sent.end_char, confidence, factor)
            )

        # "X's compatriot Y" shares X's nation; so does a team-mate where the only teams are national ones
        national_story = not any(
            e.get("cls") == "Team" and not e.get("attrs", {}).get("nation") for e in table.values()
        )
        nation_of = {r["subject"]: r["object"] for r in relations if r["predicate"] == "nationality"}
        changed = True
        while changed:  # chains: "A's compatriot B", then "B's team-mate C"
            changed = False
            for key, entry in table.items():
                attrs = entry.get("attrs", {})
                other = attrs.get("compatriot") or (attrs.get("teammate") if national_story else None)
                if other in nation_of and key not in nation_of:
                    nation_of[key] = nation_of[other]
                    add(key, "nationality", nation_of[other], sent_of.get(first.get(key, 0), 0), 0.6)
                    changed = True
        # "the Spaniard", "the French striker": the nation a description gave a person (kg_coref)
        for key, entry in table.items():
            described = entry.get("attrs", {}).get("described_nation")
            if described and key not in nation_of and f"Nation:{described}" in table:
                nation_of[key] = f"Nation:{described}"
                add(key, "nationality", nation_of[key], sent_of.get(first.get(key, 0), 0), 0.6)
        relations = [
            *relations,
            *({"subject": k, "predicate": "nationality", "object": n} for k, n in nation_of.items()),
        ]
        nationals = {r["subject"] for r in relations if r["predicate"] == "nationality"}

        opponents = set(doc.user_data.get(OPPONENTS_KEY, []))

        def competes(key: str) -> bool:
            """An athlete, a national team, or a person of some nation the text gives no other role."""
            entry = table.get(key, {})
            role = entry.get("attrs", {}).get("role")
            if entry.get("cls") == "Team":  # a national side, or a side a team sheet shows playing
                return bool(entry.get("attrs", {}).get("nation") or entry.get("attrs", {}).get("lineup"))
            if entry.get("cls") == "Person":
                return role is None and key in nationals
            return entry.get("cls") == "Athlete" and role not in NON_COMPETING

        # events named beside a competitor, else the story's main event
        ruled_out: set[tuple[str, str]] = set()
        for n, keys in sorted(in_sentence.items()):
            # ("before edging into the fourth round": a deed told in order, not one still to come)
            told = [t for t in sentences[n] if not _before_a_deed(t)]
            words = {t.lower_ for t in told} | {t.lemma_.casefold() for t in told}
            text = sentences[n].text.casefold()
            named = [k for k in dict.fromkeys(keys) if k in events]
            negated = bool(words & self.non_participation) or any(
                " " in c and c in text for c in self.non_participation
            )
            for key in dict.fromkeys(keys):
                played = table.get(key, {}).get("attrs", {}).get("lineup", "started") in PLAYED
                if (competes(key) or key in opponents) and played:  # "lost to South Korea": the opponent too
                    for event in _nearest(named, at, n, key):
                        if negated:
                            ruled_out.add((key, event))
                        else:
                            add(key, "participatedIn", event, n, 0.6)
        participants = {s for s, p, _ in known if p == "participatedIn"}
        for key in by_count:
            if (
                (competes(key) or key in opponents)
                and table.get(key, {}).get("attrs", {}).get("lineup", "started") in PLAYED
                and key not in participants
                and events
                and len(events) <= MAX_STORY_EVENTS
                # the story's event, not one named once inside a quote ("he has been playing well
                # in the Cup", said the coach)
                and (counts[events[0]] > 1 or not all(_quoted(doc, i) for i in named_in.get(events[0], ())))
                and not biography  # a life is a career, not the story of one event
                # a side on a team sheet played, whatever a sentence about it says ("before the end")
                and ((key, events[0]) not in ruled_out or "lineup" in table[key].get("attrs", {}))
            ):
                add(key, "participatedIn", events[0], sent_of.get(first[key], 0), 0.5)
        # the story's sport
        if story_sport is not None:
            for key in by_count:
                entry = table.get(key, {})
                if (key, "playsSport") in has:
                    continue
                own = entry.get("attrs", {}).get("sport")
                if own:  # "the Chinese swimming team"
                    sport = add_entity(doc, f"Sport:{fold(own)}", "Sport", own)
                    add(key, "playsSport", sport, sent_of.get(first[key], 0), 0.8)
                    continue
                # a club named once in passing is left alone; a national side plays the story's sport
                # however often it is named ("Scotland 18-10 Italy", "the South Korean team")
                team = entry.get("cls") == "Team"
                if (team and (counts[key] > 1 or entry.get("attrs", {}).get("nation"))) or (
                    competes(key) and entry.get("cls") != "Team"
                ):
                    add(key, "playsSport", story_sport, sent_of.get(first[key], 0), 0.5)
                    if discipline_sport is not None and entry.get("cls") != "Team":
                        add(key, "playsSport", discipline_sport, sent_of.get(first[key], 0), 0.5)
        # national teams: members and leaders
        teams = {
            nation: [key for key in keys if key.startswith("Team:")]
            for nation, keys in national_teams(doc).items()
        }
        # "Wales coach X": the coach of a national side is its head coach, so he leads it
        for coach, side in _side_coaches(doc, table):
            add(coach, "leaderOf", side, sent_of.get(first.get(coach, 0), 0), 0.5)
        for rel in relations:
            if rel["predicate"] != "nationality" or rel["object"] not in teams:
                continue
            person = table.get(rel["subject"], {})
            role = person.get("attrs", {}).get("role")
            if person.get("cls") != "Athlete" and role not in ("captain", "head coach"):
                continue
            if role in ("coach", "leader", "official"):
                continue
            for team in teams[rel["object"]]:
                n = sent_of.get(first.get(rel["subject"], 0), 0)
                add(rel["subject"], "memberOf", team, n, 0.5)
                if role in ("captain", "head coach"):
                    add(rel["subject"], "leaderOf", team, n, 0.5)
        self._story_team(table, by_count, named_in, in_sentence, sent_of, first, nation_of, known, add)
        # "X's team-mate Y": Y plays in the teams X plays in
        changed = True
        while changed:
            changed = False
            for key, entry in table.items():
                mate = entry.get("attrs", {}).get("teammate")
                mate_teams = [o for s, p, o in list(known) if s == mate and p == "memberOf"]
                for team in mate_teams:
                    if table.get(team, {}).get("cls") == "Team" and (key, "memberOf", team) not in known:
                        add(key, "memberOf", team, sent_of.get(first.get(key, 0), 0), 0.5)
                        changed = True
        if story_sport is not None:
            self._team_sport(table, story_sport, known, first, sent_of, add)
        return out

    def _team_sport(
        self,
        table: dict[str, Any],
        story_sport: str,
        known: set[tuple[str, str, str]],
        first: dict[str, int],
        sent_of: dict[int, int],
        add: Callable[[str, str, str, int, float], None],
    ) -> None:
        """The story's sport for its clubs of that sport (teams.csv) and for the players of its
        teams: "Watford", named once, and "Burnley defender Ben Ardo" play football too."""
        sport_label = table.get(story_sport, {}).get("label", "")
        playing = {s for s, p, _ in known if p == "playsSport"}
        plays = {  # the story's teams of its sport (of no other, by teams.csv)
            key
            for key, entry in table.items()
            if entry.get("cls") == "Team"
            and (entry["attrs"].get("sport") or self.gazetteer.team_sports.get(entry["label"]) or sport_label)
            == sport_label
        }
        # clubs, even named once; a national side named once in passing is left to the rule above
        for key in sorted(k for k in plays - playing if not table[k]["attrs"].get("nation")):
            add(key, "playsSport", story_sport, sent_of.get(first.get(key, 0), 0), 0.5)
        for subject, predicate, obj in sorted(known):
            entry = table.get(subject, {})
            if (
                predicate == "memberOf"
                and obj in plays
                and subject not in playing
                and entry.get("cls") in ("Person", "Athlete")
                and entry.get("attrs", {}).get("role") not in NON_COMPETING
            ):
                playing.add(subject)
                add(subject, "playsSport", story_sport, sent_of.get(first.get(subject, 0), 0), 0.5)

    def _club_competition(self, event: dict[str, Any]) -> bool:
        """A league or cup of clubs (cue `club_competitions`), which no nation or national side enters."""
        return self._series_in(event, self.club_competitions)

    def _entered_by_nation(self, event: dict[str, Any]) -> bool:
        """Games, championships and national-team competitions (cue `national_competitions`), which
        athletes enter for their nation; not a club competition, an open tournament, a race or a
        meeting ("Wimbledon", "the London Marathon")."""
        if self._club_competition(event):
            return False
        series = self.gazetteer.series(event.get("attrs", {}).get("series") or "")
        if series is not None:
            return series.kind in ("championship", "multi-sport") or self._series_in(
                event, self.national_competitions
            )
        words = set(fold(event.get("label", "")).split())
        return bool(words & {"championship", "championships", "games", "olympics", "olympiad"})

    @staticmethod
    def _series_in(event: dict[str, Any], series_labels: set[str]) -> bool:
        series = event.get("attrs", {}).get("series") if event.get("cls") == "SportingEvent" else None
        return isinstance(series, str) and fold(series) in series_labels

    def _implied_sport(self, doc: Doc, table: dict[str, Any], counts: dict[str, int]) -> str | None:
        """The sport of a story that never names one, from what it does name: its competitions
        ("the Premiership"), its clubs (teams.csv) and its practitioner nouns ("striker",
        "fly-half"); one sport must have two votes and outweigh any other twice over."""
        votes: dict[str, int] = {}
        for key, entry in table.items():
            sport = None
            if entry["cls"] == "SportingEvent" and entry["attrs"].get("series"):
                series = self.gazetteer.series(entry["attrs"]["series"])
                sport = series.sport if series is not None else None
            elif entry["cls"] == "Team":
                sport = entry["attrs"].get("sport") or self.gazetteer.team_sports.get(entry["label"])
            if sport and counts.get(key):
                votes[sport] = votes.get(sport, 0) + 2
            # "the Ruritanian Athletics Federation": a body named for its sport
            elif entry["cls"] == "Organization" and counts.get(key):
                named = {
                    info.label for word in entry["label"].split() if (info := self.gazetteer.sport(word))
                }
                if len(named) == 1:
                    (sport,) = named
                    votes[sport] = votes.get(sport, 0) + 1
        for token in doc:
            if token.pos_ == "NOUN" and token.lower_ not in self.ambiguous_practitioners:
                info = self.gazetteer.sport_of_practitioner(token.lemma_.casefold())
                if info is not None:
                    # "the sprinter": a description of one of the story's people counts twice
                    described = any(c.lower_ == "the" and c.dep_ == "det" for c in token.children)
                    votes[info.label] = votes.get(info.label, 0) + (2 if described else 1)
        ranked = sorted(votes, key=lambda v: -votes[v])
        if (
            not ranked
            or votes[ranked[0]] < 2
            or (len(ranked) > 1 and votes[ranked[0]] < 2 * votes[ranked[1]])
        ):
            return None
        return add_entity(doc, f"Sport:{fold(ranked[0])}", "Sport", ranked[0])

    def _story_team(
        self,
        table: dict[str, Any],
        by_count: list[str],
        named_in: dict[str, set[int]],
        in_sentence: dict[int, list[str]],
        sent_of: dict[int, int],
        first: dict[str, int],
        nation_of: dict[str, str],
        known: set[tuple[str, str, str]],
        add: Callable[[str, str, str, int, float], None],
    ) -> None:
        """Players and coaches the text ties to no team belong to the team the story is about.

        The story's team is the team named most often (pronouns aside, a national team's
        nation counting for it), when it is named at least twice and weighs more than any
        other. Only people of no stated nation join (one of a known nation is placed by the
        national-team rule, or not at all: the story's opponents and foreign players stay out),
        except a coach from a nation with no team in the story; a person with no role joins
        only when a sentence names them beside the team ("the Jamaican quartet, with X on the
        opening leg").
        """

        def weight(team: str) -> int:
            """How much the story is about a team: its names, and its nation's for a national one
            ("Sri Lanka captain", "every Sri Lankan" weigh for the Sri Lanka team)."""
            nation = table.get(team, {}).get("attrs", {}).get("nation")
            places = named_in.get(team, set()) | (
                named_in.get(f"Nation:{nation}", set()) if nation else set()
            )
            return len(places)  # "the Nepal captain" names the side and its nation once

        # a country named only as a side ("won by Spain", "beat France") is never the story's team
        teams = sorted(
            (
                k
                for k in by_count
                if table.get(k, {}).get("cls") == "Team" and not table[k]["attrs"].get("only_as_side")
            ),
            key=lambda k: -weight(k),
        )
        if (
            not teams
            or len(named_in.get(teams[0], ())) < 2
            or (len(teams) > 1 and weight(teams[1]) >= weight(teams[0]))
        ):
            return
        main = teams[0]
        team_nations = {
            f"Nation:{table[k]['attrs']['nation']}" for k in teams if table[k]["attrs"].get("nation")
        }
        on_team = {s for s, p, o in known if p == "memberOf" and table.get(o, {}).get("cls") == "Team"}
        beside = {k for keys in in_sentence.values() if main in keys for k in keys}
        for key in by_count:
            entry = table.get(key, {})
            role = entry.get("attrs", {}).get("role")
            if key in on_team or entry.get("cls") not in ("Athlete", "Person"):
                continue
            if role is None and not (entry.get("cls") == "Athlete" or key in beside):
                continue
            if role not in (None, "athlete", "captain", "coach", "head coach"):
                continue
            # a coach from abroad ("Dutch head coach X" of Pakistan's team) coaches the story's team
            # when the article has no team of the coach's own nation
            if key in nation_of and not (
                role in ("coach", "head coach") and nation_of[key] not in team_nations
            ):
                continue
            n = sent_of.get(first.get(key, 0), 0)
            add(key, "memberOf", main, n, 0.5)
            # a captain leads any team; a head coach leads a national team (a club's has a board)
            national = bool(table.get(main, {}).get("attrs", {}).get("nation"))
            if role == "captain" or role == "head coach" and national:
                add(key, "leaderOf", main, n, 0.5)

    def _from(self, source: dict[str, Any], subject: str, predicate: str, obj: str) -> dict[str, Any]:
        return self._relation(subject, predicate, obj, source["start"], source["end"], source["confidence"])

    def _relation(
        self,
        subject: str,
        predicate: str,
        obj: str,
        start: int,
        end: int,
        confidence: float,
        factor: float | None = None,
    ) -> dict[str, Any]:
        """A derived relation; its confidence is the source's times `factor` (default: `discount`)."""
        return {
            "subject": subject,
            "predicate": predicate,
            "object": obj,
            "start": start,
            "end": end,
            "confidence": round(confidence * (self.discount if factor is None else factor), 3),
            "component": self.name,
        }


def _quoted(doc: Doc, i: int) -> bool:
    """Whether token `i` sits inside double quotes in its paragraph."""
    text = doc.text
    start = text.rfind("\n", 0, doc[i].idx) + 1
    before = text[start : doc[i].idx]
    return (before.count('"') + before.count("“") - before.count("”")) % 2 == 1


def opens_biography(doc: Doc) -> bool:
    """Whether the text opens as an encyclopedic life: "Eva Lund (born 3 May 1970) is a Norwegian
    fencer", "Tom Ardley (1901 – 1968) was an English footballer" (a person's name, a parenthesis
    holding a year, then the copula that describes the person)."""
    first = next(iter(doc.sents), None)
    if first is None or first.root.lemma_ != "be":
        return False
    names = [
        m["end"]
        for m in mentions(doc)
        if m["start"] < first.start + 3
        and m["kind"] in ("name", "alias")
        and m["cls"] in ("Person", "Athlete")
    ]
    between = doc[min(names) : first.root.i] if names else doc[0:0]
    return any(t.text == "(" for t in between) and any(t.like_num and len(t.text) == 4 for t in between)


def _nearest(events: list[str], at: dict[tuple[int, str], list[int]], n: int, key: str) -> list[str]:
    """Of the events sentence `n` names, the ones named nearest to `key`: "medals at the 2006 Games
    (a gold for X), and coaching Y to victory at the 2010 Games" puts X at 2006 and Y at 2010."""
    if len(events) < 2:
        return events

    def distance(event: str) -> int:
        return min(abs(a - b) for a in at.get((n, key), [0]) for b in at.get((n, event), [0]))

    closest = min(distance(e) for e in events)
    return [e for e in events if distance(e) == closest]


def _words_before(doc: Doc, start: int, n: int) -> Span:
    """Up to `n` tokens before `start`, within its sentence."""
    return doc[max(doc[start].sent.start, start - n) : start]


@Language.factory(
    "kg_infer",
    requires=["doc._.kg_relations", "doc._.kg_events"],
    assigns=["doc._.kg_relations"],
    default_config={"discount": 0.8, "context_discount": 1.0},
)
def make_inference(nlp: Language, name: str, discount: float, context_discount: float) -> RelationInference:
    return RelationInference(name, discount, context_discount)


#: the words between a national side and its coach's name ("Wales coach X", "England boss X")
SIDE_COACH_WORDS = {"coach", "manager", "boss"}


def _side_coaches(doc: Doc, table: dict[str, Any]) -> list[tuple[str, str]]:
    """(person, national side) for "Wales coach X": the side's name, one coach word, the name.

    "relay coach", "team manager" and a club's coach are not the national side's head coach.
    """
    starts = {m["start"]: m for m in mentions(doc) if m["kind"] == "name"}
    found = []
    for mention in mentions(doc):
        sides = [
            k
            for k in mention["keys"]
            if table.get(k, {}).get("cls") == "Team" and table[k]["attrs"].get("nation")
        ]
        end = mention["end"]
        if not sides or end + 1 >= len(doc) or doc[end].lower_ not in SIDE_COACH_WORDS:
            continue
        person = starts.get(end + 1)
        if person is not None:
            people = [k for k in person["keys"] if table.get(k, {}).get("cls") in ("Person", "Athlete")]
            found += [(k, sides[0]) for k in people]
    return found


def _before_a_deed(token: Token) -> bool:
    """ "before edging into the fourth round": "before" with a gerund orders what was done."""
    return token.lower_ == "before" and any(c.dep_ == "pcomp" and c.tag_ == "VBG" for c in token.children)
