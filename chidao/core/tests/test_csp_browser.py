"""Browser: the main pages run under the Content-Security-Policy without a single
violation, with stored script payloads in their text, and still work (htmx filters,
Bootstrap menus, the API docs' swagger-ui)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from chidao.core.tests.test_security_xss import (  # noqa: F401  # fixtures
    regime_setup,
    stored,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Reports every violation to the console, where the test collects it (Chromium also logs
# "Refused to …" itself; the event gives the directive whatever the wording).
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} ${where}`);
});
"""


def _watch(page: Page) -> list[str]:
    """Collects CSP violations and any alert/confirm dialog (a payload that ran)."""
    seen: list[str] = []

    def on_console(message: Any) -> None:
        text = message.text
        if "CSP violation" in text or "Content Security Policy" in text:
            seen.append(text)

    def on_dialog(dialog: Any) -> None:
        seen.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    page.on("console", on_console)
    page.on("dialog", on_dialog)
    page.add_init_script(REPORT_VIOLATIONS)
    return seen


def _visit(page: Page, path: str, seen: list[str]) -> None:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("typeof htmx") == "object", path
    assert seen == [], f"{path}: {seen}"


def test_the_watcher_sees_a_violation(open_as: Any, people: Any) -> None:
    """An inline script added to a page is refused and reported: the checks below mean
    something."""
    page = open_as("donvi")
    seen = _watch(page)
    page.goto("/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.ran = 1'; document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.ran") is None
    assert any("script-src" in text for text in seen)


def test_secretariat_pages_run_under_the_policy(
    open_as: Any,
    people: Any,
    province: Any,
    stored: SimpleNamespace,  # noqa: F811
) -> None:
    page = open_as("thuongtruc")
    seen = _watch(page)
    setup = stored.setup
    for path in [
        "/",
        f"/tasks/{stored.task.uuid}/",
        f"/documents/{stored.document.uuid}/review/",
        f"/reporting/submissions/{setup.submissions['yt'].uuid}/",
        f"/reporting/regimes/{setup.regime.uuid}/",
        f"/indicators/{stored.ratio.code}/?period={setup.period.code}",
        f"/indicators/scoreboard/?period={setup.period.code}",
        "/units/",
    ]:
        _visit(page, path, seen)

    # htmx: the unit directory's search swaps the results in place.
    page.goto("/units/")
    page.locator("#unit-q").fill("tai chinh")
    expect(page.locator("#unit-results")).to_contain_text("Sở Tài chính")
    expect(page.locator("#unit-results")).not_to_contain_text("Sở Y tế")
    # Bootstrap (Tabler's JS): the user menu opens.
    page.get_by_label("Menu người dùng").click()
    expect(page.get_by_role("link", name="Đổi mật khẩu")).to_be_visible()

    # The API docs: swagger-ui from our own static files draws the endpoints.
    page.goto("/api/v1/docs")
    # The schema of every router is built on first request: allow for a busy machine.
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible(timeout=30_000)
    expect(page.locator(".swagger-ui")).to_contain_text("/api/v1/units")
    assert seen == [], seen


def test_officer_pages_run_under_the_policy(
    open_as: Any,
    people: Any,
    province: Any,
    stored: SimpleNamespace,  # noqa: F811
) -> None:
    page = open_as("donvi")
    seen = _watch(page)
    setup = stored.setup
    for path in [
        "/",
        "/tasks/inbox/",
        f"/tasks/{stored.task.uuid}/",
        f"/reporting/submissions/{setup.submissions['tc'].uuid}/",
        f"/indicators/{stored.ratio.code}/?period={setup.period.code}",
        f"/documents/{stored.published.uuid}/",
        "/notifications/",
        "/units/",
    ]:
        _visit(page, path, seen)

    # htmx: the task list's search filters the rows in place (no page load).
    page.goto("/tasks/")
    page.evaluate("window.sameDocument = true")
    results = page.locator("#task-results")
    expect(results).to_contain_text("Nhiệm vụ <script>alert(1)</script>")
    expect(results).to_contain_text("Rà soát quy trình nội bộ")
    page.locator("#id_q").fill("ra soat quy trinh")
    expect(results).not_to_contain_text("Nhiệm vụ <script>")
    expect(results).to_contain_text("Rà soát quy trình nội bộ")
    assert page.evaluate("window.sameDocument") is True
    assert seen == [], seen


def test_commune_officer_fills_the_submission_form_under_the_policy(
    open_as: Any,
    people: Any,
    stored: SimpleNamespace,  # noqa: F811
) -> None:
    page = open_as("xa")
    seen = _watch(page)
    _visit(page, f"/reporting/submissions/{stored.commune_row.uuid}/", seen)
    # The guidance is shown as text, payload and all.
    expect(page.locator(".form-hint").first).to_contain_text("Hướng dẫn <script>alert(1)</script>")
    assert seen == [], seen


# A chart as a page declares it (a [data-chart] element and its option as a JSON block,
# see app.js), with a tooltip: ECharts' default HTML tooltip is made of style attributes.
CHART = """
<script type="application/json" id="csp-chart-option">
{"tooltip": {"trigger": "axis"}, "xAxis": {"type": "category", "data": ["Q1", "Q2", "Q3"]},
 "yAxis": {}, "series": [{"name": "TL-HSTT", "type": "bar", "data": [60, 70, 85]}]}
</script>
<div class="chart" id="csp-chart" data-chart="csp-chart-option"></div>
"""


def test_charts_and_their_tooltips_draw_under_the_policy(open_as: Any, people: Any) -> None:
    """No page has a chart yet; this one is swapped in by htmx, as a partial would be, on a
    page that loads ECharts from our static files."""
    page = open_as("donvi")
    seen = _watch(page)
    _visit(page, "/", seen)
    page.evaluate(
        """() => new Promise((done) => {
          const s = document.createElement("script");
          s.src = "/static/vendor/echarts/echarts.min.js";
          s.onload = done;
          document.body.appendChild(s);
        })"""
    )
    page.evaluate(
        "(html) => htmx.swap('#main .container-xl', html, {swapStyle: 'afterbegin'})", CHART
    )
    chart = page.locator("#csp-chart")
    expect(chart.locator("canvas")).to_have_count(1)
    box = chart.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(500)
    shown = page.evaluate(
        "() => echarts.getInstanceByDom(document.getElementById('csp-chart'))"
        ".getOption().tooltip[0].renderMode"
    )
    assert shown == "richText"
    assert seen == [], seen
