from .models import ProblemReport


def export_user(user) -> list[dict]:
    return list(
        ProblemReport.objects.filter(reporter=user).values(
            "question__slug", "question_version", "text", "resolved", "created_at"
        )
    )
