"""The domain model: naive Bayes over a name's word stems, deciding the COFOG division only where no rule does."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache

from register_audit.load.resources import bundled
from register_audit.model.records import Axis, Decision, Evidence
from register_audit.rules.text import Tokens, tokenize

MODEL_RULE_ID = "model:domain"  # the evidence's rule id: no rule file's id can hold a colon
MODEL_PRIORITY = -1000  # below every rule: the model decides only where no rule does
MODEL_FOLDER = "model"  # rules/model/<name>.json, built by `python -m register_audit.rules.model_build`
_SHOWN = 3  # the strongest features quoted in the evidence


# Function words say how a register words its names, not what function a service serves.
STOP_WORDS = frozenset(
    "a an and as at by for from in into of on or per the to under with within "  # English
    "в во для и или к из о об от по при с со у "  # Russian
    "және мен бен пен үшін".split()  # Kazakh
)


def features(tokens: Tokens, stem: int, bigrams: bool) -> list[tuple[str, int, int]]:
    """(feature, first word, last word) of TOKENS: each word of two or more letters cut to its
    first STEM characters (the rules' own prefix patterns, `пенсион*`, do the same), and with
    BIGRAMS each pair of neighbouring stems. Numbers and function words (STOP_WORDS) say nothing
    of a function and are left out."""
    kept = [(w[:stem], i) for i, w in enumerate(tokens.words)
            if len(w) > 1 and not w.isdigit() and w not in STOP_WORDS]
    found = [(s, i, i) for s, i in kept]
    if bigrams:
        found += [(f"{a} {b}", i, j) for (a, i), (b, j) in zip(kept, kept[1:]) if j == i + 1]
    return found


@dataclass(frozen=True, slots=True)
class Prediction:
    """What the model makes of one name: the division, its posterior probability, and the
    strongest features for it against the runner-up, as the evidence quotes them."""

    value: str
    probability: float
    excerpt: str  # '"veteran" +2.3, "pension" +1.1 (p 0.93)'

    def decision(self) -> Decision:
        """The domain decision this prediction makes, in the shape a rule's decision has."""
        evidence = Evidence(rule_id=MODEL_RULE_ID, value=self.value, priority=MODEL_PRIORITY,
                            field="name", matched=self.excerpt)
        return Decision(axis=Axis.domain, value=self.value, winner=evidence)


class DomainModel:
    """A multinomial naive Bayes model read from its JSON file (see model_build for its keys):
    per class the document count and feature total, per feature its count in each class."""

    def __init__(self, data: dict, name: str = "") -> None:
        self.name = name
        self.classes: tuple[str, ...] = tuple(data["classes"])
        self.stem: int = data["stem"]
        self.bigrams: bool = data["bigrams"]
        self.alpha: float = data["alpha"]
        self.counts: dict[str, dict[str, int]] = data["counts"]
        totals = data["totals"]
        vocabulary = len(self.counts)
        if data["uniform_prior"]:
            self.prior = [0.0] * len(self.classes)
        else:
            documents = data["documents"]
            total = sum(documents[c] for c in self.classes)
            self.prior = [math.log(documents[c] / total) for c in self.classes]
        self._denominator = [math.log(totals[c] + self.alpha * vocabulary) for c in self.classes]
        self._unseen = [math.log(self.alpha) - d for d in self._denominator]

    def weights(self, feature: str) -> list[float] | None:
        """log P(feature | class) for each class, or None for a feature never seen in training."""
        by_class = self.counts.get(feature)
        if by_class is None:
            return None
        return [math.log(by_class.get(c, 0) + self.alpha) - d if c in by_class else u
                for c, d, u in zip(self.classes, self._denominator, self._unseen)]

    def predict(self, text: str, minimum: float = 0.0) -> Prediction | None:
        """The division of TEXT when its posterior probability is at least MINIMUM, else None
        (also when no word of TEXT was seen in training: then the model knows nothing of it)."""
        tokens = tokenize(text)
        seen = [(f, first, last, w) for f, first, last in features(tokens, self.stem, self.bigrams)
                if (w := self.weights(f)) is not None]
        if not seen:
            return None
        scores = list(self.prior)
        for *_, w in seen:
            scores = [s + x for s, x in zip(scores, w)]
        ranked = sorted(range(len(scores)), key=lambda k: (-scores[k], self.classes[k]))
        best, second = ranked[0], ranked[1]
        top = scores[best]
        probability = 1.0 / sum(math.exp(s - top) for s in scores)
        if probability < minimum:
            return None
        # Each feature's pull towards the winner against the runner-up, strongest first.
        pull: dict[str, float] = {}
        for feature, first, last, w in seen:
            shown = tokens.excerpt(first, last).lower()
            pull[shown] = pull.get(shown, 0.0) + w[best] - w[second]
        strongest = sorted(((v, k) for k, v in pull.items() if v > 0), key=lambda p: (-p[0], p[1]))[:_SHOWN]
        quoted = ", ".join(f'"{k}" +{v:.1f}' for v, k in strongest)
        excerpt = f"{quoted} (p {probability:.2f})" if quoted else f"(p {probability:.2f})"
        return Prediction(value=self.classes[best], probability=round(probability, 4), excerpt=excerpt)


@cache
def load_model(name: str) -> DomainModel:
    """The bundled model NAME (rules/model/NAME.json), read once per process: it is package
    data that never changes while the process runs."""
    path = bundled("rules") / MODEL_FOLDER / f"{name}.json"
    return DomainModel(json.loads(path.read_text(encoding="utf-8")), name)


__all__ = ["DomainModel", "MODEL_PRIORITY", "MODEL_RULE_ID", "Prediction", "features", "load_model"]
