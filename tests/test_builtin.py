"""The built-in library on its own content: the example round is meaningful, types differ."""

from __future__ import annotations

from collections import Counter

import pytest

import checklists
from checklists.contentdoc import reachable

from .conftest import EXAMPLE_ROUND

ROUND = {"id": "2026-1", "name": "测试轮次", "start": "2026-03-01"}
TYPES = ("village", "community", "township", "hospital", "enterprise", "party_gov_organ", "school", "mass_org")
SHARED_GROUPS = ("common.", "program.", "theme.")
FOCUS = ("focus_policy", "focus_corruption", "focus_party_building", "focus_rectification")


@pytest.fixture(scope="module")
def packs(builtin: checklists.Library) -> dict[str, checklists.Pack]:
    return {p.unit.id: p for p in builtin.generate_round(EXAMPLE_ROUND)}


def top_section(pack: checklists.Pack, section: str) -> str:
    parents = {s.id: s.parent for s in pack.problem.sections}
    return parents.get(section) or section


@pytest.mark.parametrize("unit_type", TYPES)
def test_each_type_has_its_own_problems_under_every_focus_area(builtin: checklists.Library, unit_type: str) -> None:
    own = [i for i in builtin.items.values() if i.kind == "problem" and i.group.startswith(f"{unit_type}.")]
    assert len(own) >= 40
    assert len([i for i in reachable(builtin, unit_type) if i.kind == "problem"]) >= 60
    pack = builtin.generate({"id": "u", "name": "某单位", "type": unit_type}, ROUND)
    areas = Counter(top_section(pack, i.section) for i in pack.problem.items)
    assert set(areas) == set(FOCUS), areas
    assert all(i.basis and i.methods for i in pack.problem.items)
    for kind in ("policy", "function", "supervision_info"):
        assert pack.checklist(kind).items, kind


def test_types_get_their_own_items_and_not_each_others(packs: dict[str, checklists.Pack]) -> None:
    prefixes = {"zz": "village.", "rmyy": "hospital.", "ct": "enterprise."}
    for unit_id, prefix in prefixes.items():
        ids = [i.id for i in packs[unit_id].problem.items]
        assert any(i.startswith(prefix) for i in ids)
        foreign = [p for p in prefixes.values() if p != prefix]
        assert not [i for i in ids if i.startswith(tuple(foreign))], unit_id


def test_example_village_is_classified_and_signalled(packs: dict[str, checklists.Pack]) -> None:
    zz = packs["zz"]
    assert {s.id for s in zz.classification.subtypes} >= {"resource_rich", "complex_social"}
    raised = [i for i in zz.problem.items if any(r.topic == "petition.land_compensation" for r in i.raised_by)]
    assert raised, "the 征地补偿 petition raises no item"
    assert any(i.id.startswith("village.resource.") for i in zz.problem.items)
    follow = [i for i in zz.problem.items if i.derived_from]
    assert [i.derived_from for i in follow] == ["previous_finding:f2023-1", "previous_finding:f2023-2"]
    assert "村集体机动地发包未经村民代表会议表决" in follow[0].text
    assert follow[0].section == "focus_rectification"


def test_lagging_village_differs_from_resource_rich(packs: dict[str, checklists.Pack]) -> None:
    lw, zz = packs["lw"], packs["zz"]
    assert "lagging" in {s.id for s in lw.classification.subtypes}
    lw_ids = {i.id for i in lw.problem.items}
    zz_ids = {i.id for i in zz.problem.items}
    assert any(i.startswith("village.lagging.") for i in lw_ids)
    assert not any(i.startswith("village.lagging.") for i in zz_ids)
    assert not any(i.startswith("village.resource.") for i in lw_ids)


def test_hospital_medical_insurance_signal(packs: dict[str, checklists.Pack]) -> None:
    raised = [i for i in packs["rmyy"].problem.items
              if any(r.topic == "medical_insurance.violation" for r in i.raised_by)]
    assert len(raised) >= 3
    assert {r.department for r in packs["rmyy"].requests} >= {"health_commission", "medical_insurance_bureau"}


