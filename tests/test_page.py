"""The page for staff, in a real browser: Debian's headless Chromium driven by Selenium, against the
service running on a port of this machine. It uploads the example round, looks at the lists, asks
why an item is there and downloads the Word booklet."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import checklists
from checklists.service import make_app

from .conftest import EXAMPLE_ROUND, REPO

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

if not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)):
    if os.environ.get("CI"):  # .ci/run installs them: their absence there is a failure, not a skip
        raise RuntimeError(f"the browser test needs {CHROMIUM} and {DRIVER} (Debian's chromium, chromium-driver)")
    pytest.skip("no chromium and chromedriver here (apt-get install chromium chromium-driver)", allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ready  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(make_app(checklists.load_library()), host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    for _ in range(200):
        if running.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(10)


def browser(downloads: Path) -> Any:
    """Headless Chromium as the machine's browser tests run it (no network beyond this machine)."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1400,1000", f"--user-data-dir={downloads / 'profile'}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    return webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=DRIVER))


def test_upload_the_example_round_see_the_lists_ask_why_and_download(server: str, tmp_path: Path) -> None:
    driver = browser(tmp_path)
    wait = WebDriverWait(driver, 60)
    try:
        driver.get(server + "/")
        wait.until(lambda d: "内容库" in d.find_element(By.ID, "library").text)
        upload = driver.find_element(By.ID, "round-file")
        upload.send_keys(f"{EXAMPLE_ROUND}\n{REPO / 'examples' / 'units' / 'chengtou.yaml'}")
        driver.find_element(By.ID, "file-go").click()
        wait.until(ready.visibility_of_element_located((By.ID, "result")))
        tabs = [b.text for b in driver.find_elements(By.CSS_SELECTOR, "#units button")]
        assert tabs == ["张庄村", "李洼村", "县人民医院", "县城市建设投资集团有限公司"]
        headings = [h.text for h in driver.find_elements(By.CSS_SELECTOR, "#lists h2")]
        assert [h.split("（")[0] for h in headings] == ["一、政策清单", "二、职能清单", "三、综合监督信息清单",
                                                      "四、问题清单", "五、调阅资料清单"]
        pack = checklists.load_library().generate_round(EXAMPLE_ROUND)[0]
        rows = driver.find_elements(By.CSS_SELECTOR, "table[data-kind='problem'] tr.item")
        assert len(rows) == len(pack.problem.items)
        rows[0].click()
        wait.until(lambda d: "规则" in d.find_element(By.ID, "why-text").text)
        assert pack.problem.items[0].id in driver.find_element(By.ID, "why-text").text
        driver.find_elements(By.CSS_SELECTOR, "#units button")[2].click()  # the hospital
        assert "公立医院" in driver.find_element(By.CSS_SELECTOR, ".classification").text
        driver.find_element(By.CSS_SELECTOR, ".downloads button[data-formats='docx']").click()
        wait.until(lambda d: any(p.suffix == ".zip" for p in tmp_path.iterdir()))
        archive = next(p for p in tmp_path.iterdir() if p.suffix == ".zip")
        names = zipfile.ZipFile(archive).namelist()
        assert any(n.endswith("-汇编.docx") for n in names) and sum(n.endswith(".docx") for n in names) == 5
    finally:
        driver.quit()


def test_fill_in_one_unit_and_see_a_problem_in_chinese(server: str, tmp_path: Path) -> None:
    driver = browser(tmp_path)
    wait = WebDriverWait(driver, 60)
    try:
        driver.get(server + "/")
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#unit-type option"))
        driver.find_element(By.ID, "tab-unit").click()
        driver.find_element(By.ID, "unit-name").send_keys("王家村")
        driver.find_element(By.CSS_SELECTOR, "[data-attribute='land_acquisition']").click()
        driver.find_element(By.ID, "unit-go").click()
        wait.until(ready.visibility_of_element_located((By.ID, "result")))
        assert [b.text for b in driver.find_elements(By.CSS_SELECTOR, "#units button")] == ["王家村"]
        texts = driver.find_element(By.ID, "lists").text
        assert "征地" in texts  # land_acquisition raised the village's land items
        field = driver.find_element(By.CSS_SELECTOR, "[data-attribute='households']")
        driver.execute_script("arguments[0].type='text'; arguments[0].value='多';", field)
        driver.find_element(By.ID, "unit-go").click()
        wait.until(ready.visibility_of_element_located((By.ID, "problems")))
        assert "households" in driver.find_element(By.ID, "problems").text
        assert "提交的内容有问题" in driver.find_element(By.ID, "problems").text
    finally:
        driver.quit()
