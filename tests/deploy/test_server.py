"""deploy/server: the chain server's installer run into a scratch root and as a dry run, its
PostgreSQL set-up run against a real PostgreSQL, its unit checked by systemd and its
Caddyfile by Caddy itself."""

import base64
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.config import ConfigError, load_config
from payments.passwords import verify_password
from server.terminal_auth import public_key_text
from tests.deploy.installer import DEPLOY, changes, mode, run_installer, systemd_verify

SERVER = DEPLOY / "server"

pytestmark = pytest.mark.integration  # runs the installers, systemd-analyze, caddy


def install(*args: str, root: Path | None = None) -> subprocess.CompletedProcess:
    return run_installer(SERVER / "install.sh", *args, root=root)


def test_an_install_makes_every_secret_0600_once_and_a_second_run_changes_nothing(tmp_path):
    first = install("--no-python", "--domain", "chain.example.kr", root=tmp_path)
    etc = tmp_path / "etc/kiosk-server"
    config = etc / "kiosk.toml"
    assert mode(config) == 0o640
    assert re.search(r'^terminal_id = "[0-9A-Z]{3}"$', config.read_text(), re.M)
    assert 'redirect_uri = "https://chain.example.kr/enroll/done"' in config.read_text()
    assert mode(etc / "client_secret") == 0o600 and (etc / "client_secret").read_text() == ""
    assert mode(etc / "ledger.key") == 0o600
    assert len(base64.b64decode((etc / "ledger.key").read_text().strip(), validate=True)) == 32
    first_password = tmp_path / "root/kiosk-server-owner-password"
    assert mode(first_password) == 0o600 and mode(etc / "owner_password") == 0o600
    password = first_password.read_text().strip()
    assert len(password) >= 24
    assert verify_password(password, (etc / "owner_password").read_text().strip())
    assert password not in first.stdout + first.stderr  # never shown, never logged
    unit = tmp_path / "etc/systemd/system/kiosk-server@.service"
    assert unit.read_text() == (SERVER / "kiosk-server@.service").read_text()
    admin = tmp_path / "usr/local/sbin/kiosk-server-admin"
    assert mode(admin) == 0o755
    assert admin.read_text() == (SERVER / "kiosk-server-admin.sh").read_text()
    caddyfile = (tmp_path / "etc/caddy/Caddyfile").read_text()
    assert "chain.example.kr {" in caddyfile and "example-shop" not in caddyfile
    for step in ("useradd --system", "chown kiosk-server:kiosk-server "
                 "/etc/kiosk-server/client_secret /etc/kiosk-server/ledger.key "
                 "/etc/kiosk-server/owner_password", "systemctl enable --now postgresql",
                 "postgres-setup.sh --env-file /etc/kiosk-server/database.env",
                 "systemctl enable kiosk-server@8801.service "
                 "kiosk-server@8802.service", "systemctl reload-or-restart caddy",
                 "apt-get install -y -qq --no-install-recommends python3 python3-venv "
                 "postgresql caddy"):
        assert any(line.startswith("+ (not under --root) ") and step in line
                   for line in first.stdout.splitlines()), step
    keys = {path.name: path.read_text() for path in etc.iterdir()}
    again = install("--no-python", "--domain", "chain.example.kr", root=tmp_path)
    assert changes(again) == []
    assert {path.name: path.read_text() for path in etc.iterdir()} == keys


def filled_in_configuration(folder: Path) -> Path:
    """The template as the owner fills it in."""
    config = folder / "kiosk.toml"
    config.write_text((SERVER / "kiosk.toml").read_text()
                      .replace('institution_code = "CHANGE-ME"', 'institution_code = "M202200382"')
                      .replace('terminal_id = "CHANGE-ME"', 'terminal_id = "Q7X"')
                      .replace('contract_account_num = "CHANGE-ME"',
                               'contract_account_num = "3020000012345"')
                      .replace('contract_bank_code = "CHANGE-ME"', 'contract_bank_code = "011"'))
    return config


