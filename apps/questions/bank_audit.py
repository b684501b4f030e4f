"""The stem-blind audit: can a learner that never reads the stem pick the keyed option?

A test-wise candidate who skips the question and looks only at the options still gets many items right when the
bank has a house style: the key is the longest or the most qualified option, the wrong ones say "always", the
right ones repeat words the others share, the key sits in the same place. This audit trains a real learner on
exactly those cues, bank-wide, and measures how far above chance it gets on competencies it has not seen.

Design (docs/authoring.md, "The stem-blind audit"):
- Every option of a closed item (single, multiple, true_false, judgement) is one row. Its features come from the
  option texts alone: length and its rank within the item, punctuation and clause words, hedges and absolutes,
  word overlap with the other options, position, and word n-grams (TF-IDF fitted on the training folds).
- A logistic regression scores each option; the item's pick is its highest-scored option.
- Cross-validation leaves one competency out at a time, so the learner can only use style that carries across
  the bank, never what it learned about an item's topic.
- True/false items have no option text beyond "True" and "False", so they get their own learner that sees only
  which text an option is and where it stands: its figure is the bank's key balance as learned on the other
  competencies.

scikit-learn is a dev dependency: it is imported inside the functions, so the app itself never needs it.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from statistics import fmean, pstdev

AUDITED_KINDS = ("single", "multiple", "true_false", "judgement")
# The pass rule: the learner may beat chance by at most this much, overall and in every kind big enough to judge.
MAX_LEAD_OVER_CHANCE = 0.10
MIN_ITEMS_FOR_A_KIND_RULE = 15
CONFIDENT_LIST_LENGTH = 15
RANDOM_STATE = 0
MAX_POSITIONS = 6

HEDGES = ("usually", "may", "might", "often", "can", "could", "generally", "typically", "sometimes", "likely")
ABSOLUTES = ("always", "never", "only", "all", "every", "none", "must", "no", "any", "entirely")
CLAUSE_WORDS = ("so that", "because", "since", "which", "while", "unless", "then", "and")
PUNCTUATION = {"comma": ",", "paren": "(", "colon": ":", "semicolon": ";", "code": "`", "quote": '"'}
WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")


@dataclass(frozen=True)
class ItemResult:
    id: str
    kind: str
    competency: str
    pick: int  # 1-based position of the learner's pick
    credit: float  # what the pick scores: 1/0 for keyed kinds, the option's score for judgement
    chance: float  # what a random pick scores on average
    margin: float  # the pick's probability minus the runner-up's: how sure the learner is

    @property
    def right(self) -> bool:
        return self.credit == 1.0


@dataclass(frozen=True)
class Figure:
    label: str
    items: int
    learner: float
    chance: float

    @property
    def lead(self) -> float:
        return self.learner - self.chance

    @property
    def too_high(self) -> bool:
        return self.lead > MAX_LEAD_OVER_CHANCE

    def line(self) -> str:
        return (
            f"{self.label}: {self.items} items, learner {self.learner:.1%} vs chance {self.chance:.1%} "
            f"({self.lead * 100:+.1f} points)"
        )


@dataclass(frozen=True)
class AuditResult:
    items: tuple[ItemResult, ...]
    overall: Figure
    by_kind: tuple[Figure, ...]
    cues: tuple[tuple[str, float], ...]  # the features the learner leans on most, with their weights

    def problems(self) -> list[str]:
        failing = [self.overall] if self.overall.too_high else []
        failing += [f for f in self.by_kind if f.items >= MIN_ITEMS_FOR_A_KIND_RULE and f.too_high]
        return [
            f"stem-blind audit: {f.label} is answered {f.lead * 100:.1f} points above chance without the stem "
            f"(learner {f.learner:.1%}, chance {f.chance:.1%}; at most {MAX_LEAD_OVER_CHANCE * 100:.0f})"
            for f in failing
        ]

    def confident(self, count: int = CONFIDENT_LIST_LENGTH) -> list[ItemResult]:
        """The items the learner gets right with the widest margin: the first ones for authors to rework."""
        return sorted((i for i in self.items if i.right), key=lambda i: (-i.margin, i.id))[:count]

    def report_lines(self) -> list[str]:
        return [
            "Stem-blind audit: a learner that sees only the options, trained leaving one competency out at a time.",
            "  Share right: single and true_false, its pick is the key (chance 1/k, 0.5); multiple, its one",
            "  top-scored option is a correct one (chance: share of correct options); judgement, the mean expert",
            "  score of its pick (chance: the mean score of the options). True/false options are only 'True' and",
            "  'False', so that learner sees which one an option is and where: its figure is the key balance learned",
            "  on the other competencies (balanced keys put it below chance: leaving one out tips the balance).",
            f"  {self.overall.line()}",
            *[f"  {figure.line()}" for figure in self.by_kind if figure.items],
            "  Cues it leans on (+ toward the key, - away from it): "
            + ", ".join(f"{name} {weight:+.2f}" for name, weight in self.cues),
            f"  Right most confidently (top {CONFIDENT_LIST_LENGTH}, probability margin over the runner-up):",
            *[f"    {i.id} ({i.kind}, option {i.pick}): {i.margin:.2f}" for i in self.confident()],
        ]


def audit(questions: list[dict]) -> AuditResult:
    """Run the stem-blind audit over the built question dicts; deterministic for the same bank."""
    items = sorted((q for q in questions if q["kind"] in AUDITED_KINDS), key=lambda q: q["id"])
    with_text = _design([q for q in items if q["kind"] != "true_false"], _option_rows, use_ngrams=True)
    true_false = _design([q for q in items if q["kind"] == "true_false"], _true_false_rows, use_ngrams=False)
    scores = _cross_validated_scores(with_text) | _cross_validated_scores(true_false)
    results = tuple(_item_result(q, scores[q["id"]]) for q in items)
    return AuditResult(
        items=results,
        overall=_figure("overall", results),
        by_kind=tuple(_figure(kind, [r for r in results if r.kind == kind]) for kind in AUDITED_KINDS),
        cues=_cues(with_text),
    )


# --- what the learner sees -------------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def _count_phrases(text: str, phrases: tuple[str, ...]) -> int:
    padded = " " + " ".join(_words(text)) + " "
    return sum(padded.count(f" {phrase} ") for phrase in phrases)


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _within_item(values: list[float], prefix: str) -> list[dict[str, float]]:
    """How each option compares with the others of its item on one measure: the test-wise comparison."""
    mean, spread = fmean(values), pstdev(values)
    highest, lowest = max(values), min(values)
    return [
        {
            f"{prefix}_vs_mean": value - mean,
            f"{prefix}_z": (value - mean) / spread if spread else 0.0,
            f"{prefix}_rank": sum(other > value for other in values) / (len(values) - 1),
            f"{prefix}_is_highest": float(value == highest and spread > 0),
            f"{prefix}_is_lowest": float(value == lowest and spread > 0),
        }
        for value in values
    ]


def _option_rows(question: dict) -> list[dict[str, float]]:
    """One feature dict per option, from the option texts and their order only: never the stem."""
    texts = [c["text"] for c in question["choices"]]
    vocabularies = [set(_words(t)) for t in texts]
    count = len(texts)
    rows = []
    for position, text in enumerate(texts):
        others = [v for i, v in enumerate(vocabularies) if i != position]
        overlaps = [_jaccard(vocabularies[position], other) for other in others]
        row = {
            "chars": len(text) / 100,
            "words": len(_words(text)) / 20,
            "hedges": _count_phrases(text, HEDGES),
            "absolutes": _count_phrases(text, ABSOLUTES),
            "clauses": _count_phrases(text, CLAUSE_WORDS),
            "overlap_mean": fmean(overlaps),
            "overlap_max": max(overlaps),
            "position_relative": position / (count - 1),
            "position_last": float(position == count - 1),
            f"position_{min(position + 1, MAX_POSITIONS)}": 1.0,
        }
        row |= {f"clause_{w.replace(' ', '_')}": _count_phrases(text, (w,)) for w in CLAUSE_WORDS[:5]}
        row |= {f"punct_{name}": text.count(mark) for name, mark in PUNCTUATION.items()}
        rows.append(row)
    compound = [r["clauses"] + r["punct_comma"] + r["punct_paren"] + r["punct_semicolon"] for r in rows]
    for measure, values in {
        "chars": [r["chars"] for r in rows],
        "compound": compound,
        "overlap": [r["overlap_mean"] for r in rows],
        "hedges": [r["hedges"] for r in rows],
        "absolutes": [r["absolutes"] for r in rows],
    }.items():
        for row, relative in zip(rows, _within_item(values, measure), strict=True):
            row |= relative
    # Each kind may have its own house style (the key longest in judgement, shortest in single): give every
    # feature a kind-specific twin beside the shared one, so the learner can learn both.
    return [row | {f"{question['kind']}:{name}": value for name, value in row.items()} for row in rows]


def _true_false_rows(question: dict) -> list[dict[str, float]]:
    # "True" and "False" are the whole text: what is left to learn is which one the bank keys, and where.
    return [
        {"says_true": float(c["text"].strip().lower() == "true"), "first": float(position == 0)}
        for position, c in enumerate(question["choices"])
    ]


def _keyed(question: dict) -> list[int]:
    if question["kind"] == "judgement":
        best = max(c["score"] for c in question["choices"])
        return [int(c["score"] == best) for c in question["choices"]]
    return [int(c["correct"]) for c in question["choices"]]


# --- the learner -----------------------------------------------------------------------------------------------


def _design(questions: list[dict], rows_of, use_ngrams: bool) -> dict:
    """The options as arrays: features (one column per feature name), n-gram counts, keys, owners, groups."""
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer

    rows, texts, labels, owners, groups = [], [], [], [], []
    for q in questions:
        rows += rows_of(q)
        texts += [c["text"] for c in q["choices"]]
        labels += _keyed(q)
        owners += [q["id"]] * len(q["choices"])
        groups += [q["competency"]] * len(q["choices"])
    names = sorted({name for row in rows for name in row})
    # Texts are tokenised once; which n-grams count, and their weights, are decided per fold from training rows.
    counts = CountVectorizer(ngram_range=(1, 2)) if use_ngrams and texts else None
    return {
        "numbers": np.array([[row.get(name, 0.0) for name in names] for row in rows], dtype=float),
        "names": names,
        "counts": counts.fit_transform(texts).tocsc() if counts else None,
        "ngrams": list(counts.get_feature_names_out()) if counts else [],
        "labels": np.array(labels),
        "owners": owners,
        "groups": groups,
    }


def _fit(data: dict, rows):
    """Fit the learner on some rows of the design; return a scorer for other rows and the weight of each feature."""
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import MaxAbsScaler

    scaler = MaxAbsScaler().fit(data["numbers"][rows])
    names = list(data["names"])
    if data["counts"] is not None:
        # An n-gram is a feature when at least two training options use it (TF-IDF's min_df=2, per fold).
        kept = np.flatnonzero((data["counts"][rows] > 0).sum(axis=0).A1 >= 2)
        tfidf = TfidfTransformer(sublinear_tf=True).fit(data["counts"][rows][:, kept])
        names += [data["ngrams"][i] for i in kept]

    def features(some):
        numbers = csr_matrix(scaler.transform(data["numbers"][some]))
        if data["counts"] is None:
            return numbers
        return hstack([numbers, tfidf.transform(data["counts"][some][:, kept])]).tocsr()

    model = LogisticRegression(C=1.0, solver="liblinear", random_state=RANDOM_STATE)
    model.fit(features(rows), data["labels"][rows])
    return (lambda some: model.predict_proba(features(some))[:, 1]), dict(
        zip(names, model.coef_[0], strict=True)
    )


def _cross_validated_scores(data: dict) -> dict[str, list[float]]:
    """Each option's probability of being the key, from a learner that never saw the option's competency."""
    from sklearn.model_selection import LeaveOneGroupOut

    owners, groups = data["owners"], data["groups"]
    probabilities = [0.5] * len(owners)
    # With a single competency there is nothing to learn from without it: the learner can only guess.
    if len(set(groups)) >= 2:
        for train, test in LeaveOneGroupOut().split(data["numbers"], groups=groups):
            predict, _ = _fit(data, train)
            for index, probability in zip(test, predict(test), strict=True):
                probabilities[index] = float(probability)
    scores: dict[str, list[float]] = defaultdict(list)
    for owner, probability in zip(owners, probabilities, strict=True):
        scores[owner].append(probability)
    return scores


def _cues(data: dict, count: int = 10) -> tuple[tuple[str, float], ...]:
    """The learner fitted on the whole bank: its heaviest weights tell authors which habits give keys away."""
    if len(set(data["groups"])) < 2:
        return ()
    _, weights = _fit(data, list(range(len(data["owners"]))))
    heaviest = sorted(weights.items(), key=lambda pair: (-abs(pair[1]), pair[0]))[:count]
    return tuple((name, float(weight)) for name, weight in heaviest)


# --- what the pick is worth ------------------------------------------------------------------------------------


def _item_result(question: dict, scores: list[float]) -> ItemResult:
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    pick, runner_up = order[0], order[1]
    return ItemResult(
        id=question["id"],
        kind=question["kind"],
        competency=question["competency"],
        pick=pick + 1,
        credit=_credit(question, pick),
        chance=_chance(question),
        margin=scores[pick] - scores[runner_up],
    )


def _credit(question: dict, pick: int) -> float:
    choice = question["choices"][pick]
    # Judgement: the expert score of the pick. Multiple: the single top-scored option is one of the correct ones.
    return float(choice["score"]) if question["kind"] == "judgement" else float(choice["correct"])


def _chance(question: dict) -> float:
    """What a blind random pick of one option earns: 1/k, the share of correct options, or the mean score."""
    choices = question["choices"]
    if question["kind"] == "judgement":
        return fmean(float(c["score"]) for c in choices)
    return sum(c["correct"] for c in choices) / len(choices)


def _figure(label: str, results: list[ItemResult] | tuple[ItemResult, ...]) -> Figure:
    if not results:
        return Figure(label, 0, 0.0, 0.0)
    return Figure(label, len(results), fmean(r.credit for r in results), fmean(r.chance for r in results))
