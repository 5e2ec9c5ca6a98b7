"""The same format checks, run on answers the real KFTC testbed gave (tests/conformance/
recorded/): each file names its source and every way it differs from KFTC's pages, so a
check that drifts from what the centre really sends fails here."""

import json
from pathlib import Path

import pytest

from tests.conformance.conftest import claims
from tests.conformance.spec import ANSWERS, ISSUER, JWT_CLAIMS, TOKEN_USER, problems

RECORDED = sorted((Path(__file__).parent / "recorded").glob("*.json"))


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", [p for p in RECORDED if load(p)["api"] != "token"],
                         ids=lambda p: p.stem)
def test_a_recorded_answer_differs_only_as_written_down(path):
    record = load(path)
    spec = ANSWERS[record["api"]]
    if "item_of" in record:
        spec = spec[record["item_of"]][0]
    found = [problem.split(" is not ")[0] for problem in problems(record["answer"], spec)]
    assert sorted(found) == sorted(record["differences"])
    assert all(why for why in record["differences"].values())


def test_the_recorded_token_has_the_claims_the_testbed_issues(kftc):
    recorded = load(Path(__file__).parent / "recorded" / "token.json")["answer"]
    assert problems({**recorded, "access_token": "x", "refresh_token": "x"}, TOKEN_USER) == []
    ours = kftc.user_token("login inquiry transfer cardinfo fintechinfo")
    assert set(claims(ours["access_token"])) == set(recorded["access_token_claims"]) \
        == set(JWT_CLAIMS)
    assert claims(ours["access_token"])["scope"] == recorded["access_token_claims"]["scope"]
    assert ours["scope"] == recorded["scope"]
    assert recorded["access_token_claims"]["iss"] == ISSUER
