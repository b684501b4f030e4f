from django import forms
from django.contrib.auth import get_user_model

from apps.competencies.models import Competency

from .models import today, validate_not_in_the_past

User = get_user_model()


class InviteForm(forms.Form):
    who = forms.CharField(label="Mentor's username or e-mail address", max_length=254)

    def recipient(self):
        """The account the candidate means, or None. What the candidate is told must not depend on it: the form is
        no way to learn whether an account exists, or whose an e-mail address is."""
        who = self.cleaned_data["who"]
        return (
            User.objects.filter(username__iexact=who).first()
            or User.objects.filter(email__iexact=who).first()
        )


class PlanForm(forms.Form):
    competencies = forms.ModelMultipleChoiceField(
        queryset=Competency.objects.measured(), widget=forms.CheckboxSelectMultiple, to_field_name="slug"
    )
    question_count = forms.IntegerField(min_value=1, max_value=200, initial=20, label="Questions")
    due_on = forms.DateField(
        label="Due", widget=forms.DateInput(attrs={"type": "date"}), validators=[validate_not_in_the_past]
    )
    note = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The browser's date picker offers no past day either; the validator is what counts.
        self.fields["due_on"].widget.attrs["min"] = today().isoformat()


class CommentForm(forms.Form):
    text = forms.CharField(label="Comment", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class CohortForm(forms.Form):
    name = forms.CharField(max_length=80, label="New cohort")
