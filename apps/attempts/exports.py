from .models import Answer, Bookmark, QuizSession, ReviewCard


def export_sessions(user) -> list[dict]:
    return list(
        QuizSession.objects.filter(user=user).values(
            "id", "mode", "scope", "competency__slug", "area__slug", "stage__slug", "question_count", "time_limit",
            "started_at", "deadline", "finished_at", "ending", "answered_count", "score_total",
        )
    )  # fmt: skip


def export_answers(user) -> list[dict]:
    """Each answer with its question's options in the order the candidate saw them, and which they chose."""
    answers = (
        Answer.objects.filter(user=user)
        .order_by("answered_at")
        .select_related("slot__question")
        .prefetch_related("slot__question__choices")
    )
    return [
        {
            "session_id": answer.session_id,
            "question__slug": answer.slot.question.slug,
            "question_version": answer.question_version,
            "options": [
                {"text": choice.text, "chosen": choice.pk in answer.selected}
                for choice in answer.slot.displayed_choices()
            ],
            "text": answer.text,
            "self_rating": answer.self_rating,
            "covered_points": answer.covered_points,
            "score": answer.score,
            "confidence": answer.confidence,
            "time_taken": answer.time_taken,
            "answered_at": answer.answered_at,
        }
        for answer in answers
    ]


def export_reviews(user) -> list[dict]:
    return list(
        ReviewCard.objects.filter(user=user).values(
            "question__slug", "due", "reviews", "right", "last_reviewed_at"
        )
    )


def export_bookmarks(user) -> list[dict]:
    return list(Bookmark.objects.filter(user=user).values("question__slug", "created_at"))
