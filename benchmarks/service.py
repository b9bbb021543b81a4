"""The HTTP service under load: requests per second and latency of POST /packs with 8 concurrent clients,
and the time of a 30-unit POST /rounds for the Word files. The service runs as users run it
(`checklists serve`, one process, uvicorn), the clients in this process (httpx, keep-alive).

    python benchmarks/service.py [--seconds 20]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from run import scaled_round  # noqa: E402  # the example unit mix the other benchmarks use


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def packs_under_load(base: str, seconds: float, clients: int = 8) -> str:
    units = scaled_round(64)["units"]
    rnd = {k: v for k, v in scaled_round(1).items() if k != "units"}
    times: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(n: int) -> None:
        mine: list[float] = []
        with httpx.Client(base_url=base, timeout=60) as http:
            i = n
            while time.monotonic() < stop:
                body = {"unit": units[i % len(units)], "round": rnd}
                start = time.perf_counter()
                answer = http.post("/packs", json=body)
                mine.append(time.perf_counter() - start)
                assert answer.status_code == 200, answer.text
                i += clients
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.perf_counter() - began
    return (f"| POST /packs, {clients} clients, {seconds:.0f} s | {len(times) / took:.0f} requests/s | "
            f"median {statistics.median(times) * 1000:.1f} ms | p99 {_percentile(times, 0.99) * 1000:.1f} ms | "
            f"{len(times)} requests |")


def round_of_30(base: str, repeat: int = 3) -> str:
    body = scaled_round(30)
    times = []
    size = 0
    with httpx.Client(base_url=base, timeout=600) as http:
        for _ in range(repeat):
            start = time.perf_counter()
            answer = http.post("/rounds?formats=docx", content=json.dumps(body, ensure_ascii=False).encode(),
                               headers={"Content-Type": "application/json"})
            times.append(time.perf_counter() - start)
            assert answer.status_code == 200, answer.text
            size = len(answer.content)
    return (f"| POST /rounds?formats=docx, 30 units | median of {repeat}: {statistics.median(times):.2f} s | "
            f"slowest {max(times):.2f} s | zip {size / 2**20:.1f} MB | |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    port = _port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    server = subprocess.Popen([sys.executable, "-m", "checklists", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(400):
            try:
                if httpx.get(base + "/healthz").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.05)
        print(f"checklists serve on {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
        print("| workload | throughput | latency | | |\n|---|---|---|---|---|")
        print(packs_under_load(base, args.seconds))
        print(round_of_30(base))
    finally:
        server.terminate()
        server.wait(10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
