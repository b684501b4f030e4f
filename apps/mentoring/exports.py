from django.db.models import Q

from .models import Comment, Mentorship, PracticePlan


def export_user(user) -> dict:
    mine = Q(candidate=user) | Q(mentor=user)
    return {
        "mentorships": list(
            Mentorship.objects.filter(mine).values(
                "candidate__username",
                "mentor__username",
                "status",
                "share_open_answers",
                "created_at",
                "started_at",
                "ended_at",
            )
        ),
        "comments_written": list(
            Comment.objects.filter(author=user).values("answer_id", "text", "created_at")
        ),
        "practice_plans": list(
            PracticePlan.objects.filter(mentorship__candidate=user).values(
                "mentorship__mentor__username", "question_count", "due_on", "note", "created_at"
            )
        ),
    }
