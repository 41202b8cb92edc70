"""kg_infer: relations that the contract's conventions derive from others.

- a medal's recipients took part in the event it was won at;
- the nation an athlete or a national team competed for took part too
  ("participatedIn: athletes and teams that competed at an event, and the
  nation they competed for");
- a member of a national team has that nation's nationality.

Each derived statement keeps the evidence of the statement it came from and a
lower confidence, and names this component, so it can be told apart.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from kg.components.doc_data import entities, install_extensions


class RelationInference:
    def __init__(self, name: str, discount: float) -> None:
        install_extensions()
        self.name = name
        self.discount = discount

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
        known = relations + derived
        nationality: dict[str, list[dict[str, Any]]] = {}
        for rel in known:
            if rel["predicate"] == "nationality":
                nationality.setdefault(rel["subject"], []).append(rel)
        for rel in list(known):
            if rel["predicate"] == "memberOf":
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
            for n in dict.fromkeys(nations):
                derived.append(self._from(rel, n, "participatedIn", rel["object"]))
        seen = {(r["subject"], r["predicate"], r["object"]) for r in relations}
        for rel in derived:
            triple = (rel["subject"], rel["predicate"], rel["object"])
            if triple not in seen and rel["subject"] in table and rel["object"] in table:
                seen.add(triple)
                relations.append(rel)
        return doc

    def _from(self, source: dict[str, Any], subject: str, predicate: str, obj: str) -> dict[str, Any]:
        return self._relation(subject, predicate, obj, source["start"], source["end"], source["confidence"])

    def _relation(
        self, subject: str, predicate: str, obj: str, start: int, end: int, confidence: float
    ) -> dict[str, Any]:
        return {
            "subject": subject,
            "predicate": predicate,
            "object": obj,
            "start": start,
            "end": end,
            "confidence": round(confidence * self.discount, 3),
            "component": self.name,
        }


@Language.factory(
    "kg_infer",
    requires=["doc._.kg_relations", "doc._.kg_events"],
    assigns=["doc._.kg_relations"],
    default_config={"discount": 0.8},
)
def make_inference(nlp: Language, name: str, discount: float) -> RelationInference:
    return RelationInference(name, discount)
