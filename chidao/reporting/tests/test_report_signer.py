"""Who signs the province's report: one setting on the regime (the steering committee or
its standing department) gives the header's issuer, the number symbol, the signature
block and the addressees, and a setting that contradicts itself is refused."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from docx import Document as read_docx

from chidao.core.models import AuditEvent
from chidao.reporting.choices import ReportSigner
from chidao.reporting.models import Regime
from chidao.reporting.report import build_docx, consolidate
from chidao.reporting.services import save_regime
from chidao.reporting.signing import position_of, signature_lines

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("signer", "title", "lines"),
    [
        (ReportSigner.COMMITTEE, "", ["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN"]),
        (ReportSigner.COMMITTEE, "Trưởng ban", ["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN"]),
        (
            ReportSigner.COMMITTEE,
            "Phó Trưởng ban thường trực",
            ["TM. BAN CHỈ ĐẠO", "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN THƯỜNG TRỰC"],
        ),
        # A title typed in full keeps only its position: the rest is derived.
        (
            ReportSigner.COMMITTEE,
            "KT. TRƯỞNG BAN/PHÓ TRƯỞNG BAN",
            ["TM. BAN CHỈ ĐẠO", "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"],
        ),
        (ReportSigner.STANDING, "", ["GIÁM ĐỐC"]),
        (ReportSigner.STANDING, "Giám đốc", ["GIÁM ĐỐC"]),
        (ReportSigner.STANDING, "Phó Giám đốc", ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]),
        (ReportSigner.STANDING, "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]),
    ],
)
def test_signature_lines_follow_who_signs(signer: str, title: str, lines: list[str]) -> None:
    assert signature_lines(signer, title, default_head="GIÁM ĐỐC") == lines


def test_position_of_a_typed_title() -> None:
    assert position_of("KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN THƯỜNG TRỰC") == "PHÓ TRƯỞNG BAN THƯỜNG TRỰC"
    assert position_of("TM. BAN CHỈ ĐẠO/KT. TRƯỞNG BAN") == ""


def _docx(regime: Regime, setup: Any, number: str = "") -> Any:
    c = consolidate(regime, setup.period, as_of=setup.as_of)
    return read_docx(io.BytesIO(build_docx(c, number=number)))


def _signature(doc: Any) -> tuple[list[str], str]:
    """(title and name lines, "Nơi nhận" text) of the signature block."""
    block = next(t for t in doc.tables if "Nơi nhận:" in t.cell(0, 0).text)
    return [p.text for p in block.cell(0, 1).paragraphs if p.text], block.cell(0, 0).text


@pytest.mark.parametrize(
    ("signer", "title", "issuer", "symbol", "block", "addressee", "kept"),
    [
        (
            ReportSigner.COMMITTEE,
            "Phó Trưởng ban thường trực",
            "BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ TỈNH",
            "Số: 9/BC-BCĐ",
            ["TM. BAN CHỈ ĐẠO", "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN THƯỜNG TRỰC", "Hoàng Văn Phó"],
            "Kính gửi: Ủy ban nhân dân tỉnh Lạng Sơn.",
            "- Lưu: VT, SKHCN.",  # the standing department drafted it
        ),
        (
            ReportSigner.STANDING,
            "Phó Giám đốc",
            "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
            "Số: 9/BC-SKHCN",
            ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Hoàng Văn Phó"],
            "Kính gửi: Ban Chỉ đạo chuyển đổi số tỉnh.",
            "- Lưu: VT.",
        ),
    ],
)
def test_header_number_and_signature_agree_for_each_setting(
    regime_setup: Any,
    province: Any,
    people: Any,
    signer: str,
    title: str,
    issuer: str,
    symbol: str,
    block: list[str],
    addressee: str,
    kept: str,
) -> None:
    s = regime_setup
    regime = save_regime(
        people.thuongtruc,
        s.regime,
        {"receiver": province.khcn, "report_signer": signer, "signer_title": title},
    )
    doc = _docx(regime, s, number="9")
    left = doc.tables[0].cell(0, 0).text
    assert issuer in left
    assert symbol in left
    lines, recipients = _signature(doc)
    assert lines == block
    texts = [p.text for p in doc.paragraphs]
    assert addressee in texts
    assert "- Như trên;" in recipients
    assert kept in recipients
    # The other body appears nowhere as the issuer.
    other = "SỞ KHOA HỌC VÀ CÔNG NGHỆ" if signer == ReportSigner.COMMITTEE else "BAN CHỈ ĐẠO"
    assert other not in left
    assert any(line.startswith("TM.") for line in lines) is (signer == ReportSigner.COMMITTEE)
    event = AuditEvent.objects.filter(action="regime.update").latest("pk")
    assert event.after is not None
    assert event.after["report_signer"] == signer


def test_several_addressees_are_listed_under_kinh_gui(regime_setup: Any, people: Any) -> None:
    s = regime_setup
    regime = save_regime(
        people.thuongtruc,
        s.regime,
        {"report_addressee": "Thường trực Tỉnh ủy; Ủy ban nhân dân tỉnh"},
    )
    texts = [p.text for p in _docx(regime, s).paragraphs]
    at = texts.index("Kính gửi:")
    assert texts[at + 1 : at + 3] == ["- Thường trực Tỉnh ủy;", "- Ủy ban nhân dân tỉnh."]


def test_the_standing_department_cannot_sign_without_being_named(
    regime_setup: Any, people: Any
) -> None:
    s = regime_setup
    with pytest.raises(ValidationError) as err:
        save_regime(
            people.thuongtruc,
            s.regime,
            {"receiver": None, "report_signer": ReportSigner.STANDING, "signer_title": "Giám đốc"},
        )
    assert err.value.message_dict["receiver"] == [
        "Cơ quan thường trực ký báo cáo tổng hợp thì phải chọn cơ quan nhận báo cáo là sở, "
        "ngành thường trực của Ban Chỉ đạo."
    ]
    s.regime.refresh_from_db()
    assert s.regime.report_signer == ReportSigner.COMMITTEE
    assert not AuditEvent.objects.filter(action="regime.update").exists()


def test_a_position_of_the_other_body_is_refused(
    regime_setup: Any, province: Any, people: Any
) -> None:
    s = regime_setup
    with pytest.raises(ValidationError) as err:
        save_regime(people.thuongtruc, s.regime, {"signer_title": "Phó Giám đốc"})
    assert err.value.message_dict["signer_title"] == [
        "Ban Chỉ đạo ký báo cáo thì chức vụ người ký là Trưởng ban hoặc Phó Trưởng ban (ví dụ "
        "“Phó Trưởng ban thường trực”), không phải “Phó giám đốc”."
    ]
    with pytest.raises(ValidationError) as err:
        save_regime(
            people.thuongtruc,
            s.regime,
            {
                "receiver": province.khcn,
                "report_signer": ReportSigner.STANDING,
                "signer_title": "Phó Trưởng ban",
            },
        )
    assert (
        "Cơ quan thường trực ký báo cáo thì chức vụ người ký"
        in (err.value.message_dict["signer_title"][0])
    )
    s.regime.refresh_from_db()
    assert (s.regime.report_signer, s.regime.signer_title) == (
        ReportSigner.COMMITTEE,
        "KT. TRƯỞNG BAN/PHÓ TRƯỞNG BAN",
    )


def _form(province: Any, **extra: str) -> dict[str, Any]:
    return {
        "name": "Báo cáo kết quả dịch vụ công trực tuyến hằng quý",
        "units": [str(province.tc.uuid)],
        "frequency": "quarter",
        "cutoff_rule": "decree09",
        "due_rule": "day_of_month",
        "due_day": "10",
        "due_month": "next",
        "grace_days": "5",
        "first_period": "2025Q1",
        "active": "on",
        "sections-TOTAL_FORMS": "0",
        "sections-INITIAL_FORMS": "0",
        **extra,
    }


def test_secretariat_sets_who_signs_on_the_regime_form(
    login: Any, people: Any, province: Any
) -> None:
    client = login(people.thuongtruc)
    page = client.get("/reporting/regimes/new/").content.decode()
    assert "Cơ quan ký báo cáo tổng hợp" in page
    assert 'value="standing"' in page
    # Without a standing department to sign: the field's message, nothing saved.
    refused = client.post(
        "/reporting/regimes/new/",
        _form(province, report_signer="standing", signer_title="Giám đốc"),
    )
    assert "phải chọn cơ quan nhận báo cáo là sở, ngành thường trực" in refused.content.decode()
    assert not Regime.objects.exists()
    client.post(
        "/reporting/regimes/new/",
        _form(
            province,
            report_signer="standing",
            receiver=str(province.khcn.uuid),
            signer_title="Phó Giám đốc",
            signer_name="Lê Thu Trang",
            report_addressee="Ban Chỉ đạo chuyển đổi số tỉnh",
        ),
    )
    regime = Regime.objects.get()
    assert (regime.report_signer, regime.signer_title, regime.report_addressee) == (
        ReportSigner.STANDING,
        "Phó Giám đốc",
        "Ban Chỉ đạo chuyển đổi số tỉnh",
    )
    edit = client.get(f"/reporting/regimes/{regime.uuid}/edit/").content.decode()
    assert 'value="standing" class="form-check-input" id="id_report_signer_1" checked' in edit
    assert 'value="Phó Giám đốc"' in edit
    detail = client.get(f"/reporting/regimes/{regime.uuid}/").content.decode()
    assert (
        '<dd class="col-sm-8" id="report-signer">Cơ quan thường trực (cơ quan nhận báo cáo): '
        "Phó Giám đốc Lê Thu Trang</dd>"
    ) in detail


def test_a_stored_position_of_the_other_body_gives_way_to_the_heads_title(
    regime_setup: Any,
) -> None:
    """A regime saved before the rule (written here past the service) still signs in the
    name of the body in its header."""
    s = regime_setup
    Regime.objects.filter(pk=s.regime.pk).update(signer_title="Phó Giám đốc")
    s.regime.refresh_from_db()
    lines, _recipients = _signature(_docx(s.regime, s))
    assert lines == ["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN", "Hoàng Văn Phó"]


def test_regimes_saved_before_the_setting_keep_the_receiver_as_issuer(
    regime_setup: Any, province: Any
) -> None:
    """The data migration: a department receiver and a position that is not the
    committee's → the standing department signs; a committee position stays."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "chidao.reporting.migrations.0003_regime_report_signer_from_receiver"
    )
    s = regime_setup
    director = Regime.objects.create(
        province=province.unit,
        name="Báo cáo tháng của Sở",
        frequency="month",
        due_day=20,
        first_period="2025-01",
        receiver=province.khcn,
        signer_title="GIÁM ĐỐC",
    )
    Regime.objects.filter(pk=s.regime.pk).update(receiver=province.khcn)
    nobody = Regime.objects.create(
        province=province.unit, name="Báo cáo năm", frequency="year", first_period="2025"
    )
    migration.forwards(apps, None)
    signers = dict(Regime.objects.values_list("pk", "report_signer"))
    assert signers == {
        director.pk: ReportSigner.STANDING,
        s.regime.pk: ReportSigner.COMMITTEE,  # "KT. TRƯỞNG BAN/PHÓ TRƯỞNG BAN"
        nobody.pk: ReportSigner.COMMITTEE,
    }
