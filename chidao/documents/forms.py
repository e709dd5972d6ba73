"""Forms of the documents app: upload, metadata, and the review screen's task edits."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chidao.core.uploads import DIRECTIVE_TYPES, check_size
from chidao.documents.choices import DocumentKind, SignatureForm
from chidao.documents.models import Document
from chidao.documents.services import METADATA_FIELDS
from chidao.tasks.choices import AssignmentRole, Frequency

DATE_WIDGET = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp văn bản"),
        help_text=_("Word (.docx), PDF có lớp chữ, hoặc văn bản thuần (.txt, .md)."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(DIRECTIVE_TYPES)}),
        error_messages={"empty": _("Tệp rỗng, không có nội dung.")},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        check_size(upload.size)  # before the view reads the file into memory
        return upload


class MetadataForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Document
        fields = METADATA_FIELDS
        widgets = {
            "issued_on": DATE_WIDGET,
            "meeting_date": DATE_WIDGET,
            "title": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = DocumentKind.choices
        form = self.fields["signature_form"]
        assert isinstance(form, forms.ChoiceField)
        form.choices = SignatureForm.choices
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version


class TaskForm(forms.Form):
    """One draft task's wording and timing."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Nội dung nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 3}))
    due_date = forms.DateField(label=_("Thời hạn"), required=False, widget=DATE_WIDGET)
    due_text = forms.CharField(label=_("Thời hạn (nguyên văn)"), required=False, max_length=255)
    recurrence_freq = forms.ChoiceField(
        label=_("Định kỳ"),
        required=False,
        choices=[("", _("Không định kỳ")), *Frequency.choices],
    )
    recurrence_day = forms.IntegerField(
        label=_("Hạn trong kỳ (ngày)"), required=False, min_value=1, max_value=31
    )
    recurrence_text = forms.CharField(
        label=_("Định kỳ (nguyên văn)"), required=False, max_length=255
    )
    ongoing = forms.BooleanField(label=_("Thường xuyên"), required=False)


class SplitForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    at = forms.IntegerField(label=_("Tách tại ký tự"), required=False, min_value=0)
    first_title = forms.CharField(label=_("Nhiệm vụ thứ nhất"), required=False)
    second_title = forms.CharField(label=_("Nhiệm vụ thứ hai"), required=False)


class MergeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    other = forms.UUIDField(widget=forms.HiddenInput)
    other_version = forms.IntegerField(widget=forms.HiddenInput)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class MentionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    role = forms.ChoiceField(choices=AssignmentRole.choices)
    target = forms.CharField(max_length=80)
    replace = forms.IntegerField(required=False)


class NewTaskForm(forms.Form):
    title = forms.CharField(label=_("Nội dung nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 2}))
    quote_start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    quote_end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
