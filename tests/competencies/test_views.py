import pytest
from django.urls import reverse

PROFILE = reverse("competencies:profile")


@pytest.mark.django_db
def test_the_profile_shows_stages_areas_competencies_and_question_counts(candidate_client, question_bank):
    response = candidate_client.get(PROFILE)

    html = response.content.decode()
    assert "AI Senior Backend Engineer" in html
    for text in (
        "Backend engineer, AI integration",
        "Containers and orchestration",
        "Cloud platforms",
        "Teamwork",
    ):
        assert text in html
    web_apis = next(
        c for a in response.context["areas"] for c in a.competencies.all() if c.slug == "web-apis"
    )
    assert web_apis.question_count >= 10


@pytest.mark.django_db
def test_the_profile_page_reads_a_fixed_number_of_queries(
    candidate_client, role_profile, django_assert_num_queries
):
    # session, user, profile, stages, areas, competencies with counts, their requirements
    with django_assert_num_queries(7):
        candidate_client.get(PROFILE)


@pytest.mark.django_db
def test_a_competency_page_shows_indicators_and_stage_targets(candidate_client, role_profile):
    html = candidate_client.get(reverse("competencies:competency", args=["teamwork"])).content.decode()

    assert "Answers promptly and states expectations and instructions plainly." in html
    assert "Senior AI backend engineer" in html
    assert "4 of 5" in html


@pytest.mark.django_db
def test_self_rated_competencies_say_so(candidate_client, role_profile):
    html = candidate_client.get(
        reverse("competencies:competency", args=["formal-education"])
    ).content.decode()

    assert "You rate yourself on this one" in html


@pytest.mark.django_db
def test_an_unknown_competency_is_404(candidate_client, role_profile):
    assert candidate_client.get(reverse("competencies:competency", args=["juggling"])).status_code == 404


@pytest.mark.django_db
def test_profile_pages_need_log_in(client, role_profile):
    assert client.get(PROFILE).status_code == 302
    assert client.get(reverse("competencies:competency", args=["teamwork"])).status_code == 302


@pytest.mark.django_db
def test_profile_pages_are_read_only(candidate_client, role_profile):
    assert candidate_client.post(PROFILE).status_code == 405


@pytest.mark.django_db
def test_without_a_loaded_profile_the_page_says_what_to_do(candidate_client):
    assert "No role profile is loaded yet" in candidate_client.get(PROFILE).content.decode()
