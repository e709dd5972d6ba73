"""The preference form: which e-mails a person wants."""

from __future__ import annotations

from django import forms

from chidao.notifications.models import NotificationPreference
from chidao.notifications.services import PREFERENCE_FIELDS


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = list(PREFERENCE_FIELDS)