def test_the_configuration_template_names_what_to_fill_in_and_loads_once_filled(tmp_path):
    template = tmp_path / "template.toml"
    template.write_text((SERVER / "kiosk.toml").read_text())
    with pytest.raises(ConfigError, match=r"institution_code: 'CHANGE-ME' must be"):
        load_config(template)
    loaded = load_config(filled_in_configuration(tmp_path))
    assert loaded.data_dir == "/var/lib/kiosk-server"
    assert loaded.openbanking.client_secret_file == "/etc/kiosk-server/client_secret"
    assert loaded.openbanking.sealing_key_file == "/etc/kiosk-server/ledger.key"
    assert loaded.server.url == ""  # the server itself, not a terminal


def test_a_dry_run_prints_every_step_and_changes_nothing(tmp_path):
    before = sorted(tmp_path.rglob("*"))
    run = install("--dry-run", root=tmp_path)
    assert sorted(tmp_path.rglob("*")) == before
    for step in ("install -m 0640", "kiosk.toml", "install -m 0600 /dev/null",
                 "owner_password", "python3 -m venv", "pip install",
                 "no --domain: /etc/caddy/Caddyfile left as it is"):
        assert step in run.stdout, step


def test_a_domain_that_is_not_a_host_name_is_refused_in_one_line(tmp_path):
    run = subprocess.run(["bash", str(SERVER / "install.sh"), "--root", str(tmp_path),
                          "--domain", "chain.kr; rm -rf /"], capture_output=True, text=True)
    assert run.returncode == 2
    assert run.stderr == ("install.sh: --domain is a host name such as chain.example-shop.kr, "
                          "not 'chain.kr; rm -rf /'\n")
    assert list(tmp_path.iterdir()) == []


def test_systemd_finds_nothing_wrong_with_the_unit(tmp_path):
    install("--no-python", root=tmp_path)
    assert systemd_verify(tmp_path, ["kiosk-server@8801.service"],
                          ["opt/kiosk-server/venv/bin/kiosk"]) == ""
    unit = (SERVER / "kiosk-server@.service").read_text().splitlines()
    for line in ("User=kiosk-server", "Restart=always", "UMask=0077",
                 "ExecStart=/opt/kiosk-server/venv/bin/kiosk server --host 127.0.0.1 "
                 "--port %i"):
        assert line in unit, line


def caddy_adapt(caddyfile: Path, tmp_path: Path) -> dict:
    """The Caddyfile as Caddy reads it (and validates it: modules, upstreams, TLS)."""
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path)}
    run = subprocess.run(["caddy", "adapt", "--config", str(caddyfile), "--adapter",
                          "caddyfile", "--validate"], capture_output=True, text=True, env=env,
                         timeout=60)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_caddy_serves_the_name_with_tls_and_spreads_over_both_processes(tmp_path):
    config = caddy_adapt(SERVER / "Caddyfile", tmp_path)
    server = config["apps"]["http"]["servers"]["srv0"]
    assert server["listen"] == [":443"]  # https, and Caddy gets the certificate itself
    text = json.dumps(server)
    assert '"host": ["chain.example-shop.kr"]' in text
    assert re.findall(r'"dial": "([^"]+)"', text) == ["127.0.0.1:8801", "127.0.0.1:8802"]
    assert '"Strict-Transport-Security": ["max-age=31536000"]' in text


@pytest.mark.parametrize("caddyfile", ["server/Caddyfile", "wallet/Caddyfile"])
def test_caddy_takes_every_caddyfile_we_ship(tmp_path, caddyfile):
    caddy_adapt(DEPLOY / caddyfile, tmp_path)


def setup_database(cluster, env_file: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PGHOST": str(cluster.folder), "PGPORT": str(cluster.port),
           "PGUSER": "kiosk"}  # as the cluster's superuser, as postgres is on a server
    return subprocess.run(["bash", str(SERVER / "postgres-setup.sh"), "--env-file",
                           str(env_file), *args], env=env, capture_output=True, text=True,
                          timeout=60)