def test_enterprise_subtype_and_own_three_fixes_data(packs: dict[str, checklists.Pack]) -> None:
    ct = packs["ct"]
    assert "construction_investment" in {s.id for s in ct.classification.subtypes}
    bodies = [i.text for i in ct.function.items if i.section == "internal_bodies"]
    assert bodies[0] == "党委办公室（董事会办公室）" and len(bodies) == 6
    assert "sasac" in {r.department for r in ct.requests}


@pytest.mark.parametrize(
    ("attributes", "subtype"),
    [
        ({"petitions": 12}, "complex_social"),
        ({"mineral_resources": True}, "resource_rich"),
        ({"collective_operating_income": 150}, "economically_active"),
        ({"resettlement": True}, "resettlement"),
        ({"collective_operating_income": 3}, "lagging"),
        ({"petitions": 1, "collective_operating_income": 40}, "harmonious_stable"),
    ],
)
def test_every_village_subtype_is_derived_and_adds_items(builtin: checklists.Library, attributes: dict[str, object],
                                                           subtype: str) -> None:
    pack = builtin.generate({"id": "v", "name": "某村", "type": "village", "attributes": attributes}, ROUND)
    assert subtype in {s.id for s in pack.classification.subtypes}
    plain = builtin.generate({"id": "v", "name": "某村", "type": "village"}, ROUND)
    added = {i.id for i in pack.problem.items} - {i.id for i in plain.problem.items}
    assert len(added) >= 3, (subtype, added)


def test_every_problem_basis_is_in_the_pack(packs: dict[str, checklists.Pack]) -> None:
    for pack in packs.values():
        policies = {i.id for i in pack.policy.items}
        for item in pack.problem.items:
            assert set(item.basis) <= policies, item.id


def test_round_before_a_revision_gets_the_old_version(builtin: checklists.Library) -> None:
    unit = {"id": "v", "name": "某村", "type": "village"}
    new = {i.id for i in builtin.generate(unit, ROUND).policy.items}
    old = {i.id for i in builtin.generate(unit, {**ROUND, "start": "2023-03-01"}).policy.items}
    assert "reg.inspection_work.2024" in new and "reg.inspection_work.2017" not in new
    assert "reg.inspection_work.2017" in old and "reg.inspection_work.2024" not in old


def test_joint_round_with_ideology_check(builtin: checklists.Library) -> None:
    unit = {"id": "v", "name": "某村", "type": "village"}
    solo = builtin.generate(unit, ROUND)
    joint = builtin.generate(unit, {**ROUND, "programs": ["xuncha", "ideology"]})
    shared = [i for i in joint.problem.items if i.id == "common.policy.ideology"]
    assert len(shared) == 1 and shared[0].programs == ("xuncha", "ideology")
    extra = {i.id for i in joint.problem.items} - {i.id for i in solo.problem.items}
    assert extra == {"program.ideology.positions", "program.ideology.incidents"}
    files = [m for m in joint.materials if m.id == "ideology_responsibility_files"]
    assert len(files) == 1 and len(files[0].needed_by) == 3


@pytest.mark.parametrize("unit_type", TYPES)
def test_no_foreign_items(builtin: checklists.Library, unit_type: str) -> None:
    utype = builtin.unit_types[unit_type].value
    unit = {"id": "u", "name": "某单位", "type": unit_type, "subtypes": [s.id for s in utype.subtypes]}
    pack = builtin.generate(unit, ROUND)
    for kind in ("function", "supervision_info", "problem"):
        for item in pack.checklist(kind).items:
            if item.provenance.layer == "unit" or item.derived_from:
                continue
            group = builtin.items[item.id].group
            assert group.startswith((f"{unit_type}.", *SHARED_GROUPS)), (unit_type, item.id, group)


def _subtype_cases() -> list[tuple[str, str]]:
    lib = checklists.load_library()
    return [(t, s.id) for t, d in lib.unit_types.items() for s in d.value.subtypes]


