"""store: a knowledge graph on disk that grows, and shrinks, one document at a time.

A store is a folder: `kg-store.json` marks it, `kg.lock` guards it, and
`data/` is an Oxigraph (RocksDB) database holding

- one named graph per document, named by the document's IRI: what was
  extracted from it with provenance (statements, events, sentences), which
  entities it mentions, and one `kg:EntityLink` per entity saying which
  resolved entity it was placed in, how sure and why;
- `kgr:graph/entities`, the resolved layer: each entity's classes, label and
  aliases, and the contract's relations between entities, each asserted once
  however many documents support it;
- `kgr:graph/resolution`, resolution's own bookkeeping (name keys and a
  summary of each entity), which queries may ignore.

An ingest goes in as one SPARQL update, so it is in whole or not at all;
with `commit_every` it commits every so many documents, so a long run that is
killed keeps whole documents only and running it again carries on
(unchanged documents are skipped).
Writers hold an exclusive lock and readers a shared one, so two ingests
never interleave and nobody reads a half-written store.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef

from kg.errors import InputError, KgError
from kg.graph import add_document, add_entity, add_sentences, document_iri, entity_iri, sentence_iri
from kg.namespaces import KG, KGR, PREFIXES, bind_prefixes
from kg.records import PREDICATES, Document, Extraction
from kg.resolve import (
    Cluster,
    Link,
    MemoryIndex,
    Profile,
    ResolvedEntity,
    Resolver,
    base_key,
    free_key,
    group_of,
    merge_views,
    relabel,
)

MARKER = "kg-store.json"
FORMAT = 1
ENTITY_GRAPH = KGR["graph/entities"]
RESOLUTION_GRAPH = KGR["graph/resolution"]
#: Documents written between two flushes of Oxigraph's in-memory write buffers.
FLUSH_EVERY = 20
_CONTRACT_PREDICATES = {KG[p] for p in PREDICATES}
_SHARED_CLASSES = {KG.Component}


class StoreError(KgError):
    """A store cannot be opened or changed: not a store, in use, or damaged."""


def content_hash(document: Document) -> str:
    """What decides whether a document changed: its text and date."""
    date = document.date.isoformat() if document.date else ""
    return hashlib.sha256(f"{date}\n{document.text}".encode()).hexdigest()


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    #: entities of the new documents placed in an entity whose key is another name
    #: ("Szemere" in "Ilona Szemere"); equal names and namesakes kept apart do not count
    merges: int = 0


@contextmanager
def open_store(
    path: str | os.PathLike[str], *, write: bool = False, create: bool = False
) -> Iterator[GraphStore]:
    """Open the store in `path` (with `create`, made if missing), locked for the time of the block."""
    with locked_store(path, write=write or create, create=create) as root:
        data = str(root / "data")
        try:
            store = ox.Store(data) if write or create else ox.Store.read_only(data)
        except OSError as error:
            raise StoreError(f"{root}: cannot open the store: {' '.join(str(error).split())}") from error
        if create and not (root / MARKER).exists():
            (root / MARKER).write_text(json.dumps({"format": FORMAT, "kind": "kg-news store"}) + "\n")
        opened = GraphStore(root, store)
        try:
            yield opened
        finally:
            if write or create:
                store.flush()
            # Oxigraph closes the database when the last reference goes: the block's end must be
            # the end, or the files stay locked for as long as somebody holds `opened`.
            del opened.oxigraph, store


@contextmanager
def locked_store(
    path: str | os.PathLike[str], *, write: bool = False, create: bool = False
) -> Iterator[Path]:
    """The store folder `path`, checked and locked (shared to read, exclusive to write), not opened."""
    with store_lock(path, write=write, create=create) as (root, _):
        yield root


@contextmanager
def store_lock(
    path: str | os.PathLike[str], *, write: bool = False, create: bool = False
) -> Iterator[tuple[Path, int]]:
    """As `locked_store`, and the lock's file descriptor too.

    `kg serve` passes the descriptor to the Oxigraph servers it starts: the
    lock belongs to every process that holds it, so it lasts as long as the
    last of them, even if `kg serve` itself is killed.
    """
    root = Path(path)
    if create and not root.exists():
        if not root.parent.is_dir():
            raise InputError(root, f"cannot create store: directory {str(root.parent)!r} does not exist")
        root.mkdir()
    _check_store(root, creating=create)
    with _locked(root, exclusive=write) as descriptor:
        yield root, descriptor


def _check_store(root: Path, *, creating: bool) -> None:
    if not root.exists():
        raise InputError(root, "no such store (kg ingest --store creates one)")
    if not root.is_dir():
        raise InputError(root, "is a file, not a store folder")
    marker = root / MARKER
    if marker.exists():
        try:
            version = json.loads(marker.read_text()).get("format")
        except (ValueError, AttributeError):
            raise InputError(marker, "damaged store marker (not JSON)") from None
        if version != FORMAT:
            raise InputError(marker, f"store format {version!r}, this kg reads format {FORMAT}")
        return
    if not creating or any(root.iterdir()):
        raise InputError(root, f"not a kg store (no {MARKER})")


@contextmanager
def _locked(root: Path, *, exclusive: bool) -> Iterator[int]:
    """A shared (read) or exclusive (write) lock on the store; refused at once if taken."""
    path = root / "kg.lock"
    try:
        handle = open(path, "a+")  # noqa: SIM115 (held for the whole block)
    except OSError as error:
        raise InputError(path, f"cannot open lock file: {error.strerror}") from error
    with handle:
        try:
            fcntl.flock(handle, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise
            doing = "changing" if exclusive else "reading"
            raise StoreError(
                f"{root}: the store is in use by another process (an ingest, a remove or kg serve); "
                f"try {doing} it again when that has finished"
            ) from None
        yield handle.fileno()


class GraphStore:
    """An open store: ingest and remove documents, query, count and export the whole graph."""

    def __init__(self, root: Path, store: ox.Store) -> None:
        self.root = root
        self.oxigraph = store

    # -- reading ---------------------------------------------------------------------------

    def documents(self) -> dict[str, str]:
        """Document id → content hash of every stored document."""
        rows = _rows(
            self.oxigraph, "SELECT ?id ?hash WHERE { GRAPH ?g { ?g kg:docId ?id ; kg:contentHash ?hash } }"
        )
        return {row["id"].value: row["hash"].value for row in rows}

    def select(self, query: str) -> list[Any]:
        """Rows of a SELECT over the union of all graphs (the project's prefixes are bound)."""
        return _rows(self.oxigraph, query, union=True)

    def to_graph(self) -> Graph:
        """The whole graph (documents and entity layer, not resolution's bookkeeping) in rdflib."""
        graph = bind_prefixes(Graph())
        for quad in self.oxigraph.quads_for_pattern(None, None, None, None):
            if quad.graph_name == _RESOLUTION:
                continue
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
        return graph

    def write_dataset(self, path: str | os.PathLike[str], fmt: str = "trig") -> None:
        """Write every named graph but resolution's bookkeeping as TriG or N-Quads, atomically."""
        from kg.export import write_atomically

        quads = (
            q for q in self.oxigraph.quads_for_pattern(None, None, None, None) if q.graph_name != _RESOLUTION
        )
        rdf_format = ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS
        prefixes = _PREFIXES if fmt == "trig" else None
        write_atomically(
            Path(path), lambda handle: ox.serialize(quads, handle, rdf_format, prefixes=prefixes)
        )

    # -- writing ---------------------------------------------------------------------------

    def ingest(
        self,
        documents: Iterable[Document],
        *,
        model: str | None = None,
        n_process: int = 1,
        commit_every: int = 0,
        on_document: Callable[[str, str], None] | None = None,
    ) -> IngestReport:
        """Add new documents, replace changed ones, skip unchanged ones.

        The whole ingest is one transaction: if it fails or is stopped, the
        store is as it was. With `commit_every` N, every N documents are
        committed as they are done instead, so a long run that stops keeps
        what it stored (run it again to carry on) and holds at most N
        documents' changes in memory. `on_document(doc_id, what)` hears of
        each document ("added", "replaced" or "unchanged") as it is placed.
        """
        from kg.build import extract_documents

        report = IngestReport()
        known = self.documents()
        todo: list[Document] = []
        seen: set[str] = set()
        for document in documents:
            if document.id in seen:
                raise StoreError(f"{self.root}: document id {document.id!r} is given twice in one ingest")
            seen.add(document.id)
            if known.get(document.id) == content_hash(document):
                report.unchanged.append(document.id)
                if on_document is not None:
                    on_document(document.id, "unchanged")
            else:
                todo.append(document)
        if not todo:
            return report
        index = StoreIndex(self)
        pending: list[str] = []
        for extraction in extract_documents(todo, model=model, n_process=n_process):
            doc_id = extraction.document.id
            replacing = doc_id in known
            updates, merges = self._changes(extraction, index, replacing=replacing)
            pending += updates
            report.merges += merges
            (report.replaced if replacing else report.added).append(doc_id)
            known[doc_id] = content_hash(extraction.document)
            if on_document is not None:
                on_document(doc_id, "replaced" if replacing else "added")
            if commit_every and (len(report.added) + len(report.replaced)) % commit_every == 0:
                self._commit(pending, doc_id)
                pending, index = [], StoreIndex(self)
        if pending:
            self._commit(pending, doc_id)
        return report

    def _commit(self, updates: list[str], last: str) -> None:
        self._apply(updates, f"storing documents up to {last!r}", them="them")
        # Oxigraph keeps writes in memory tables until a flush: without one now and then an
        # ingest's memory grows with every document it stores.
        self.oxigraph.flush()

    def _apply(self, updates: list[str], doing: str, *, them: str = "it") -> None:
        """Run `updates` as one transaction; a failure says what was being done and that none of it
        was written."""
        try:
            self.oxigraph.update(" ;\n".join(updates), prefixes=_PREFIXES)
        except (OSError, RuntimeError, SyntaxError) as error:
            raise StoreError(
                f"{self.root}: {doing} failed and nothing of {them} was written: "
                f"{' '.join(str(error).split())[:300]}"
            ) from error

    def remove(self, doc_id: str) -> int:
        """Take a document out, with every fact and entity that only it supported; the entity count
        left without any document is returned."""
        if doc_id not in self.documents():
            raise StoreError(f"{self.root}: no document {doc_id!r} in the store")
        node = document_iri(doc_id)
        touched = self._linked_entities(node)
        clusters = {iri: self._cluster_from_links(iri, without=node) for iri in touched}
        update = [*self._retract_facts(node), f"DROP SILENT GRAPH {_n(node)}"]
        update += self._rewrite_entities(clusters)
        self._apply(update, f"removing document {doc_id!r}")
        return sum(cluster is None for cluster in clusters.values())

    def unmerge(self, link: str) -> str:
        """Undo the merge an entity link made: the document's entity becomes an entity of its own.

        `link` is the link's IRI or the hash at its end. The document's graph
        is rewritten to the new entity, the relations it supports move with
        it, and the link records the decision ("kept apart by hand"). The new
        entity's IRI is returned. A later change to the document resolves it
        afresh.
        """
        iri = link if link.startswith("http") else str(KGR[f"link/{link.rsplit('/', 1)[-1]}"])
        rows = self.select(
            f"SELECT ?g ?old ?key ?cls WHERE {{ GRAPH ?g {{ <{iri}> kg:resolvedTo ?old ; kg:localKey ?key ; "
            "kg:entityClass ?cls } }"
        )
        if not rows:
            raise StoreError(f"{self.root}: no entity link {link!r} in the store")
        graph, old = URIRef(rows[0]["g"].value), rows[0]["old"].value
        kept = self._cluster_from_links(old, without=graph)
        if kept is None:
            raise StoreError(f"{self.root}: link {link!r} merged nothing: no other document mentions {old}")
        mine = self._cluster_from_links(old, without=graph, only=True)
        assert mine is not None
        key = free_key(rows[0]["key"].value, StoreIndex(self).taken)
        mine.key = key
        new = str(entity_iri(key, mine.cls))
        moved = _rows(
            self.oxigraph,
            f"""SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH {_n(graph)} {{
                ?st a kg:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }}
                FILTER (?s = <{old}> || ?o = <{old}>) }}""",
        )
        asserted = "\n".join(
            f"{_swap(row['s'], old, new)} {row['p']} {_swap(row['o'], old, new)} ." for row in moved
        )
        update = [
            *self._retract_facts(graph, about=old),
            f"""DELETE {{ GRAPH {_n(graph)} {{ ?s ?p <{old}> }} }}
                INSERT {{ GRAPH {_n(graph)} {{ ?s ?p <{new}> }} }}
                WHERE {{ GRAPH {_n(graph)} {{ ?s ?p <{old}> }} }}""",
            f"""DELETE {{ GRAPH {_n(graph)} {{ <{old}> ?p ?o }} }}
                INSERT {{ GRAPH {_n(graph)} {{ <{new}> ?p ?o }} }}
                WHERE {{ GRAPH {_n(graph)} {{ <{old}> ?p ?o }} }}""",
            f"""DELETE {{ GRAPH {_n(graph)} {{ <{iri}> kg:linkReason ?r ; kg:confidence ?c }} }}
                INSERT {{ GRAPH {_n(graph)} {{
                    <{iri}> kg:linkReason {_literal(f"kept apart by hand from {old}")} ;
                        kg:confidence 1.0 }} }}
                WHERE {{ GRAPH {_n(graph)} {{ <{iri}> kg:linkReason ?r ; kg:confidence ?c }} }}""",
            f"INSERT DATA {{ GRAPH {_n(ENTITY_GRAPH)} {{\n{asserted}\n}} }}",
            *self._rewrite_entities({old: kept, new: mine}),
        ]
        self._apply(update, f"unmerging link {link!r}")
        return new

    def _changes(
        self, extraction: Extraction, index: StoreIndex, *, replacing: bool
    ) -> tuple[list[str], int]:
        """The updates that store `extraction` (replacing its old version), and its merge count.

        `index` holds what the transaction has placed so far, so documents
        resolve against earlier ones of the same ingest.
        """
        node = document_iri(extraction.document.id)
        update: list[str] = []
        index.begin_document()
        if replacing:
            # The new version is resolved against the store as it would be without the old one.
            for iri in self._linked_entities(node):
                index.replace(iri, self._cluster_from_links(iri, without=node, pending=index))
            update += self._retract_facts(node)
            update.append(f"DROP SILENT GRAPH {_n(node)}")
        links = Resolver(index).place(extraction)
        index.record(links)
        resolved_extraction = relabel(extraction, {link.local_key: link.entity for link in links})
        iris = {link.entity: URIRef(index.iri(link.entity)) for link in links}
        views = {link.entity: _resolved_view(index.pending.clusters[link.entity]) for link in links}
        document_graph = bind_prefixes(Graph())
        for entity in extraction.entities:
            if entity.cls == "Referent":  # unnamed ("the coach"): scoped to its document, never resolved
                view = merge_views(entity.key, [(extraction.document.id, entity)])
                iris[entity.key] = entity_iri(entity.key, entity.cls)
                views[entity.key] = view
                add_entity(document_graph, iris[entity.key], view)
        add_document(document_graph, resolved_extraction, iris, views)
        mentioned_in: dict[str, set[int]] = {
            entity.key: {mention.sentence for mention in entity.mentions} for entity in extraction.entities
        }
        for link in links:
            link_node = _add_link(document_graph, link, str(iris[link.entity]), node)
            document_graph.add((iris[link.entity], KG.mentionedIn, node))
            for sentence in sorted(mentioned_in.get(link.local_key, ())):
                document_graph.add((link_node, KG.evidence, sentence_iri(extraction.document.id, sentence)))
        add_sentences(document_graph, extraction, set().union(*mentioned_in.values()))
        document_graph.add((node, KG.contentHash, Literal(content_hash(extraction.document))))
        shared = Graph()
        components = set(document_graph.subjects(RDF.type, KG.Component))
        for triple in list(document_graph):
            s, p, o = triple
            component_label = p == RDFS.label and s in components
            if p in _CONTRACT_PREDICATES or (p == RDF.type and o in _SHARED_CLASSES) or component_label:
                shared.add(triple)
                document_graph.remove(triple)
        update.append(f"INSERT DATA {{ GRAPH {_n(node)} {{\n{_ntriples(document_graph)}}} }}")
        update.append(f"INSERT DATA {{ GRAPH {_n(ENTITY_GRAPH)} {{\n{_ntriples(shared)}}} }}")
        update += self._rewrite_entities(index.touched())
        # a merge: a name written otherwise than the entity's key (not a namesake kept apart)
        return update, sum(base_key(link.entity) != link.local_key for link in links)

    def _linked_entities(self, node: URIRef) -> list[str]:
        rows = _rows(
            self.oxigraph, f"SELECT DISTINCT ?e WHERE {{ GRAPH {_n(node)} {{ ?link kg:resolvedTo ?e }} }}"
        )
        return [row["e"].value for row in rows]

    def _cluster_from_links(
        self, iri: str, *, without: URIRef, only: bool = False, pending: StoreIndex | None = None
    ) -> Cluster | None:
        """An entity rebuilt from the stored links of every document but `without` (or, with
        `only`, of that document alone) and the links `pending` holds for it; None if no link
        is left."""
        rows = _rows(
            self.oxigraph,
            f"""SELECT ?link ?g ?key ?cls ?label ?form ?fact ?attr WHERE {{
                GRAPH ?g {{
                    ?link kg:resolvedTo <{iri}> ; kg:localKey ?key ;
                        kg:entityClass ?cls ; kg:localLabel ?label .
                    OPTIONAL {{ ?link kg:surfaceForm ?form }}
                    OPTIONAL {{ ?link kg:contextFact ?fact }}
                    OPTIONAL {{ ?link kg:attribute ?attr }}
                }}
                FILTER (?g {"=" if only else "!="} {_n(without)})
            }}""",
        )
        links: dict[str, dict[str, Any]] = {}
        for row in rows:
            entry = links.setdefault(
                row["link"].value,
                {
                    "doc": row["g"].value,
                    "key": row["key"].value,
                    "cls": row["cls"].value.rsplit("#", 1)[-1],
                    "label": row["label"].value,
                    "forms": set(),
                    "facts": set(),
                    "attrs": set(),
                },
            )
            for name, column in (("forms", "form"), ("facts", "fact"), ("attrs", "attr")):
                if row[column] is not None:
                    entry[name].add(row[column].value)
        profiles = pending.profiles.get(iri, []) if pending is not None else []
        if not links and not profiles:
            return None
        cluster: Cluster | None = None
        for entry in sorted(links.values(), key=lambda e: e["doc"]):
            profile = Profile(
                doc_id=entry["doc"],
                key=entry["key"],
                cls=entry["cls"],
                label=entry["label"],
                aliases=tuple(sorted(entry["forms"] - {entry["label"]})),
                attributes=tuple(sorted(tuple(a.split("=", 1)) for a in entry["attrs"])),
                context=frozenset(tuple(f.split(" ", 1)) for f in entry["facts"]),
            )
            if cluster is None:
                cluster = Cluster(key=self._key_of(iri) or profile.key, cls=profile.cls)
            cluster.absorb(profile)
        for profile, key in profiles:
            if cluster is None:
                cluster = Cluster(key=key, cls=profile.cls)
            cluster.absorb(profile)
        return cluster

    def _key_of(self, iri: str) -> str | None:
        rows = list(
            _rows(
                self.oxigraph, f"SELECT ?key WHERE {{ GRAPH {_n(ENTITY_GRAPH)} {{ <{iri}> kg:key ?key }} }}"
            )
        )
        return rows[0]["key"].value if rows else None

    def _retract_facts(self, node: URIRef, about: str | None = None) -> list[str]:
        """An update that takes out the relations (about the entity `about`, or all) that no document
        but `node`'s supports; it is evaluated in the transaction, so documents written earlier in
        it count as support."""
        only = f"FILTER (?s = <{about}> || ?o = <{about}>)" if about else ""
        return [
            f"""DELETE {{ GRAPH {_n(ENTITY_GRAPH)} {{ ?s ?p ?o }} }} WHERE {{
                GRAPH {_n(node)} {{ ?st a kg:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }}
                {only}
                FILTER NOT EXISTS {{
                    GRAPH ?g {{ ?other rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }}
                    FILTER (?g != {_n(node)})
                }}
            }}"""
        ]

    def _rewrite_entities(self, clusters: dict[str, Cluster | None]) -> list[str]:
        """Updates that replace the entity layer's and resolution's view of each touched entity."""
        if not clusters:
            return []
        values = " ".join(f"<{iri}>" for iri in clusters)
        update = [
            f"""DELETE {{ GRAPH {_n(ENTITY_GRAPH)} {{ ?e ?p ?o }} }}
                WHERE {{ GRAPH {_n(ENTITY_GRAPH)} {{ VALUES ?e {{ {values} }} ?e ?p ?o
                    FILTER (?p IN (rdf:type, rdfs:label, skos:altLabel, kg:isoCode, kg:key)) }} }}""",
            f"""DELETE {{ GRAPH {_n(RESOLUTION_GRAPH)} {{ ?e ?p ?o }} }}
                WHERE {{ GRAPH {_n(RESOLUTION_GRAPH)} {{ VALUES ?e {{ {values} }} ?e ?p ?o }} }}""",
        ]
        entities, bookkeeping = Graph(), Graph()
        for iri, cluster in clusters.items():
            if cluster is None:
                update.append(
                    f"""DELETE {{ GRAPH {_n(ENTITY_GRAPH)} {{ <{iri}> ?p ?o . ?s ?q <{iri}> }} }}
                        WHERE {{ GRAPH {_n(ENTITY_GRAPH)} {{
                            {{ <{iri}> ?p ?o }} UNION {{ ?s ?q <{iri}> }} }} }}"""
                )
                continue
            node = URIRef(iri)
            add_entity(entities, node, _resolved_view(cluster))
            entities.add((node, KG.key, Literal(cluster.key)))
            bookkeeping.add(
                (node, KG.clusterState, Literal(json.dumps(cluster.to_state(), ensure_ascii=False)))
            )
            bookkeeping.add((node, KG.group, Literal(group_of(cluster.cls))))
            for name in cluster.names:
                bookkeeping.add((node, KG.nameKey, Literal(name)))
        update.append(f"INSERT DATA {{ GRAPH {_n(ENTITY_GRAPH)} {{\n{_ntriples(entities)}}} }}")
        update.append(f"INSERT DATA {{ GRAPH {_n(RESOLUTION_GRAPH)} {{\n{_ntriples(bookkeeping)}}} }}")
        return update


class StoreIndex:
    """Resolution's view of a store's entities, with what the current transaction has placed."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.pending = MemoryIndex()  # every entity the transaction touches, by key and name
        self.gone: set[str] = set()  # IRIs only a replaced document's old version supported
        self.profiles: dict[str, list[tuple[Profile, str]]] = {}  # IRI → (profile, key) placed
        self._touched: dict[str, Cluster | None] = {}

    def iri(self, key: str) -> str:
        return str(entity_iri(key, self.pending.clusters[key].cls))

    def begin_document(self) -> None:
        self._touched = {}

    def touched(self) -> dict[str, Cluster | None]:
        """IRI → cluster (None: gone) of every entity the current document changed."""
        return dict(self._touched)

    def replace(self, iri: str, cluster: Cluster | None) -> None:
        """`iri`'s entity as it is without a replaced document (None: nothing is left of it)."""
        if cluster is None:
            self.gone.add(iri)
            for key in [k for k in self.pending.clusters if self.iri(k) == iri]:
                self.pending.forget(key)
        else:
            self.gone.discard(iri)
            self.pending.save(cluster)
        self._touched[iri] = cluster

    def record(self, links: list[Link]) -> None:
        for link in links:
            self.profiles.setdefault(self.iri(link.entity), []).append((link.profile, link.entity))

    def candidates(self, group: str, names: Iterable[str]) -> list[Cluster]:
        names = set(names)
        values = " ".join(_literal(name) for name in sorted(names))
        rows = _rows(
            self.store.oxigraph,
            f"""SELECT DISTINCT ?e ?state WHERE {{ GRAPH {_n(RESOLUTION_GRAPH)} {{
                VALUES ?name {{ {values} }}
                ?e kg:nameKey ?name ; kg:group {_literal(group)} ; kg:clusterState ?state
            }} }}""",
        )
        found: dict[str, Cluster] = {}
        for row in rows:
            if row["e"].value in self.gone:
                continue
            cluster = Cluster.from_state(json.loads(row["state"].value))
            found[cluster.key] = self.pending.clusters.get(cluster.key, cluster)
        for cluster in self.pending.candidates(group, names):
            found[cluster.key] = cluster
        return [found[key] for key in sorted(found)]

    def taken(self, key: str) -> bool:
        if self.pending.taken(key):
            return True
        rows = _rows(
            self.store.oxigraph,
            f"SELECT ?e WHERE {{ GRAPH {_n(ENTITY_GRAPH)} {{ ?e kg:key {_literal(key)} }} }}",
        )
        # an entity that only the replaced version of a document supported is going, its key free
        return any(row["e"].value not in self.gone for row in rows)

    def save(self, cluster: Cluster) -> None:
        self.pending.save(cluster)
        self._touched[self.iri(cluster.key)] = cluster


def _resolved_view(cluster: Cluster) -> ResolvedEntity:
    label = cluster.label
    return ResolvedEntity(
        key=cluster.key,
        cls=cluster.cls,
        label=label,
        aliases=tuple(sorted(form for form in cluster.forms if form != label)),
        documents=(),
        attributes=tuple(sorted(cluster.attributes.items())),
    )


def _add_link(graph: Graph, link: Link, entity: str, document: URIRef) -> URIRef:
    digest = hashlib.sha1("\x1f".join((link.doc_id, link.local_key)).encode()).hexdigest()[:16]
    node = KGR[f"link/{digest}"]
    profile = link.profile
    graph.add((node, RDF.type, KG.EntityLink))
    graph.add((node, KG.inDocument, document))
    graph.add((node, KG.resolvedTo, URIRef(entity)))
    graph.add((node, KG.localKey, Literal(link.local_key)))
    graph.add((node, KG.entityClass, KG[profile.cls]))
    graph.add((node, KG.localLabel, Literal(profile.label)))
    for form in profile.forms:
        graph.add((node, KG.surfaceForm, Literal(form)))
    for predicate, obj in sorted(profile.context):
        graph.add((node, KG.contextFact, Literal(f"{predicate} {obj}")))
    for name, value in profile.attributes:
        graph.add((node, KG.attribute, Literal(f"{name}={value}")))
    graph.add((node, KG.confidence, Literal(Decimal(str(round(link.confidence, 3))), datatype=XSD.decimal)))
    graph.add((node, KG.linkReason, Literal(link.reason)))
    return node


def _swap(term: Any, old: str, new: str) -> str:
    """`term` in SPARQL syntax, with the IRI `old` replaced by `new`."""
    return f"<{new}>" if isinstance(term, ox.NamedNode) and term.value == old else str(term)


def _rows(store: ox.Store, query: str, *, union: bool = False) -> list[Any]:
    """The solutions of a SELECT (or ASK, CONSTRUCT) as a list, the project's prefixes bound."""
    result: Any = store.query(query, prefixes=_PREFIXES, use_default_graph_as_union=union)
    return list(result)


_PREFIXES = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
_RESOLUTION = ox.NamedNode(str(RESOLUTION_GRAPH))


def _n(node: str | URIRef) -> str:
    return f"<{node}>"


def _literal(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _ntriples(graph: Graph) -> str:
    return graph.serialize(format="nt", encoding="utf-8").decode("utf-8")


def to_rdflib(term: Any) -> Any:
    """An Oxigraph term as the rdflib term of the same value."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"not an RDF term: {term!r}")
