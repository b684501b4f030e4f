from .models import CompetencyAbility, ConfidenceTally, SelfAssessment, Snapshot, StageReadiness, TargetStage


def export_user(user) -> dict:
    target = TargetStage.objects.filter(user=user).values_list("stage__slug", flat=True).first()
    return {
        "target_stage": target,
        "abilities": list(
            CompetencyAbility.objects.filter(user=user).values(
                "competency__slug", "theta", "variance", "answers"
            )
        ),
        "stage_readiness": list(
            StageReadiness.objects.filter(user=user).values(
                "stage__slug", "expected", "low", "high", "evidence", "verdict", "probability"
            )
        ),
        "self_assessments": list(
            SelfAssessment.objects.filter(user=user).values(
                "competency__slug", "level", "rated_at", "open_answers", "open_score_sum"
            )
        ),
        "confidence": list(
            ConfidenceTally.objects.filter(user=user).values("confidence", "answers", "right")
        ),
        "history": list(Snapshot.objects.filter(user=user).values("day", "stages", "competencies")),
    }
