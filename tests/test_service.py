"""The HTTP service: each route on real content, its problem details, its limits, and that nothing a
client sends makes it answer 500."""

from __future__ import annotations

import io
import json
import zipfile
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient

import checklists
from checklists.cli import main
from checklists.schemas import load
from checklists.service import Limits, make_app

from .conftest import EXAMPLE_ROUND, REPO

UNIT = {"id": "zz", "name": "张庄村", "type": "village", "attributes": {"land_acquisition": True}}
ROUND = {"id": "2026-1", "name": "县委2026年第一轮巡察", "start": "2026-03-01"}
FILES = {"round.yaml": EXAMPLE_ROUND.read_text(encoding="utf-8"),
         "chengtou.yaml": (REPO / "examples" / "units" / "chengtou.yaml").read_text(encoding="utf-8")}


@pytest.fixture(scope="module")
def client(builtin: checklists.Library) -> TestClient:
    return TestClient(make_app(builtin, Limits(units=10)))


def test_a_pack_is_the_librarys_and_valid_against_the_schema(client: TestClient,
                                                              builtin: checklists.Library) -> None:
    answer = client.post("/packs", json={"unit": UNIT, "round": ROUND})
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    pack = answer.json()
    jsonschema.validate(pack, load("pack"))
    assert pack == builtin.generate(UNIT, ROUND).model_dump(mode="json")


def test_bad_input_is_problem_details_with_the_codes_of_validate(client: TestClient, tmp_path: Any,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    bad = {**UNIT, "type": "vilage", "attributes": {"households": "多"}}
    answer = client.post("/packs", json={"unit": bad, "round": ROUND})
    assert answer.status_code == 422 and answer.headers["content-type"] == "application/problem+json"
    body = answer.json()
    assert body["status"] == 422 and body["type"] == f"urn:checklists:problem:{body['problems'][0]['code']}"
    (tmp_path / "unit.yaml").write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    main(["validate", str(tmp_path / "unit.yaml"), "--format", "json"])
    expected = {p["code"] for p in json.loads(capsys.readouterr().out)}
    assert {p["code"] for p in body["problems"]} == expected == {"ref.unknown-unit-type"}
    chinese = client.post("/packs", json={"unit": bad, "round": ROUND}, headers={"Accept-Language": "zh-CN"}).json()
    assert chinese["title"] == "提交的内容有问题" and chinese["problems"][0]["message"] == "未知的单位类型“vilage”"


def test_a_round_as_yaml_or_as_its_files(client: TestClient) -> None:
    single = client.post("/rounds/packs", content=FILES["round.yaml"].encode(),
                         headers={"Content-Type": "application/yaml"})
    assert single.status_code == 422  # it names a unit file, which a lone YAML body cannot bring
    assert [(p["code"], p["line"] > 0) for p in single.json()["problems"]] == [("service.files", True)]
    packs = client.post("/rounds/packs", json={"files": FILES})
    assert packs.status_code == 200
    assert [p["unit"]["name"] for p in packs.json()] == ["张庄村", "李洼村", "县人民医院", "县城市建设投资集团有限公司"]
    missing = client.post("/rounds/packs", json={"files": {"round.yaml": FILES["round.yaml"]}})
    assert [(p["code"], p["file"]) for p in missing.json()["problems"]] == [("load.unreadable", "units/chengtou.yaml")]


def test_the_files_of_a_round_come_as_a_zip(client: TestClient) -> None:
    answer = client.post("/rounds?formats=docx,xlsx,letters", json={"files": FILES})
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(answer.content)).namelist()
    assert sum(n.endswith(".docx") for n in names) == 4 + 1 + len([n for n in names if "商请函" in n])
    assert any(n.endswith("-汇编.docx") for n in names) and sum(n.endswith(".xlsx") for n in names) == 1
    wrong = client.post("/rounds?formats=pdf", json={"files": FILES})
    assert wrong.status_code == 422 and wrong.json()["problems"][0]["code"] == "service.formats"


