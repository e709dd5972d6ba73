"""Forms for users and API tokens."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chidao.accounts.choices import Role
from chidao.accounts.models import User
from chidao.units.models import Unit
from chidao.units.queries import picker_label


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản này đã bị khoá."),
    }


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return picker_label(obj, timezone.localdate())


class UserForm(forms.ModelForm):
    password = forms.CharField(
        label=_("Mật khẩu"),
        widget=forms.PasswordInput(render_value=False),
        required=False,
        help_text=_("Để trống khi sửa nếu không đổi mật khẩu."),
    )
    unit = UnitChoiceField(queryset=Unit.objects.none(), required=False, label=_("Đơn vị"))

    class Meta:
        model = User
        fields = [
            "username",
            "full_name",
            "email",
            "role",
            "unit",
            "position",
            "phone",
            "is_active",
        ]

    def __init__(self, *args: Any, province: Unit | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        units = Unit.objects.valid_on(today)
        if province is not None:
            units = units.filter(province=province) | Unit.objects.filter(pk=province.pk)
        if self.instance.unit_id:  # a unit gone since stays the user's until changed
            units = units | Unit.objects.filter(pk=self.instance.unit_id)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = units.select_related("parent").order_by("kind", "name")
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = Role.choices
        if self.instance.pk is None:
            self.fields["password"].required = True
            self.fields["password"].help_text = ""


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Tên khoá"), max_length=100)
    expires_on = forms.DateField(label=_("Hết hạn ngày"), required=False)

    def clean_expires_on(self) -> Any:
        value = self.cleaned_data.get("expires_on")
        if value is not None and value <= timezone.localdate():
            raise forms.ValidationError(_("Ngày hết hạn phải sau hôm nay."))
        return value
