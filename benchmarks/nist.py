"""Peer workload: NIST SP 800-53 rev5 as a checklists library, against compliance-trestle.

The catalog becomes one library layer: each control (and enhancement) a problem item whose text
is the control's statement, each of the 20 groups a section, each control parameter a library
parameter (its value the parameter's label or choices, as an assessor reads it). A unit
attribute ``baseline`` (low, moderate, high, or catalog for all) selects controls: every item's
condition names the baselines whose profiles list it. So the MODERATE unit's pack holds exactly
the 287 controls of the MODERATE profile; :func:`check_selection` asserts that.

trestle resolves the same MODERATE profile against the same catalog
(``ProfileResolver.get_resolved_profile_catalog``) in a throwaway trestle workspace.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

PEER = Path(__file__).resolve().parent.parent.parent / "shared" / "peers" / "nist-sp800-53-rev5"
CATALOG = "NIST_SP-800-53_rev5_catalog.json"
BASELINES = ("low", "moderate", "high")
_INSERT = re.compile(r"\{\{\s*insert:\s*param,\s*([A-Za-z0-9_.\-]+)\s*\}\}")


def peer_folder() -> Path:
    if not (PEER / CATALOG).is_file():
        raise SystemExit(f"the NIST peer data is not at {PEER}")
    return PEER


def _param_name(oscal_id: str) -> str:
    return "nist." + re.sub(r"[^a-z0-9]+", "_", oscal_id.lower()).strip("_")


def _param_value(param: dict[str, Any]) -> str:
    if "select" in param:
        choices = [_INSERT.sub(lambda m: f"[{m.group(1)}]", c) for c in param["select"].get("choice", [])]
        return "[Selection: " + "; ".join(choices) + "]"
    return f"[Assignment: {param.get('label', param['id'])}]"


def _prose(part: dict[str, Any]) -> list[str]:
    label = next((p["value"] for p in part.get("props", []) if p["name"] == "label"), "")
    lines = []
    if part.get("prose"):
        lines.append(f"{label} {part['prose'].strip()}".strip())
    for child in part.get("parts", []):
        lines.extend(_prose(child))
    return lines


def _controls(group: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for control in group.get("controls", []):
        found.append(control)
        found.extend(control.get("controls", []))  # enhancements
    return found


def baseline_ids(name: str) -> list[str]:
    profile = json.loads((peer_folder() / f"NIST_SP-800-53_rev5_{name.upper()}-baseline_profile.json").read_text())
    return [i for imp in profile["profile"]["imports"] for sel in imp["include-controls"] for i in sel["with-ids"]]


def write_layer(root: Path) -> dict[str, int]:
    """Write the catalog as a library layer at ``root``; return counts."""
    catalog = json.loads((peer_folder() / CATALOG).read_text())["catalog"]
    member = {b: set(baseline_ids(b)) for b in BASELINES}
    params: dict[str, str] = {}
    sections = []
    controls = 0
    (root / "problem").mkdir(parents=True)
    for group in catalog["groups"]:
        sections.append({"id": group["id"], "title": group["title"]})
        items = []
        for control in _controls(group):
            for param in control.get("params", []):
                params[_param_name(param["id"])] = _param_value(param)
            statement = next((p for p in control.get("parts", []) if p["name"] == "statement"), None)
            lines = _prose(statement) if statement else []
            text = control["title"] + (": " + " ".join(lines) if lines else "")
            text = _INSERT.sub(lambda m: "{" + _param_name(m.group(1)) + "}", text)
            within = ["catalog", *(b for b in BASELINES if control["id"] in member[b])]
            items.append({"id": f"nist.{control['id']}", "text": text, "basis": ["nist.sp800-53r5"],
                          "methods": ["document_review"], "when": {"attributes": {"baseline": {"in": within}}}})
            controls += 1
        fragment = {"kind": "problem", "group": f"nist.{group['id']}", "section": group["id"],
                    "programs": ["assessment"], "items": items}
        _dump(root / "problem" / f"{group['id']}.yaml", fragment)
    _dump(root / "library.yaml", {"name": "nist", "version": "5.0.1"})
    _dump(root / "programs" / "assessment.yaml", {"id": "assessment", "label": "Control assessment"})
    _dump(root / "unit_types" / "system.yaml", {
        "id": "system", "label": "Information system",
        "attributes": {"baseline": {"type": "enum", "label": "Baseline", "values": ["catalog", *BASELINES]}}})
    _dump(root / "profiles" / "system.yaml", {
        "id": "system", "label": "Information system",
        "sections": {"policy": [{"id": "standards", "title": "Standards"}],
                     "function": [{"id": "basic_facts", "title": "System facts"}], "problem": sections},
        "include": {"groups": ["nist.*"]}, "params": params})
    _dump(root / "policy" / "nist.yaml", {
        "kind": "policy", "group": "nist.standards", "section": "standards", "programs": ["assessment"],
        "items": [{"id": "nist.sp800-53r5", "text": "Security and privacy controls for information systems.",
                   "citation": {"title": "NIST SP 800-53 Rev. 5", "issuer": "NIST", "year": 2020}}]})
    return {"controls": controls, "groups": len(sections), "params": len(params)}


def _dump(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


def unit(baseline: str) -> dict[str, Any]:
    return {"id": f"sys-{baseline}", "name": f"{baseline.upper()} system", "type": "system",
            "attributes": {"baseline": baseline}}


ROUND = {"id": "assess-1", "name": "Assessment", "programs": ["assessment"], "start": "2026-03-01"}


def check_selection(lib: Any) -> dict[str, int]:
    """Each baseline unit's pack holds exactly that baseline's controls; return the counts."""
    counts = {}
    for name in (*BASELINES, "catalog"):
        pack = lib.generate(unit(name), ROUND)
        got = {i.id.removeprefix("nist.") for i in pack.problem.items}
        if name != "catalog":
            wanted = set(baseline_ids(name))
            assert got == wanted, f"{name}: {len(got ^ wanted)} controls differ"
        assert not any("{" in i.text for i in pack.problem.items), "a parameter was left unfilled"
        counts[name] = len(got)
    return counts


class TrestleWorkspace:
    """A throwaway trestle workspace holding the catalog and the MODERATE profile."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="trestle-bench-"))
        trestle = Path(sys.executable).with_name("trestle")
        subprocess.run([str(trestle), "init"], cwd=self.root, check=True, capture_output=True)
        (self.root / "catalogs" / "nist").mkdir(parents=True)
        shutil.copy(peer_folder() / CATALOG, self.root / "catalogs" / "nist" / "catalog.json")
        profile = json.loads((peer_folder() / "NIST_SP-800-53_rev5_MODERATE-baseline_profile.json").read_text())
        for imp in profile["profile"]["imports"]:
            imp["href"] = "trestle://catalogs/nist/catalog.json"
        self.profile = self.root / "profiles" / "moderate" / "profile.json"
        self.profile.parent.mkdir(parents=True)
        self.profile.write_text(json.dumps(profile))

    def resolve(self) -> int:
        from trestle.core.profile_resolver import ProfileResolver

        resolved = ProfileResolver.get_resolved_profile_catalog(self.root, str(self.profile))
        count = 0
        for group in resolved.groups or []:
            for control in getattr(group, "controls", None) or []:
                count += 1 + len(control.controls or [])  # a control and its enhancements
        return count

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
