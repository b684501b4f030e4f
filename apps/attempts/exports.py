from .models import Bookmark, QuizSession, Response, ReviewCard


def export_sessions(user) -> list[dict]:
    return list(
        QuizSession.objects.filter(user=user).values(
            "id", "mode", "scope", "competency__slug", "area__slug", "stage__slug", "question_count", "time_limit",
            "started_at", "deadline", "finished_at", "ending", "answered_count", "score_total",
        )
    )  # fmt: skip


def export_answers(user) -> list[dict]:
    return list(
        Response.objects.filter(user=user).order_by("answered_at").values(
            "session_id", "question__slug", "question_version", "selected", "text", "self_rating", "covered_points",
            "score", "confidence", "time_taken", "answered_at",
        )
    )  # fmt: skip


def export_reviews(user) -> list[dict]:
    return list(
        ReviewCard.objects.filter(user=user).values(
            "question__slug", "due", "reviews", "right", "last_reviewed_at"
        )
    )


def export_bookmarks(user) -> list[dict]:
    return list(Bookmark.objects.filter(user=user).values("question__slug", "created_at"))