def test_postgres_setup_makes_a_role_that_owns_its_database_and_nothing_more(
        postgres_cluster, tmp_path):
    env_file = tmp_path / "database.env"
    first = setup_database(postgres_cluster, env_file, "--role", "chain_a", "--database",
                           "books_a")
    assert first.returncode == 0, first.stdout + first.stderr
    assert mode(env_file) == 0o600
    name, url = env_file.read_text().strip().split("=", 1)
    assert name == "KIOSK_SERVER_DB"  # what `kiosk server` reads
    assert re.fullmatch(rf"postgresql://chain_a:[0-9a-f]{{48}}@127\.0\.0\.1:"
                        rf"{postgres_cluster.port}/books_a", url)
    password = url.split(":")[2].split("@")[0]
    assert password not in first.stdout + first.stderr
    with psycopg.connect(url) as db:  # the server migrates: it may make tables
        db.execute("CREATE TABLE payments (amount BIGINT NOT NULL)")
        assert db.execute("SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles "
                          "WHERE rolname = current_user").fetchone() == (False, False, False)
    again = setup_database(postgres_cluster, env_file, "--role", "chain_a", "--database",
                           "books_a")
    assert again.returncode == 0, again.stderr
    assert env_file.read_text().strip() == f"KIOSK_SERVER_DB={url}"
    assert "+ write" not in again.stdout
    with psycopg.connect(url) as db:
        assert db.execute("SELECT count(*) FROM payments").fetchone() == (0,)
    with psycopg.connect(postgres_cluster.url, autocommit=True) as admin:
        admin.execute("CREATE ROLE stranger LOGIN PASSWORD 'stranger'")
    stranger = url.replace(f"chain_a:{password}", "stranger:stranger")
    with pytest.raises(psycopg.OperationalError, match="permission denied for database"):
        psycopg.connect(stranger)


def test_postgres_setup_says_what_to_do_when_postgresql_is_not_there(tmp_path):
    env = {**os.environ, "PGHOST": str(tmp_path), "PGPORT": "1"}
    run = subprocess.run(["bash", str(SERVER / "postgres-setup.sh"), "--env-file",
                          str(tmp_path / "database.env")], env=env, capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 1
    assert run.stderr.splitlines()[-1] == ("postgres-setup.sh: PostgreSQL did not take it "
                                           "(see above): is it running? sudo systemctl start "
                                           "postgresql")
    assert not (tmp_path / "database.env").exists()


def test_the_admin_command_registers_terminals_in_the_database_postgres_setup_made(
        postgres_cluster, tmp_path):
    """deploy/server end to end, but for systemd: postgres-setup.sh writes the URL, and
    kiosk-server-admin runs `kiosk terminal ...` on those books with it."""
    env_file = tmp_path / "database.env"
    made = setup_database(postgres_cluster, env_file, "--role", "chain_b", "--database",
                          "books_b")
    assert made.returncode == 0, made.stderr
    kiosk = Path(sys.executable).parent / "kiosk"  # this checkout's, where the venv's is
    admin = tmp_path / "kiosk-server-admin"
    admin.write_text((SERVER / "kiosk-server-admin.sh").read_text()
                     .replace("/etc/kiosk-server/database.env", str(env_file))
                     .replace("/etc/kiosk-server/kiosk.toml",
                              str(filled_in_configuration(tmp_path)))
                     .replace("/var/lib/kiosk-server", str(tmp_path / "data"))
                     .replace("/opt/kiosk-server/venv/bin/kiosk", str(kiosk)))
    public = public_key_text(Ed25519PrivateKey.generate())

    def run(*words: str) -> str:
        done = subprocess.run(["sh", str(admin), *words], capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "postgresql://" not in done.stdout + done.stderr
        return done.stdout

    assert run("terminal", "add", "counter-9", public) == "registered terminal counter-9\n"
    [listed] = run("terminal", "list").splitlines()
    assert listed.startswith(f"counter-9  {public}  added ") and listed.endswith("active")
