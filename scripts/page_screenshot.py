"""For a reviewer's eyes: serve the page, upload the example round in headless Chromium, click an
item, and save screenshots under out-visual/ (page.png, page-why.png).

    python scripts/page_screenshot.py        # needs the dev extra and Debian's chromium, chromium-driver
"""

from __future__ import annotations

import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import uvicorn  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ready  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

import checklists  # noqa: E402
from checklists.service import make_app  # noqa: E402


def main() -> int:
    out = REPO / "out-visual"
    out.mkdir(exist_ok=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(make_app(checklists.load_library()), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as profile:
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--window-size=1400,1000", f"--user-data-dir={profile}"):
            options.add_argument(flag)
        driver = webdriver.Chrome(options=options, service=webdriver.ChromeService("/usr/bin/chromedriver"))
        try:
            wait = WebDriverWait(driver, 60)
            driver.get(f"http://127.0.0.1:{port}/")
            wait.until(lambda d: "内容库" in d.find_element(By.ID, "library").text)
            driver.find_element(By.ID, "round-file").send_keys(
                f"{REPO / 'examples' / 'round.yaml'}\n{REPO / 'examples' / 'units' / 'chengtou.yaml'}")
            driver.find_element(By.ID, "file-go").click()
            wait.until(ready.visibility_of_element_located((By.ID, "result")))
            driver.save_screenshot(str(out / "page.png"))
            driver.find_elements(By.CSS_SELECTOR, "table[data-kind='problem'] tr.item")[0].click()
            wait.until(lambda d: "规则" in d.find_element(By.ID, "why-text").text)
            driver.execute_script("document.querySelector(\"table[data-kind='problem']\").scrollIntoView()")
            driver.save_screenshot(str(out / "page-why.png"))
        finally:
            driver.quit()
    server.should_exit = True
    print(f"wrote {out / 'page.png'} and {out / 'page-why.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
