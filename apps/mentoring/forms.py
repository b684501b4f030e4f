from django import forms
from django.contrib.auth import get_user_model

from apps.competencies.models import Competency

User = get_user_model()


class InviteForm(forms.Form):
    who = forms.CharField(label="Mentor's username or e-mail address", max_length=254)

    def clean_who(self):
        who = self.cleaned_data["who"].strip()
        user = (
            User.objects.filter(username__iexact=who).first()
            or User.objects.filter(email__iexact=who).first()
        )
        if user is None:
            raise forms.ValidationError(
                "Nobody on Rungs has that username or e-mail. Send them an invitation link instead."
            )
        return user


class PlanForm(forms.Form):
    competencies = forms.ModelMultipleChoiceField(
        queryset=Competency.objects.measured(), widget=forms.CheckboxSelectMultiple, to_field_name="slug"
    )
    question_count = forms.IntegerField(min_value=1, max_value=200, initial=20, label="Questions")
    due_on = forms.DateField(label="Due", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class CommentForm(forms.Form):
    text = forms.CharField(label="Comment", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class CohortForm(forms.Form):
    name = forms.CharField(max_length=80, label="New cohort")
