"""One pass over classified services: counts by label, catalogue hits, the ids a report lists."""

from __future__ import annotations

from collections import Counter
from itertools import compress
from typing import TYPE_CHECKING

from register_audit.audit.catalogue import CatalogueMatcher, Hit, Role, SourcedCatalogue
from register_audit.audit.depth import DepthTally, group_of
from register_audit.audit.use import UseTally, weights_of
from register_audit.model.depth import UNKNOWN_DEPTH, DepthLabel, Volumes
from register_audit.audit.report import Conflict, ServiceRef, ServiceRow
from register_audit.rules.fallback import fallback_axes
from register_audit.model.records import UNCLASSIFIED, Axis, Completeness, HumanLabel, Labels, Nature, Service, construct

if TYPE_CHECKING:
    from register_audit.rules.engine import Engine
    from register_audit.load.columns import Columns

LabelKey = tuple[Nature, Completeness, "PartialKind | None", str, "bool | None", tuple[Axis, ...]]
_HITS_LIMIT = 1 << 18  # distinct names whose catalogue hits are kept; emptied when full


class Tally:
    """Counts by label value, the services behind each catalogue entry, unclassified ids,
    conflicts, and (for CSV) one row per service, in source order.

    Catalogue hits are computed once per distinct name (with its translations); `add_columns`
    counts a chunk of rows per distinct combination of field results, so only the rows a report
    lists one by one (unclassified, in conflict, behind a catalogue entry) are visited.
    """

    def __init__(self, catalogue: SourcedCatalogue, *, rows: bool, channels: tuple[str, ...] | None = None) -> None:
        self.channels = channels
        self.depth = DepthTally(channels)
        self.use = UseTally(channels)
        self.matcher = CatalogueMatcher(catalogue.catalogue)
        self.entries = catalogue.catalogue.entries
        self.counts: Counter[LabelKey] = Counter()
        self.hits: dict[object, tuple[tuple[int, Hit], ...]] = {}
        self.refs: list[list[ServiceRef]] = [[] for _ in self.entries]
        self.unclassified: list[str] = []
        self.conflicts: list[Conflict] = []
        self.rows: list[ServiceRow] | None = [] if rows else None
        self.services = 0

    def add(self, service: Service, labels: Labels) -> None:
        """Count one service with its labels."""
        self.services += 1
        key, unclassified, conflict = describe(labels)
        self.counts[key] += 1
        self._signals(key, service.depth, service.volumes, 1)
        if unclassified:
            self.unclassified.append(service.id)
        if conflict:
            self.conflicts.extend(conflicts(service.id, labels))
        languages = tuple(sorted(service.names))
        translations = tuple(service.names[lang] for lang in languages)
        hits = self._hits(service.name, translations, (service.name, *zip(languages, translations)))
        self._refer(service.id, service.name, service.depth, hits)
        if self.rows is not None:
            self.rows.append(service_row(service.id, service.name, labels, self._served(hits)))

    def add_columns(self, chunk: Columns, engine: Engine) -> None:
        """Count a chunk of services read as columns, their labels from ENGINE (whose fields
        the chunk's texts hold)."""
        n = len(chunk.ids)
        self.services += n
        if engine.full():
            engine.forget()
        results = [engine.results(k, chunk.names if field == "name" else chunk.texts[field])
                   for k, field in enumerate(engine.fields)]
        keys = results[0] if len(results) == 1 else list(zip(*results))
        single = len(results) == 1
        labels_of = {key: engine.combined((key,) if single else key) for key in set(keys)}
        described = {key: describe(labels) for key, labels in labels_of.items()}
        if chunk.signals is None:
            for key, count in Counter(keys).items():
                self.counts[described[key][0]] += count
                self._signals(described[key][0], UNKNOWN_DEPTH, None, count)
        else:
            for (key, code), count in Counter(zip(keys, chunk.signals)).items():
                self.counts[described[key][0]] += count
                self._signals(described[key][0], *chunk.signal_values[code], count)
        listed = {key for key, (_, unclassified, conflict) in described.items() if unclassified or conflict}
        if listed:
            for index in compress(range(n), map(listed.__contains__, keys)):
                labels = labels_of[keys[index]]
                _, unclassified, conflict = described[keys[index]]
                if unclassified:
                    self.unclassified.append(chunk.ids[index])
                if conflict:
                    self.conflicts.extend(conflicts(chunk.ids[index], labels))
        texts = chunk.names if chunk.translations is None else list(zip(chunk.names, chunk.translations))
        hits = {}
        for text in set(texts):
            name, translations = (text, ()) if chunk.translations is None else text
            hits[text] = self._hits(name, translations, (name, *((lang, t) for lang, t in zip(chunk.languages, translations) if t)))
        if self.rows is not None:
            for index in range(n):
                found = hits[texts[index]]
                self._refer(chunk.ids[index], chunk.names[index], self._depth_of(chunk, index), found)
                self.rows.append(service_row(chunk.ids[index], chunk.names[index], labels_of[keys[index]], self._served(found)))
            return
        serving = {text for text, found in hits.items() if found}
        for index in compress(range(n), map(serving.__contains__, texts)):
            self._refer(chunk.ids[index], chunk.names[index], self._depth_of(chunk, index), hits[texts[index]])

    def _signals(self, key: LabelKey, depth: DepthLabel, volumes: Volumes | None, times: int) -> None:
        """Count TIMES services of label KEY at DEPTH with VOLUMES in the depth and use tallies."""
        group = group_of(key[4])
        weights = None if volumes is None else weights_of(volumes, self.channels)
        self.depth.add(group, depth, volumes, weights, times)
        self.use.add((group, key[1] is Completeness.partial, key[0] is Nature.transformational), volumes, weights, times)

    @staticmethod
    def _depth_of(chunk: Columns, index: int) -> DepthLabel:
        return UNKNOWN_DEPTH if chunk.signals is None else chunk.signal_values[chunk.signals[index]][0]

    def _hits(self, name: str, translations: tuple[str, ...], key: object) -> tuple[tuple[int, Hit], ...]:
        hits = self.hits.get(key)
        if hits is None:
            if len(self.hits) >= _HITS_LIMIT:
                self.hits.clear()
            matched = self.matcher.match_texts(name, translations)
            hits = self.hits[key] = tuple((i, hit) for i, hit in enumerate(matched) if hit is not None)
        return hits

    def _refer(self, service_id: str, name: str, depth: DepthLabel, hits: tuple[tuple[int, Hit], ...]) -> None:
        for index, hit in hits:
            self.refs[index].append(construct(ServiceRef, {
                "id": service_id, "name": name, "role": hit.role, "pattern": hit.pattern, "matched": hit.matched,
                "depth": depth.value}))

    def _served(self, hits: tuple[tuple[int, Hit], ...]) -> tuple[tuple[str, Role], ...]:
        return tuple((self.entries[index].id, hit.role) for index, hit in hits)

    def counted(self) -> list[tuple[LabelKey, int]]:
        return list(self.counts.items())


