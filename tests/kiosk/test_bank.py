"""The kiosk's bank: the configured URL, or in a demo the testbed inside the process."""

import pytest

from kiosk.bank import connect_bank
from kiosk.config import ConfigError
from kiosk.context import make_context
from payments.openbanking.outcomes import Outcome


@pytest.mark.integration
def test_a_demo_without_a_bank_url_runs_the_testbed_in_process(tmp_path, monkeypatch):
    monkeypatch.delenv("KIOSK_CLIENT_SECRET", raising=False)
    connection = connect_bank(make_context(None, str(tmp_path), demo=True))
    try:
        assert connection.testbed is not None
        assert connection.client.institution_token().outcome is Outcome.APPROVED
        assert (tmp_path / "testbed.sqlite3").exists() and (tmp_path / "ledger.sqlite3").exists()
    finally:
        connection.close()


def test_a_real_configuration_must_name_its_bank(tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_CLIENT_SECRET", "x")
    path = tmp_path / "kiosk.toml"
    path.write_text('[merchant]\nname = "가게"\n[openbanking]\nclient_id = "a"\n'
                    'institution_code = "M202200382"\ncontract_account_num = "1"\n'
                    'contract_bank_code = "011"\n')
    with pytest.raises(ConfigError, match=r"openbanking\.base_url: missing"):
        connect_bank(make_context(str(path), str(tmp_path), demo=False))
