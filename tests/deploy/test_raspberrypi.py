"""deploy/raspberrypi: the installer run into a scratch root and as a dry run, its units
checked by systemd itself, its configuration template by the kiosk's own loader (its script
by shellcheck: test_scripts.py)."""

import base64
import os
import re
import subprocess
import tomllib
from pathlib import Path

import pytest

from kiosk.config import ConfigError, load_config
from tests.deploy.installer import changes, mode, run_installer, systemd_verify

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "raspberrypi"
INSTALL = DEPLOY / "install.sh"
UNITS = ("kiosk.service", "kiosk-backup.service", "kiosk-backup.timer")


def install(*args: str, root: Path | None = None) -> subprocess.CompletedProcess:
    return run_installer(INSTALL, *args, root=root)


@pytest.mark.integration
def test_an_install_into_a_scratch_root_lays_out_everything_and_a_second_run_changes_nothing(
        tmp_path):
    first = install("--no-python", root=tmp_path)
    assert mode(tmp_path / "etc/kiosk/kiosk.toml") == 0o640
    config = (tmp_path / "etc/kiosk/kiosk.toml").read_text()
    assert re.search(r'^terminal_id = "[0-9A-Z]{3}"$', config, re.M), "a terminal id of its own"
    secret = tmp_path / "etc/kiosk/client_secret"
    assert mode(secret) == 0o600 and secret.read_text() == ""
    key = tmp_path / "etc/kiosk/ledger.key"  # the ledger's sealing key, apart from the ledger
    assert mode(key) == 0o600
    assert len(base64.b64decode(key.read_text().strip(), validate=True)) == 32
    assert (tmp_path / "var/lib/kiosk").is_dir()
    for unit in UNITS:
        assert (tmp_path / "etc/systemd/system" / unit).read_text() == (DEPLOY / unit).read_text()
    rules = (tmp_path / "etc/udev/rules.d/60-kiosk.rules").read_text()
    for vendor, product in (("054c", "06c1"), ("054c", "06c3"), ("04e6", "5591"),
                            ("072f", "2200")):
        assert f'ATTR{{idVendor}}=="{vendor}", ATTR{{idProduct}}=="{product}"' in rules
    blacklist = (tmp_path / "etc/modprobe.d/kiosk-nfc-blacklist.conf").read_text()
    assert re.findall(r"^blacklist (\S+)", blacklist, re.M) == ["port100", "pn533_usb", "pn533"]
    assert (tmp_path / "etc/pam.d/kiosk").exists()
    # The live system's steps are shown, not done, in a scratch root.
    for step in ("useradd --system", "usermod --append --groups video,render,input,plugdev,"
                 "dialout kiosk", "systemctl enable kiosk.service kiosk-backup.timer",
                 "env DEBIAN_FRONTEND=noninteractive apt-get install"):
        assert f"(not under --root) {step}" in first.stdout, step
    again = install("--no-python", root=tmp_path)
    assert changes(again) == []


@pytest.mark.integration
def test_a_configuration_someone_filled_in_is_kept_when_the_installer_runs_again(tmp_path):
    install("--no-python", root=tmp_path)
    config = tmp_path / "etc/kiosk/kiosk.toml"
    config.write_text(config.read_text().replace('name = "CHANGE-ME"', 'name = "골목 카페"'))
    (tmp_path / "etc/kiosk/client_secret").write_text("s3cret\n")
    key = (tmp_path / "etc/kiosk/ledger.key").read_text()
    install("--no-python", root=tmp_path)
    assert (tmp_path / "etc/kiosk/ledger.key").read_text() == key  # or every token is lost
    assert 'name = "골목 카페"' in config.read_text()
    assert (tmp_path / "etc/kiosk/client_secret").read_text() == "s3cret\n"


@pytest.mark.integration
def test_the_eglfs_session_is_a_drop_in_that_goes_again_with_cage(tmp_path):
    install("--no-python", "--session", "eglfs", root=tmp_path)
    drop_in = tmp_path / "etc/systemd/system/kiosk.service.d/eglfs.conf"
    assert "QT_QPA_PLATFORM=eglfs" in drop_in.read_text()
    install("--no-python", root=tmp_path)
    assert not drop_in.exists()


@pytest.mark.integration
def test_uninstall_removes_everything_but_the_ledger(tmp_path):
    install("--no-python", root=tmp_path)
    ledger = tmp_path / "var/lib/kiosk/ledger.sqlite3"
    ledger.write_bytes(b"the shop's books")
    (tmp_path / "opt/kiosk/releases/0.1.0-abc").mkdir(parents=True)
    install("--uninstall", root=tmp_path)
    left = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert left == ["var/lib/kiosk/ledger.sqlite3"]
    assert ledger.read_bytes() == b"the shop's books"


@pytest.mark.integration
def test_a_dry_run_prints_every_step_and_changes_nothing(tmp_path):
    before = sorted(tmp_path.rglob("*"))
    run = install("--dry-run", root=tmp_path)
    assert sorted(tmp_path.rglob("*")) == before
    for step in ("install -m 0640", "kiosk.toml", "install -m 0600 /dev/null",
                 "python3 -m venv", "pip install", "run --offscreen --quit-after 3",
                 "mv -T", "ln -sfn releases/", "systemctl restart kiosk.service"):
        assert step in run.stdout, step