def test_explain_types_schemas_health_and_openapi(client: TestClient) -> None:
    why = client.post("/explain?lang=zh", json={"unit": UNIT, "round": ROUND, "item": "common.leader.unity"}).json()
    assert why["entries"][0]["included"] and why["entries"][0]["rule"].startswith("画像 village")
    assert "规则：" in why["text"]
    types = client.get("/types").json()
    assert {t["id"] for t in types["unit_types"]} >= {"village", "hospital"} and types["signal_topics"]
    assert client.get("/schemas/pack").json() == load("pack")
    assert client.get("/schemas/nothing").status_code == 404
    assert client.get("/healthz").json()["items"] == len(checklists.load_library().items)
    document = client.get("/openapi.json").json()
    assert {"/packs", "/rounds", "/rounds/packs", "/explain", "/types", "/schemas/{name}", "/healthz"} <= set(
        document["paths"])
    assert {"Pack", "Unit", "Round"} <= set(document["components"]["schemas"])


def test_limits_answer_413_and_503(builtin: checklists.Library) -> None:
    small = TestClient(make_app(builtin, Limits(body_bytes=2_000, units=2, seconds=60)))
    assert small.post("/rounds/packs", json={"files": FILES}).status_code == 413  # over the body's bytes
    units = [{"id": f"u{n}", "name": f"村{n}", "type": "village"} for n in range(3)]
    over = small.post("/rounds/packs", json={**ROUND, "units": units})
    assert over.status_code == 413 and over.json()["problems"][0]["code"] == "service.too-many-units"
    slow = TestClient(make_app(builtin, Limits(seconds=0)))
    late = slow.post("/rounds/packs", json={**ROUND, "units": units})
    assert late.status_code == 503 and late.json()["problems"][0]["code"] == "service.time-limit"


@pytest.mark.parametrize("body", [b"", b"{", b"[]", b"null", b'"text"', b'{"unit": 1, "round": 2}',
                                  b'{"unit": {}, "round": {}}', b'{"files": {"a.yaml": 3}}',
                                  b'{"files": {"a.yaml": "a: [1"}}', "{\"unit\": \"\udc80\"}".encode("utf-8", "surrogatepass"),
                                  b"\xff\xfe", json.dumps({"unit": UNIT, "round": {**ROUND, "start": "soon"}}).encode(),
                                  b"[" * 100_000, b'{"unit":' * 50_000,
                                  json.dumps({"unit": {**UNIT, "attributes": {"households": "DEEP"}}, "round": ROUND})
                                  .replace('"DEEP"', "[" * 300 + "]" * 300).encode()])
def test_nothing_a_client_sends_answers_500(client: TestClient, body: bytes) -> None:
    for path in ("/packs", "/rounds/packs", "/explain", "/rounds"):
        for kind in ("application/json", "application/yaml"):
            answer = client.post(path, content=body, headers={"Content-Type": kind})
            assert answer.status_code in (400, 413, 422), (path, kind, answer.text)
            assert answer.json()["problems"], answer.text


def test_concurrent_requests_share_the_library(client: TestClient, builtin: checklists.Library) -> None:
    units = [{"id": f"v{n}", "name": f"村{n}", "type": "village", "attributes": {"households": 100 + n}}
             for n in range(16)]
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda u: client.post("/packs", json={"unit": u, "round": ROUND}), units))
    assert all(a.status_code == 200 for a in answers)
    assert [a.json() for a in answers] == [builtin.generate(u, ROUND).model_dump(mode="json") for u in units]


def test_the_page_and_its_files_are_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "巡察清单生成" in page.text
    assert "http://" not in page.text and "https://" not in page.text  # nothing fetched from elsewhere
    for name in ("app.js", "style.css"):
        assert client.get(f"/static/{name}").status_code == 200


def test_data_nested_deeper_than_a_file_may_hold_is_refused(builtin: checklists.Library) -> None:
    deep: object = []
    for _ in range(900):
        deep = [deep]
    with pytest.raises(checklists.ChecklistsError) as caught:
        builtin.generate({**UNIT, "attributes": {"households": deep}}, ROUND)
    assert [p.code for p in caught.value.problems] == ["load.too-deep"]
