"""The composition root: the configured bank, or in a demo the testbed inside the process."""

import time

import pytest

from kiosk.bootstrap import bootstrap, engine_settings
from kiosk.config import ConfigError
from kiosk.context import make_context
from payments.codes import CodeRefused, read_code
from payments.openbanking.outcomes import Outcome
from wallet.issuer import load_or_create_issuer


@pytest.mark.integration
def test_a_demo_without_a_bank_url_runs_the_testbed_in_process(tmp_path, monkeypatch):
    monkeypatch.delenv("KIOSK_CLIENT_SECRET", raising=False)
    with bootstrap(make_context(None, str(tmp_path), demo=True)) as services:
        assert services.testbed is not None
        assert services.client.institution_token().outcome is Outcome.APPROVED
        assert (tmp_path / "testbed.sqlite3").exists() and (tmp_path / "ledger.sqlite3").exists()
        # The demo's customers are enrolled, so a demo code can be paid at once.
        assert services.ledger.customer(services.testbed.bank.accounts()[1]["fintech_use_num"])


def test_a_real_configuration_must_name_its_bank(tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_CLIENT_SECRET", "x")
    path = tmp_path / "kiosk.toml"
    path.write_text('[merchant]\nname = "가게"\n[openbanking]\nclient_id = "a"\n'
                    'institution_code = "M202200382"\ncontract_account_num = "1"\n'
                    'contract_bank_code = "011"\n')
    with pytest.raises(ConfigError, match=r"openbanking\.base_url: missing"):
        bootstrap(make_context(str(path), str(tmp_path), demo=False))


def test_a_wallet_key_made_after_the_kiosk_started_is_trusted_without_a_restart(tmp_path):
    policy = engine_settings(make_context(None, str(tmp_path), demo=True)).codes
    issuer = load_or_create_issuer(tmp_path)  # `kiosk wallet` starts after the kiosk
    now = time.time()
    code, _, _ = issuer.sign("120220038200000000000001", now, 60)
    assert read_code(code, policy, now).kid == issuer.kid
    (tmp_path / "wallet" / "jwks.json").write_text('{"keys": [{"kty": "OKP", "crv": '
                                                  '"Ed25519", "kid": "x", "x": "AAAA"}]}')
    with pytest.raises(CodeRefused, match="issuer key is not known"):
        read_code(code, policy, now)  # the wallet's key replaced: its old codes are not
