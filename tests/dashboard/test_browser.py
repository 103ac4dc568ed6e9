"""The dashboard served for real and opened in headless Chromium (Debian's, driven by Playwright)."""

from __future__ import annotations

import os
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests import REPO_ROOT
from tests.conftest import BIN

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = REPO_ROOT / "test-output" / "screenshots"
PAGES = {"overview": "", "compare": "compare", "article48": "article48", "returns": "returns",
         "cooperation": "cooperation", "frontex": "frontex", "quality": "quality", "glossary": "glossary"}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(published):
    port = _free_port()
    log = tempfile.TemporaryFile()  # a file, not a pipe: an unread pipe fills up and blocks the server
    process = subprocess.Popen([str(BIN / "returnstats"), "dashboard", "--db", str(published), "--port", str(port)],
                               stdout=log, stderr=subprocess.STDOUT, env=os.environ.copy())
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.5)
        else:
            log.seek(0)
            pytest.fail("the dashboard did not start: " + log.read().decode())
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def _listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on the port, from /proc/net/tcp{,6}."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_it_listens_on_127_0_0_1_only(server):
    port = int(server.rsplit(":", 1)[1])
    assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1 in /proc's byte order


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is required (make test installs it)"
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _open(browser, url: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1600}, accept_downloads=True)
    page.goto(url)
    page.wait_for_selector('[data-testid="stSidebarNav"]', timeout=60_000)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.wait_for_timeout(1500)  # charts draw after the script has finished
    return page


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_opens_without_error_elements(server, browser, name):
    page = _open(browser, f"{server}/{PAGES[name]}")
    try:
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0
        assert page.get_by_text("Page not found").count() == 0
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    finally:
        page.close()


def test_the_world_map_is_drawn_without_network(server, browser):
    page = _open(browser, f"{server}/cooperation")
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(server) else None)
    try:
        # coastlines come from the topojson file: drawn only when it loaded (from our own server)
        page.wait_for_selector(".js-plotly-plot .geo .layer.coastlines path", state="attached", timeout=30_000)
        assert outside == []
    finally:
        page.close()


def test_download_contains_the_transmitted_table(server, browser, published):
    page = _open(browser, f"{server}/article48")
    try:
        with page.expect_download() as download:
            page.get_by_role("button", name="Download ART48_Q_DE_2024-Q1.csv").click()
        content = Path(download.value.path()).read_text()
    finally:
        page.close()
    sent = (published.parent.parent / "exports" / "ART48_Q_DE_2024-Q1.csv").read_text()
    parse = lambda text: sorted(line.rstrip(",").replace('""', "") for line in text.strip().splitlines())  # noqa: E731
    assert parse(content) == parse(sent)


def test_a_link_reproduces_a_view_and_survives_a_reload(server, browser):
    page = _open(browser, f"{server}/frontex?citizen=UNK&geo=LI")
    try:
        for _ in range(2):  # as opened, then after a reload
            sidebar = page.locator('[data-testid="stSidebar"]')
            sidebar.get_by_text("Liechtenstein (LI)").wait_for(timeout=60_000)
            assert sidebar.get_by_label("Citizenship").input_value() == "Unknown (UNK)"
            assert "geo=LI" in page.url and "citizen=UNK" in page.url
            # LI has no data in the hand-made extract: an empty state, not empty axes
            page.get_by_text("No application, document or reintegration").wait_for(timeout=60_000)
            page.reload()
            page.wait_for_selector('[data-testid="stSidebarNav"]', timeout=60_000)
            page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
            page.wait_for_timeout(1500)
    finally:
        page.close()


def test_a_bad_link_is_reported_and_the_page_still_works(server, browser):
    page = _open(browser, f"{server}/?geo=XX&citizen=%3Cscript%3E")
    try:
        assert page.get_by_text("Link parameter ignored: geo='XX'").count() == 1
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.get_by_text("Ordered to leave").count() >= 1
        assert "geo=" not in page.url  # ignored parameters leave the link
    finally:
        page.close()


def test_a_chart_download_holds_the_figures_with_their_labels_and_units(server, browser):
    page = _open(browser, f"{server}/?geo=FR")
    try:
        with page.expect_download() as download:
            page.get_by_role("button", name="⬇ the data (CSV)").first.click()
        assert download.value.suggested_filename == "HEADLINES_geo-FR_citizen-TOTAL_sex-T_age-TOTAL_2024-Q1.csv"
        rows = Path(download.value.path()).read_text().strip().splitlines()
    finally:
        page.close()
    assert rows[0] == "time_period,measure,persons (number),not_collected"
    # by hand (tests/handmade_extract.py): FR ordered 5 persons to leave and returned 4 in 2024-Q1
    assert "2024-Q1,Ordered to leave,5,False" in rows and "2024-Q1,Returned,4,False" in rows


def test_a_return_type_has_the_same_colour_in_the_legend_everywhere(server, browser):
    page = _open(browser, f"{server}/returns")
    try:
        legend = page.locator(".js-plotly-plot .legend .traces", has_text="Enforced (forced) return").first
        fill = legend.locator(".legendpoints path").first.evaluate("e => getComputedStyle(e).fill")
    finally:
        page.close()
    assert fill == "rgb(213, 94, 0)"  # Okabe–Ito vermillion (#D55E00), fixed for ASSI_FORC


def test_headline_numbers_keep_every_digit_on_an_820_px_window(server, browser):
    page = browser.new_page(viewport={"width": 820, "height": 1200})
    try:
        page.goto(server)
        # The metrics arrive one by one as the script runs, and Streamlit shows its running
        # widget only after a delay: wait for all six rather than for the widget to go.
        page.wait_for_function("document.querySelectorAll('[data-testid=\"stMetricValue\"]').length >= 6",
                               timeout=60_000)
        page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
        values = page.locator('[data-testid="stMetricValue"]')
        assert values.count() == 6
        for index in range(values.count()):
            clipped = values.nth(index).evaluate(
                "e => [...e.querySelectorAll('*'), e].some(n => n.scrollWidth > n.clientWidth + 1)")
            assert not clipped, values.nth(index).inner_text()
    finally:
        page.close()