@pytest.mark.parametrize(("unit_type", "subtype"), _subtype_cases())
def test_every_subtype_adds_items_of_its_own(builtin: checklists.Library, unit_type: str, subtype: str) -> None:
    plain = builtin.generate({"id": "u", "name": "某单位", "type": unit_type}, ROUND)
    typed = builtin.generate({"id": "u", "name": "某单位", "type": unit_type, "subtypes": [subtype]}, ROUND)
    added = {i.id for i in typed.problem.items} - {i.id for i in plain.problem.items}
    minimum = {"village": 8, "community": 6}.get(unit_type, 3)
    if unit_type == "party_gov_organ" and subtype not in ("political_legal", "party_committee_dept"):
        minimum = 8  # each sector (财政, 住建 …) and each 政法 organ has its own powers and business
    assert len(added) >= minimum, (subtype, sorted(added))


@pytest.mark.parametrize("unit_type", TYPES)
def test_a_plain_unit_gets_at_least_seventy_problem_items(builtin: checklists.Library, unit_type: str) -> None:
    pack = builtin.generate({"id": "u", "name": "某单位", "type": unit_type}, ROUND)  # no attributes, no subtype
    assert len(pack.problem.items) >= 70, len(pack.problem.items)


def test_builtin_library_is_lint_clean(builtin: checklists.Library) -> None:
    assert [str(p) for p in builtin.lint()] == []


def test_at_least_sixty_documents(builtin: checklists.Library) -> None:
    titles = {i.spec.citation.title for i in builtin.items.values() if i.kind == "policy"}  # type: ignore[union-attr]
    assert len(titles) >= 60


def test_all_types_example_round(builtin: checklists.Library) -> None:
    packs = {p.unit.id: p for p in builtin.generate_round(EXAMPLE_ROUND.parent / "all_types.yaml")}
    subtypes = {uid: [s.id for s in p.classification.subtypes] for uid, p in packs.items()}
    assert subtypes == {
        "v1": ["economically_active", "resettlement"], "c1": ["commercial_residential"], "t1": [],
        "h1": ["tcm"], "e1": ["public_utility"], "o1": ["political_legal", "public_security"], "s1": ["boarding", "high_school"],
        "m1": [],
    }
    assert {p.classification.type for p in packs.values()} == set(TYPES)
    for pack in packs.values():
        assert len(pack.problem.items) >= 60, pack.unit.id


@pytest.mark.parametrize(("theme", "unit_type"), [
    ("rural_revitalization", "village"), ("medical_insurance", "hospital"), ("grain", "enterprise"),
    ("development_zone", "party_gov_organ"), ("grassroots_corruption", "township"),
    ("rectification_followup", "school"),
])
def test_special_round_themes_add_items(builtin: checklists.Library, theme: str, unit_type: str) -> None:
    unit = {"id": "u", "name": "某单位", "type": unit_type}
    regular = {i.id for i in builtin.generate(unit, ROUND).problem.items}
    special = builtin.generate(unit, {**ROUND, "mode": "special", "theme": theme})
    added = [i for i in special.problem.items if i.id not in regular]
    assert len(added) >= 2 and all(i.id.startswith(f"theme.{theme}.") or "theme" in i.provenance.rule
                                   for i in added), [i.id for i in added]


def test_political_legal_joint_round_lists_shared_items_once(builtin: checklists.Library) -> None:
    unit = {"id": "o", "name": "县公安局", "type": "party_gov_organ", "attributes": {"organ_kind": "公安机关"}}
    pack = builtin.generate(unit, {**ROUND, "programs": ["xuncha", "political_supervision", "rule_of_law"]})
    ids = [i.id for i in pack.problem.items]
    assert len(ids) == len(set(ids))
    joint = [i for i in pack.problem.items if len(i.programs) > 1]
    assert {p for i in joint for p in i.programs} >= {"xuncha", "political_supervision", "rule_of_law"}
    village = builtin.generate({"id": "v", "name": "某村", "type": "village"},
                               {**ROUND, "programs": ["xuncha", "political_supervision"]})
    assert village.round.programs == ("xuncha",)  # the program does not apply to villages
