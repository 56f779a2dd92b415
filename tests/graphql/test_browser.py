"""A person in a browser: `dutygraph serve` running, GraphiQL in headless Chromium, the 2017 trace run."""

from __future__ import annotations

import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE
from tests.processes import CLI, cli_env, serving

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="needs Debian's chromium (/usr/bin/chromium), which .ci/run installs; the same page is checked "
    "without a browser in test_mutations_and_http.py::test_get_graphiql_offline_and_health",
)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """``dutygraph serve`` on the gypsum example, in its own process, as a user starts it."""
    store = tmp_path / "store"
    subprocess.run([*CLI, "load", str(EXAMPLE)], env=cli_env(store), check=True, capture_output=True)
    with serving(store) as url:
        yield url


def test_graphiql_runs_the_2017_trace_and_shows_the_persons(server: str) -> None:
    from playwright.sync_api import sync_playwright

    query = '{ trace(incident: "inc-2017") { date links { responsibility organization post person } } }'
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            page = browser.new_page()
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto(f"{server}/graphql?q={urllib.parse.quote(query)}")
            page.wait_for_selector(".graphiql-container", timeout=20000)
            page.click(".graphiql-execute-button")
            response = page.locator(".graphiql-response")
            response.get_by_text("赵磊").first.wait_for(timeout=20000)
            text = response.inner_text()
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "graphiql-trace-2017.png"))
        finally:
            browser.close()
    assert '"date": "2017-06-12"' in text
    for person in ("赵磊", "钱进"):
        assert person in text
    # everything the page needed came from the server itself: it works on an offline machine
    assert requests and all(url.startswith(server) for url in requests)


def test_the_explorer_searches_and_draws_the_2017_chain(server: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            errors: list[str] = []
            requests: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("request", lambda request: requests.append(request.url))
            page.goto(f"{server}/?lang=zh")
            headings = [page.inner_text("h1"), *page.locator("h2").all_inner_texts()]
            page.fill("#q", "石膏矿")
            page.click("#search")
            page.wait_for_selector("#hits li", timeout=20000)
            assert page.inner_text("#hits").splitlines()[0] == "石膏矿（监管对象）"
            page.click("#hits li")
            page.wait_for_function("window.cy.nodes().length > 1", timeout=20000)
            assert "金属非金属矿山" in page.evaluate("window.cy.nodes().map(n => n.data('label'))")
            page.fill("#t-incident", "inc-2017")
            page.click("#trace")
            page.wait_for_selector("#chain li", timeout=20000)
            chain = page.inner_text("#chain")
            drawn = page.evaluate("window.cy.nodes().map(n => n.data('label'))")
            edges = page.evaluate("window.cy.edges().map(e => e.data('label'))")
            # A角 and B角 are drawn apart: a solid and a dashed border, and a B角 not answering faded
            styles = page.evaluate(
                "window.cy.nodes('[postRole]').map(n => [n.data('postRole'), n.style('border-style'), n.style('opacity')])"
            )
            # the road-works trace: the lead's lines solid, the cooperating bureau's dashed
            page.fill("#t-incident", "")
            page.fill("#date", "2018-04-10")
            page.fill("#t-subject", "公路工程")
            page.fill("#t-region", "990100")
            page.click("#trace")
            page.wait_for_function("document.querySelector('#chain').innerText.includes('配合')", timeout=20000)
            lines = page.evaluate("window.cy.edges('[role]').map(e => [e.data('role'), e.style('line-style')])")
            road = page.inner_text("#chain")
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "explorer-trace-2017.png"))
        finally:
            browser.close()
    # the page in Chinese, as its users read it
    assert headings == ["dutygraph 职责图谱浏览", "搜索", "问题清单", "责任追溯", "投诉分办"]
    # the chain from the failure up to the chief, each step saying why
    assert "主体责任 · 石岭市城郊石膏矿 · 主要负责人 · 宁远" in chain  # the enterprise first
    assert "直接责任 · 牵头 · 石岭市煤炭工业局 · 煤矿安全监察员（A角） · A角 · 赵磊" in chain
    assert "直接责任 · 牵头 · 石岭市煤炭工业局 · 煤矿安全监察员（B角） · B角 · 钱进" in chain
    assert "主管责任 · 牵头 · 石岭市煤炭工业局 · 副局长（分管安全监察） · 李明" in chain
    assert "领导责任 · 牵头 · 石岭市煤炭工业局 · 局长 · 王建国" in chain
    assert "领导责任 · 牵头 · 石岭市人民政府 · 副市长（分管安全生产） · 宋杰" in chain
    assert "为石岭市煤炭工业局主要负责人" in chain
    assert "⚠ 职责交叉（包含）" in chain  # the open overlap beside the names
    assert {"赵磊", "王建国"} <= set(drawn) and "任职" in edges and "直接责任" in edges
    assert ["primary", "solid", "1"] in styles and ["backup", "dashed", "0.45"] in styles
    assert ["lead", "solid"] in lines and ["cooperating", "dashed"] in lines
    assert road.index("石岭市交通运输局") < road.index("石岭市住房和城乡建设局")
    assert errors == [] and all(url.startswith(server) or url.startswith("data:") for url in requests)


def test_the_explorer_routes_a_complaint_typed_in_its_box(server: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(f"{server}/?lang=zh")
            page.fill("#date", "2017-06-05")
            page.fill("#c-text", "群众反映城郊一处石膏矿违规开采，井下作业没有安全防护，多次反映无人处理")
            page.fill("#c-region", "990100")
            page.fill("#c-received", "石岭市市场监督管理局")
            page.click("#route")
            page.wait_for_selector("#routed li", timeout=20000)
            routed = page.inner_text("#routed")
            drawn = page.evaluate("window.cy.nodes().map(n => n.data('label'))")
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "explorer-route-2017.png"))
            page.fill("#c-text", "小区门口的路灯坏了一个多月")
            page.click("#route")
            page.wait_for_function("document.querySelector('#routed').innerText.includes('没有匹配项')", timeout=20000)
            nothing = page.inner_text("#routed")
        finally:
            browser.close()
    assert "识别为：石膏矿（“石膏矿”）" in routed and "⚠ 职责交叉（包含）" in routed
    assert "处理意见：石岭市煤炭工业局、石岭市安全生产监督管理局" in routed and "办理时限：2017-09-04" in routed
    assert routed.index("石岭市煤炭工业局 · 牵头") < routed.index("石岭市安全生产监督管理局 · 牵头")
    assert "石岭市煤炭工业局（牵头）" in drawn and any("赵磊" in str(label) for label in drawn)
    assert "疑似监管对象的词语：路灯" in nothing
    assert errors == []


def test_the_html_report_in_chinese_as_the_browser_shows_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The report opened in Chromium from the file it is (no server): its headings in Chinese, a screenshot."""
    from playwright.sync_api import sync_playwright

    monkeypatch.delenv("DUTYGRAPH_LANG")  # as a user runs it: Chinese by default
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from dutygraph.cli import main; main()",
            "report",
            str(EXAMPLE),
            "--as-of",
            "2017-06-01",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto((tmp_path / "report.html").as_uri())
            title = page.inner_text("h1")
            headings = page.locator("h2").all_inner_texts()
            chart = page.locator("svg.findings-chart").count()
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "report-2017-zh.png"), full_page=True)
        finally:
            browser.close()
    assert title == "职责审查报告（截至2017-06-01）"
    assert headings[:3] == ["概要", "部门间职责交叉", "问题清单"] and "表述模糊" in headings
    assert chart == 1
