"""deploy/wallet: the wallet's unit checked by systemd itself, listening on loopback behind
the TLS proxy, which passes only the wallet's own paths and keeps no access log."""

import shutil
from pathlib import Path

import pytest

from tests.deploy.installer import systemd_verify

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "wallet"


@pytest.mark.integration
def test_systemd_finds_nothing_wrong_with_the_unit(tmp_path):
    unit_dir = tmp_path / "etc/systemd/system"
    unit_dir.mkdir(parents=True)
    shutil.copy(DEPLOY / "kiosk-wallet.service", unit_dir)
    (tmp_path / "etc/kiosk").mkdir(parents=True)
    shutil.copy(DEPLOY / "wallet.env", tmp_path / "etc/kiosk")
    assert systemd_verify(tmp_path, ["kiosk-wallet.service"],
                          ["opt/kiosk/current/bin/kiosk"]) == ""


def test_the_wallet_listens_on_loopback_only_and_caddy_passes_its_paths_alone():
    unit = (DEPLOY / "kiosk-wallet.service").read_text()
    assert "--host 127.0.0.1" in unit and "--public-url ${WALLET_PUBLIC_URL}" in unit
    caddy = (DEPLOY / "Caddyfile").read_text()
    assert "reverse_proxy 127.0.0.1:8700" in caddy and "respond 404" in caddy
    assert "/enroll/done" in caddy and "/.well-known/jwks.json" in caddy
    assert "\n\tlog" not in caddy  # the bank's redirect URL carries an authorization code
