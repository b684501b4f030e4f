"""Near-duplicate scenarios: two questions that tell the same story, even in different words.

`bank_checks.near_duplicate_stems` catches copied wording; this catches a repeated scenario ("a PM asks for a
date", "a colleague hands over a notebook") written afresh in another competency's file. Each question becomes
one document, its stem and its options; documents are compared by TF-IDF cosine similarity over word n-grams
(English stop words removed, so shared function words count for nothing) and over character n-grams (so
"hand-over", "handover" and "handing over" still meet), averaged. The threshold is tuned on the clusters the
bank had in 2026 (docs/authoring.md, "Near-duplicate scenarios").

scikit-learn is a dev dependency: it is imported inside the functions, so the app itself never needs it.
"""

from dataclasses import dataclass
from itertools import combinations

# Tuned on the bank of 2026-11-28 (docs/authoring.md): at or above it, 13 of 16 pairs told the same scenario;
# lower down, real duplicates and mere neighbours in topic (two Terraform questions, two pagination bugs) mix too
# much for any threshold to tell apart, so the weaker duplicates there were listed for the authors by eye.
SCENARIO_THRESHOLD = 0.215
# Pairs at or above the threshold that a person compared and judged distinct scenarios despite the shared words.
# Take a pair out when either question's scenario is rewritten.
REVIEWED_DISTINCT = {
    frozenset(pair)
    for pair in [
        # Both load a data scientist's joblib file: one is about version skew, the other about code execution.
        ("ai-collaboration-sklearn-version-pin", "ai-collaboration-untrusted-model-file"),
        # Both happen in an incident channel: blame during the incident; a junior dismissed, found afterwards.
        ("empathy-heated-incident-channel", "teamwork-dismissed-hypothesis"),
        # Three pod lifecycle bugs with different causes: endpoint propagation, PID 1 signals, a missing probe.
        ("containers-orchestration-graceful-rollout", "containers-orchestration-pid1-signals"),
        ("containers-orchestration-graceful-rollout", "containers-orchestration-startup-probe"),
        # Docker layer order for build speed, against pinning for reproducible installs.
        ("containers-orchestration-layer-caching", "python-ecosystem-pinning-transitive"),
        # An open code review that finds many problems, against one question on a blocked event loop.
        ("attention-to-detail-endpoint-review", "python-ecosystem-async-blocking-call"),
        # Both page with OFFSET: a non-unique sort order loses rows; a deep offset is slow.
        ("attention-to-detail-pagination-order", "scalable-backends-keyset-pagination"),
        # Both read a vLLM launch line: a slow first token fixed by prefix caching; other streams frozen by a
        # chunked-prefill budget raised too far.
        ("ml-service-integration-chunked-prefill-budget", "ml-service-integration-ttft-long-prompt"),
    ]
}
# Self-ratings share their "How confident are you..." frame on purpose: only scored and open questions have scenarios.
COMPARED_KINDS = ("single", "multiple", "true_false", "judgement", "open")


@dataclass(frozen=True)
class SimilarPair:
    first: str
    second: str
    similarity: float


def _document(question: dict) -> str:
    # "True"/"False" say nothing about a scenario; they would only pull true/false items together.
    options = [c["text"] for c in question["choices"] if question["kind"] != "true_false"]
    return "\n".join([question["stem"], *options])


def similar_pairs(questions: list[dict], at_least: float = 0.0) -> list[SimilarPair]:
    """Every pair of compared questions at or above `at_least`, most similar first (ties by id)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    compared = sorted((q for q in questions if q["kind"] in COMPARED_KINDS), key=lambda q: q["id"])
    if len(compared) < 2:
        return []
    documents = [_document(q) for q in compared]
    views = [
        TfidfVectorizer(ngram_range=(1, 2), stop_words="english", sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
    ]
    # Rows are unit length, so each product is a cosine; the two views weigh the same.
    similarity = sum((x @ x.T).toarray() for x in (view.fit_transform(documents) for view in views)) / len(
        views
    )
    pairs = [
        SimilarPair(compared[i]["id"], compared[j]["id"], round(float(similarity[i, j]), 3))
        for i, j in combinations(range(len(compared)), 2)
        if similarity[i, j] >= at_least
    ]
    return sorted(pairs, key=lambda p: (-p.similarity, p.first, p.second))


def clusters(pairs: list[SimilarPair]) -> list[list[str]]:
    """Groups of questions joined by a chain of similar pairs, biggest first."""
    group_of: dict[str, set[str]] = {}
    for pair in pairs:
        merged = group_of.get(pair.first, {pair.first}) | group_of.get(pair.second, {pair.second})
        for qid in merged:
            group_of[qid] = merged
    unique = {id(group): group for group in group_of.values()}.values()
    return sorted((sorted(group) for group in unique), key=lambda group: (-len(group), group))


def scenario_duplicates(questions: list[dict], threshold: float = SCENARIO_THRESHOLD) -> list[SimilarPair]:
    """Pairs at or above the threshold, except those a person reviewed as distinct."""
    return [
        p
        for p in similar_pairs(questions, at_least=threshold)
        if frozenset({p.first, p.second}) not in REVIEWED_DISTINCT
    ]


def near_duplicate_scenarios(questions: list[dict], threshold: float = SCENARIO_THRESHOLD) -> list[str]:
    return [
        f"{p.first} and {p.second} tell the same scenario (similarity {p.similarity:.3f}, "
        f"flagged from {threshold:.3f})"
        for p in scenario_duplicates(questions, threshold)
    ]