@pytest.mark.parametrize(("codename", "pinned"), [("bookworm", True), ("trixie", False)])
@pytest.mark.integration
def test_bookworm_gets_pyside6_below_6_8_1(tmp_path, codename, pinned):
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc/os-release").write_text(f'ID=debian\nVERSION_CODENAME="{codename}"\n')
    run = install("--dry-run", root=tmp_path)
    assert ("--constraint" in run.stdout) is pinned
    assert ("PySide6 below 6.8.1" in run.stdout) is pinned


@pytest.mark.integration
def test_rollback_points_the_service_back_at_the_release_before(tmp_path):
    releases = tmp_path / "opt/kiosk/releases"
    for name in ("0.1.0-old", "0.1.0-new"):
        (releases / name).mkdir(parents=True)
    (tmp_path / "opt/kiosk/current").symlink_to("releases/0.1.0-new")
    (tmp_path / "opt/kiosk/previous").symlink_to("releases/0.1.0-old")
    run = install("--rollback", root=tmp_path)
    assert os.readlink(tmp_path / "opt/kiosk/current") == "releases/0.1.0-old"
    assert os.readlink(tmp_path / "opt/kiosk/previous") == "releases/0.1.0-new"
    assert "(not under --root) systemctl restart kiosk.service" in run.stdout


@pytest.mark.integration
def test_systemd_finds_nothing_wrong_with_the_units(tmp_path):
    """`systemd-analyze verify` in the scratch root: systemd's own units beside ours, and
    empty executables where the kiosk and cage would be (verify checks that they exist)."""
    install("--no-python", "--session", "eglfs", root=tmp_path)
    assert systemd_verify(tmp_path, list(UNITS),
                          ["usr/bin/cage", "opt/kiosk/current/bin/kiosk"]) == ""


def test_the_service_is_a_notify_service_with_a_watchdog_that_reconciles_first():
    unit = (DEPLOY / "kiosk.service").read_text()
    for line in ("Type=notify", "NotifyAccess=all", "WatchdogSec=30", "Restart=always",
                 "ExecStartPre=-/opt/kiosk/current/bin/kiosk reconcile", "User=kiosk",
                 "ExecStart=/usr/bin/cage -d -- /opt/kiosk/current/bin/kiosk run --fullscreen"):
        assert line in unit.splitlines(), line


def test_the_configuration_template_names_what_to_fill_in_and_loads_once_filled(tmp_path):
    template = (DEPLOY / "kiosk.toml").read_text()
    config = tmp_path / "kiosk.toml"
    config.write_text(template)
    with pytest.raises(ConfigError, match=r"institution_code: 'CHANGE-ME' must be"):
        load_config(config)
    config.write_text(template.replace('institution_code = "CHANGE-ME"',
                                       'institution_code = "M202200382"')
                      .replace('terminal_id = "CHANGE-ME"', 'terminal_id = "Q7X"')
                      .replace('contract_account_num = "CHANGE-ME"',
                               'contract_account_num = "3020000012345"')
                      .replace('contract_bank_code = "CHANGE-ME"', 'contract_bank_code = "011"'))
    loaded = load_config(config)
    assert loaded.data_dir == "/var/lib/kiosk"
    assert loaded.openbanking.client_secret_file == "/etc/kiosk/client_secret"


@pytest.mark.integration
def test_a_terminal_gets_a_server_table_and_the_steps_that_make_and_register_its_key(
        tmp_path):
    first = install("--no-python", "--server", "https://chain.example.kr", root=tmp_path)
    config = tmp_path / "etc/kiosk/kiosk.toml"
    assert tomllib.loads(config.read_text())["server"] == {
        "url": "https://chain.example.kr", "key_file": "/etc/kiosk/terminal.key"}
    assert ("(not under --root) /opt/kiosk/current/bin/kiosk --config /etc/kiosk/kiosk.toml "
            "terminal key") in first.stdout
    assert "then, on the server: kiosk terminal add " in first.stdout
    assert changes(install("--no-python", "--server", "https://chain.example.kr",
                           root=tmp_path)) == []
    install("--no-python", "--server", "https://new.example.kr/a?b=1&c=2", root=tmp_path)
    assert tomllib.loads(config.read_text())["server"]["url"] == "https://new.example.kr/a?b=1&c=2"
    assert config.read_text().count("[server]") == 1


@pytest.mark.parametrize("url", ["http://chain.example.kr", "chain.example.kr",
                                 'https://chain.example.kr/"x', "https://a b"])
@pytest.mark.integration
def test_a_server_url_that_is_not_https_is_refused_in_one_line(tmp_path, url):
    run = subprocess.run(["bash", str(INSTALL), "--root", str(tmp_path), "--server", url],
                         capture_output=True, text=True)
    assert run.returncode == 2
    assert run.stderr == ("install.sh: --server must be the chain server's https:// URL "
                          f"(http:// only for localhost), not '{url}'\n")
    assert list(tmp_path.iterdir()) == []