def describe(labels: Labels) -> tuple[LabelKey, bool, bool]:
    """What one Labels object counts as: its values and the axes decided by default (a fallback
    rule, or no rule); whether an axis is unclassified; whether it holds a conflict."""
    fallback = fallback_axes(labels)
    key = (labels.nature, labels.completeness, labels.partial_kind, labels.domain, labels.human_service, fallback)
    unclassified = UNCLASSIFIED in (labels.nature, labels.completeness, labels.domain)
    return key, unclassified, labels.has_conflict


def service_row(service_id: str, name: str, labels: Labels, served: tuple[tuple[str, Role], ...]) -> ServiceRow:
    return ServiceRow(
        id=service_id, name=name, nature=labels.nature.value,
        completeness=labels.completeness.value,
        partial_kind=labels.partial_kind.value if labels.partial_kind else "",
        domain=labels.domain, human_service=HumanLabel.of(labels.human_service).value, catalogue=served,
    )


def conflicts(service_id: str, labels: Labels) -> list[Conflict]:
    found = []
    for decision in labels.decisions:
        if decision.conflict:
            winner = (decision.winner.rule_id,) if decision.winner else ()
            rules = tuple(sorted({*winner, *(e.rule_id for e in decision.conflict)}))
            found.append(Conflict(id=service_id, axis=decision.axis.value, rules=rules))
    return found


__all__ = ["LabelKey", "Tally", "conflicts", "describe", "service_row"]
