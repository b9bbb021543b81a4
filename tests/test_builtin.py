"""The built-in library on its own content: the example round is meaningful, types differ."""

from __future__ import annotations

from collections import Counter

import pytest

import checklists

from .conftest import EXAMPLE_ROUND

ROUND = {"id": "2026-1", "name": "测试轮次", "start": "2026-03-01"}
TYPES = ("village", "hospital", "enterprise")
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
    assert len(own) >= 20
    pack = builtin.generate({"id": "u", "name": "某单位", "type": unit_type}, ROUND)
    areas = Counter(top_section(pack, i.section) for i in pack.problem.items)
    assert set(areas) == set(FOCUS), areas
    assert all(i.basis and i.methods for i in pack.problem.items)
    for kind in ("policy", "function", "supervision_info"):
        assert pack.checklist(kind).items, kind  # type: ignore[arg-type]


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
    assert [i.derived_from for i in follow] == ["previous_finding:f2023-1"]
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
    assert len(shared) == 1 and shared[0].programs == ["xuncha", "ideology"]
    extra = {i.id for i in joint.problem.items} - {i.id for i in solo.problem.items}
    assert extra == {"program.ideology.positions", "program.ideology.incidents"}
    files = [m for m in joint.materials if m.id == "ideology_responsibility_files"]
    assert len(files) == 1 and len(files[0].needed_by) == 3
